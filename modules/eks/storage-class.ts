import { Construct } from 'constructs';
import { StorageClassV1 } from '@cdktf/provider-kubernetes/lib/storage-class-v1';
import { requireProp, validatedConstruct } from '../core';

/** Provisioner name of the Amazon EBS CSI driver. */
export const EBS_CSI_PROVISIONER = 'ebs.csi.aws.com';

/** Annotation that makes a StorageClass the cluster default. */
export const DEFAULT_STORAGE_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';

export interface Gp3StorageClassProps {
  /**
   * Name of the StorageClass.
   * @default 'gp3'
   */
  readonly name?: string;
  /**
   * Mark it as the cluster's default StorageClass (PVCs without `storageClassName` use it).
   * @default true
   */
  readonly isDefault?: boolean;
  /**
   * ARN of a customer-managed KMS key in the cluster's Region that encrypts the volumes; the EBS CSI
   * driver's role must be allowed to use it (`EbsCsiDriver.kmsKeys`).
   * @default - the account's AWS managed key aws/ebs
   */
  readonly kmsKeyArn?: string;
  /**
   * What happens to a volume when its claim is deleted.
   * @default 'Delete'
   */
  readonly reclaimPolicy?: 'Delete' | 'Retain';
}

const KMS_KEY_ARN = /^arn:(aws|aws-cn|aws-us-gov):kms:[a-z0-9-]+:\d{12}:key\/.+$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/**
 * An encrypted gp3 StorageClass provisioned by the Amazon EBS CSI driver (`ebs.csi.aws.com`),
 * by default the cluster's default class. Volumes bind when a pod is scheduled
 * (`WaitForFirstConsumer`), so they are created in the pod's Availability Zone, and can grow.
 * Needs a Kubernetes provider configured for the cluster and the EBS CSI add-on ({@link EbsCsiDriver}).
 */
@validatedConstruct
export class Gp3StorageClass extends Construct {
  private readonly storageClass: StorageClassV1;

  constructor(scope: Construct, id: string, props: Gp3StorageClassProps = {}) {
    super(scope, id);
    const name = props.name ?? 'gp3';
    requireProp(DNS_SUBDOMAIN.test(name), 'name', name, 'must be a Kubernetes object name (lower-case DNS subdomain)');
    if (props.kmsKeyArn !== undefined) {
      requireProp(KMS_KEY_ARN.test(props.kmsKeyArn), 'kmsKeyArn', props.kmsKeyArn, 'must be a KMS key ARN such as arn:aws:kms:us-east-1:111122223333:key/...');
    }
    const reclaimPolicy = props.reclaimPolicy ?? 'Delete';
    requireProp(reclaimPolicy === 'Delete' || reclaimPolicy === 'Retain', 'reclaimPolicy', reclaimPolicy, "must be 'Delete' or 'Retain'");

    this.storageClass = new StorageClassV1(this, 'StorageClass', {
      metadata: {
        name,
        annotations: { [DEFAULT_STORAGE_CLASS_ANNOTATION]: String(props.isDefault ?? true) },
      },
      storageProvisioner: EBS_CSI_PROVISIONER,
      parameters: {
        type: 'gp3',
        encrypted: 'true',
        ...(props.kmsKeyArn !== undefined ? { kmsKeyId: props.kmsKeyArn } : {}),
      },
      reclaimPolicy,
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
    });
  }

  /** Name of the StorageClass (a reference, so dependents wait for it). */
  public get storageClassName(): string {
    return this.storageClass.metadata.name;
  }
}
