import { Construct } from 'constructs';
import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { ITerraformDependable } from 'cdktf';
import { RegionalRef, irsaTrustPolicy, requireProp, validatedConstruct } from '../core';
import { EksCluster } from './cluster';
import { ManagedNodeGroup } from './node-group';
import { iamRoleName, managedPolicyArn } from './private/iam';

/** Name of the EKS add-on of the Amazon EBS CSI driver. */
export const EBS_CSI_ADDON_NAME = 'aws-ebs-csi-driver';

/** Namespace and service account of the driver's controller, as the add-on installs them. */
export const EBS_CSI_CONTROLLER_SERVICE_ACCOUNT = { namespace: 'kube-system', name: 'ebs-csi-controller-sa' } as const;

export interface EbsCsiDriverProps {
  /** Cluster that gets the add-on (its IAM OIDC provider trusts the driver's service account). */
  readonly cluster: EksCluster;
  /**
   * Node groups the driver's pods run on; the add-on is created after them (it stays DEGRADED
   * until nodes exist). At least one.
   */
  readonly nodeGroups: readonly ManagedNodeGroup[];
  /**
   * Customer-managed KMS keys that encrypt the volumes (a StorageClass `kmsKeyId`), in the
   * cluster's Region, by key ARN. The driver's role may use them and create grants for EBS.
   * @default - none: volumes use the account's AWS managed key `aws/ebs`, which needs no grant
   */
  readonly kmsKeys?: readonly RegionalRef[];
  /**
   * Add-on version, e.g. `v1.48.0-eksbuild.2`.
   * @default - the default version EKS picks for the cluster's Kubernetes version
   */
  readonly addonVersion?: string;
  /**
   * Tags for the IAM role and the add-on.
   * @default - no tags
   */
  readonly tags?: Readonly<Record<string, string>>;
}

const KMS_KEY_ARN = /^arn:(aws|aws-cn|aws-us-gov):kms:[a-z0-9-]+:\d{12}:key\/.+$/;

/**
 * The Amazon EBS CSI driver as an EKS managed add-on, with its IAM role for service accounts
 * (IRSA): the AWS managed policy `AmazonEBSCSIDriverPolicy`, plus use of the given KMS keys.
 * Without it, PersistentVolumeClaims on EBS stay Pending: since Kubernetes 1.23 EKS hands even the
 * in-tree `kubernetes.io/aws-ebs` provisioner to this driver (CSI migration).
 */
@validatedConstruct
export class EbsCsiDriver extends Construct {
  /** The driver's IAM role. */
  public readonly role: IamRole;
  private readonly addon: EksAddon;

  constructor(scope: Construct, id: string, props: EbsCsiDriverProps) {
    super(scope, id);
    const { cluster } = props;
    requireProp(props.nodeGroups.length > 0, 'nodeGroups', [], 'must list at least one node group for the driver pods');
    const kmsKeys = props.kmsKeys ?? [];
    for (const key of kmsKeys) {
      requireProp(
        key.region === cluster.region,
        'kmsKeys.region',
        key.region,
        `must be the cluster's region ${cluster.region} (EBS volumes use keys in their own Region)`,
      );
      requireProp(KMS_KEY_ARN.test(key.arn), 'kmsKeys.arn', key.arn, 'must be a KMS key ARN (IAM matches KMS requests on the key ARN, not an alias)');
    }
    if (props.addonVersion !== undefined) {
      requireProp(
        /^v\d+\.\d+\.\d+-eksbuild\.\d+$/.test(props.addonVersion),
        'addonVersion',
        props.addonVersion,
        'must be an add-on version such as v1.48.0-eksbuild.2',
      );
    }

    const sa = EBS_CSI_CONTROLLER_SERVICE_ACCOUNT;
    this.role = new IamRole(this, 'Role', {
      name: iamRoleName(cluster.clusterNameLiteral, 'ebs-csi', cluster.region),
      description: `Amazon EBS CSI driver (${sa.namespace}/${sa.name}) via IRSA`,
      assumeRolePolicy: irsaTrustPolicy(cluster.oidcProviderArn, cluster.oidcIssuerUrl, sa.namespace, sa.name),
      tags: props.tags ? { ...props.tags } : undefined,
    });
    const permissions: ITerraformDependable[] = [
      new IamRolePolicyAttachment(this, 'DriverPolicyAttachment', {
        role: this.role.name,
        policyArn: managedPolicyArn(cluster.region, 'service-role/AmazonEBSCSIDriverPolicy'),
      }),
    ];
    if (kmsKeys.length > 0) {
      const keyArns = kmsKeys.map((k) => k.arn);
      permissions.push(
        new IamRolePolicy(this, 'KmsPolicy', {
          name: 'ebs-csi-kms',
          role: this.role.id,
          // The policy AWS documents for the EBS CSI driver with customer-managed keys.
          policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'GrantKeysToEbs',
                Effect: 'Allow',
                Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
                Resource: keyArns,
                Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
              },
              {
                Sid: 'UseVolumeKeys',
                Effect: 'Allow',
                Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
                Resource: keyArns,
              },
            ],
          }),
        }),
      );
    }

    this.addon = new EksAddon(this, 'Addon', {
      clusterName: cluster.clusterName,
      addonName: EBS_CSI_ADDON_NAME,
      addonVersion: props.addonVersion,
      serviceAccountRoleArn: this.role.arn,
      resolveConflictsOnCreate: 'OVERWRITE',
      resolveConflictsOnUpdate: 'PRESERVE',
      tags: props.tags ? { ...props.tags } : undefined,
      // The controller pods need nodes to run on, and the role its permissions before they start.
      dependsOn: [...props.nodeGroups.map((g) => g.resource), ...permissions],
    });
  }

  /** ARN of the driver's IAM role. */
  public get roleArn(): string {
    return this.role.arn;
  }

  /** Add-on ARN. */
  public get addonArn(): string {
    return this.addon.arn;
  }
}
