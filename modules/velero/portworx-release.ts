import { Construct } from 'constructs';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { Release } from '@cdktf/provider-helm/lib/release';
import { stringify } from 'yaml';
import { isUnresolved, requireProp, validatedConstruct } from '../core';
import { EXACT_CHART_VERSION, stringSetEntries } from './private/helm';

/** Helm repository of the Portworx chart. */
export const PORTWORX_CHART_REPOSITORY = 'https://raw.githubusercontent.com/portworx/helm/master/stable';

export { DEFAULT_PORTWORX_CHART_VERSION, PORTWORX_INTERNAL_KVDB_NODES } from './constants';

/** Service account the Portworx operator creates for the Portworx pods (trusted by `PortworxIrsaRole`). */
export const PORTWORX_SERVICE_ACCOUNT = 'portworx';

const RELEASE_NAME = 'portworx';
const IRSA_ANNOTATION = 'eks.amazonaws.com/role-arn';

/** Namespace Portworx is installed in by default (its IRSA role trusts this namespace's service account). */
export const PORTWORX_NAMESPACE = 'portworx';
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export interface PortworxReleaseProps {
  /** Exact version of the `portworx` chart, e.g. `9.1.1` (see {@link DEFAULT_PORTWORX_CHART_VERSION}). */
  readonly chartVersion: string;
  /** Name of the Portworx StorageCluster (a DNS label, unique per cluster). */
  readonly clusterName: string;
  /**
   * Namespace Portworx is installed in (created if missing).
   * @default 'portworx'
   */
  readonly namespace?: string;
  /**
   * Cloud drive specs Portworx provisions on each storage node, as EBS volumes. Each must say
   * `enc=true`: Portworx's `enc` defaults to false (docs.portworx.com, "Disk provisioning on AWS").
   * Without `kms=` the drives use the account's EBS key (aws/ebs).
   * @default ['type=gp3,size=150,enc=true']
   */
  readonly driveSpecs?: string[];
  /**
   * ARN of the IAM role for the `portworx` service account (`PortworxIrsaRole.roleArn`). The chart puts
   * it in the StorageCluster's `workloadIdentity.credentials` (cloudProvider `aws`, key
   * `eks.amazonaws.com/role-arn`), and the operator annotates the service account with it, so the
   * cloud-drive permissions reach the pods in the same apply (no manual `kubectl annotate`).
   */
  readonly irsaRoleArn: string;
  /**
   * Helm provider for this cluster.
   * @default - the stack's default Helm provider
   */
  readonly helmProvider?: HelmProvider;
}

/**
 * Tag Portworx puts on every cloud drive it creates: `PortworxRelease` adds `tags=<key>:<clusterName>`
 * to each drive spec. The EBS volume template is
 * `type=<type>,size=<GiB>,...,enc=<bool>,kms=<CMK>,tags=<key:value;key:value>,...` (docs.portworx.com
 * "Disk Provisioning on AWS"), and Portworx passes the template's tags to CreateVolume's
 * TagSpecifications (libopenstorage/cloudops aws/aws.go Create). One tag only: the chart splits
 * `drives` on ";" into StorageCluster `cloudStorage.deviceSpecs` (portworx/helm 9.1.1,
 * charts/portworx/templates/storage-cluster.yaml), so a second `;key:value` would become a bogus
 * drive spec; and `key:value` has no ": ", so the unquoted YAML list item stays a string.
 * `PortworxIrsaRole` may destroy, detach or modify only volumes that carry it with this cluster's name.
 */
export const PORTWORX_DRIVE_TAG = 'warm-standby-portworx-cluster';

/**
 * Portworx installed with Helm on EKS: operator + StorageCluster with EBS (gp3) cloud drives,
 * internal KVDB, never on control-plane nodes (CSI and Stork at the chart defaults). Optional
 * per environment; the stack decides whether to create it.
 *
 * The internal KVDB runs on three storage nodes, so the cluster's node group must keep at least
 * {@link PORTWORX_INTERNAL_KVDB_NODES} nodes (environment validation and rule WS-EKS-010). The EC2
 * volume permissions come from `PortworxIrsaRole` (IRSA for the `portworx` service account, passed as
 * the chart's workload identity), not from the node role.
 */
@validatedConstruct
export class PortworxRelease extends Construct {
  /** The underlying helm_release. */
  public readonly release: Release;
  private readonly namespaceName: string;

  constructor(scope: Construct, id: string, props: PortworxReleaseProps) {
    super(scope, id);
    const namespace = props.namespace ?? PORTWORX_NAMESPACE;
    this.namespaceName = namespace;
    const driveSpecs = props.driveSpecs ?? ['type=gp3,size=150,enc=true'];
    requireProp(EXACT_CHART_VERSION.test(props.chartVersion), 'chartVersion', props.chartVersion, 'must be an exact chart version x.y.z');
    requireProp(
      DNS_LABEL.test(props.clusterName) && props.clusterName.length <= 63,
      'clusterName',
      props.clusterName,
      'must be a DNS label (lower-case letters, digits, hyphens)',
    );
    requireProp(DNS_LABEL.test(namespace) && namespace.length <= 63, 'namespace', namespace, 'must be a Kubernetes namespace name (DNS label)');
    requireProp(
      isUnresolved(props.irsaRoleArn) || /^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(props.irsaRoleArn),
      'irsaRoleArn',
      props.irsaRoleArn,
      'must be an IAM role ARN',
    );
    requireProp(
      driveSpecs.length > 0 && driveSpecs.every((d) => /^type=[\w-]+(,[a-z_]+=[\w-]+)*$/.test(d)),
      'driveSpecs',
      driveSpecs,
      'must be one or more specs like "type=gp3,size=150,enc=true"',
    );
    requireProp(
      driveSpecs.every((d) => !d.split(',').some((field) => field.startsWith('tags='))),
      'driveSpecs',
      driveSpecs,
      `must not set tags: PortworxRelease adds tags=${PORTWORX_DRIVE_TAG}:<clusterName>, and a spec holds one tag (the chart splits drives on ";")`,
    );
    requireProp(
      driveSpecs.every((d) => d.split(',').includes('enc=true')),
      'driveSpecs',
      driveSpecs,
      'must encrypt every drive (enc=true)',
    );

    const values = {
      clusterName: props.clusterName,
      deployOnMaster: false,
      // EKS: marks the StorageCluster `portworx.io/is-eks` and provisions EBS cloud drives.
      EKSInstall: true,
      // Every drive tagged with the cluster's name: PortworxIrsaRole lets Portworx destroy only those.
      drives: driveSpecs.map((spec) => `${spec},tags=${PORTWORX_DRIVE_TAG}:${props.clusterName}`).join(';'),
      internalKVDB: true,
      secretType: 'k8s',
      // CSI and Stork are left at the chart's defaults (on): their value shape differs between chart versions.
      workloadIdentity: { credentials: [{ cloudProvider: 'aws', key: IRSA_ANNOTATION, value: props.irsaRoleArn }] },
    };

    this.release = new Release(this, 'Release', {
      name: RELEASE_NAME,
      repository: PORTWORX_CHART_REPOSITORY,
      chart: 'portworx',
      version: props.chartVersion,
      namespace,
      createNamespace: true,
      atomic: true,
      wait: true,
      cleanupOnFail: true,
      values: [stringify(values, { lineWidth: 0 })],
      // The same role as a typed `set` entry, which the policy gate reads.
      set: stringSetEntries({ 'workloadIdentity.credentials[0].value': props.irsaRoleArn }),
      provider: props.helmProvider,
    });
  }

  /** Namespace Portworx runs in. */
  public get namespace(): string {
    return this.namespaceName;
  }

  /** Name of the Helm release (`portworx`). */
  public get releaseName(): string {
    return RELEASE_NAME;
  }
}
