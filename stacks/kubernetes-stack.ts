import { DataAwsEksCluster } from '@cdktf/provider-aws/lib/data-aws-eks-cluster';
import { DataAwsEksNodeGroup } from '@cdktf/provider-aws/lib/data-aws-eks-node-group';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { EnvironmentConfig, Role } from '../environments';
import { regionalRef } from '../modules/core';
import { Gp3StorageClass } from '../modules/eks';
import { PortworxRelease, VeleroRelease, VeleroRestore, veleroScheduleObjectName } from '../modules/velero';
import { dependOn } from './dependencies';
import { WarmStandbyStack } from './warm-standby-stack';

export interface KubernetesStackProps {
  readonly env: EnvironmentConfig;
  /** Region whose cluster this stack installs into. */
  readonly role: Role;
  readonly failover: boolean;
  /**
   * Failover, standby: the Velero backup to restore.
   * @default - the newest backup of the primary's schedule
   */
  readonly restoreBackupName?: string;
}

/** Seconds Helm waits for a release's workloads to become ready before the apply fails (and rolls back). */
export const HELM_TIMEOUT_SECONDS = { velero: 600, portworx: 1200 } as const;

/**
 * Everything that talks to one Region's Kubernetes API: the default gp3 StorageClass, the Velero and
 * Portworx Helm releases and, in failover mode, the Velero Restore. Kept apart from the Region's AWS
 * stack so that the AWS-only parts of a failover (replica promotion, node-group scale-up) never wait
 * on, or fail with, the cluster API, and so a cluster whose API is private can be reached by a runner
 * inside the VPC for this stack only.
 *
 * It is deployed after its Region's AWS stack and reads only that Region: the cluster and the node
 * group through data sources (same Region, so the standby's stack still plans with the primary Region
 * down). Reading the node group makes the apply wait for it and fail clearly if it does not exist, and
 * every release and manifest `depends_on` it: nothing is scheduled before a node can run it.
 */
export class KubernetesStack extends WarmStandbyStack {
  /** The node group of this Region's cluster, read at plan time; every Kubernetes object depends on it. */
  readonly nodeGroup: DataAwsEksNodeGroup;

  constructor(scope: Construct, props: KubernetesStackProps) {
    super(scope, { env: props.env, kind: `${props.role}-k8s`, failover: props.failover });
    const { env, naming } = this;
    const role = props.role;
    const clusterName = naming.clusterName(role);

    const cluster = new DataAwsEksCluster(this, 'Cluster', { name: clusterName });
    this.nodeGroup = new DataAwsEksNodeGroup(this, 'NodeGroup', { clusterName, nodeGroupName: naming.nodeGroupName() });

    // This Region's cluster only, authenticated by the AWS CLI at apply time (tokens refresh during
    // long waits such as the failover Restore): nothing is read from the other Region.
    const connection = {
      host: cluster.endpoint,
      clusterCaCertificate: Fn.base64decode(cluster.certificateAuthority.get(0).data),
      exec: {
        apiVersion: 'client.authentication.k8s.io/v1beta1',
        command: 'aws',
        args: ['eks', 'get-token', '--cluster-name', clusterName, '--region', this.region],
      },
    };
    new HelmProvider(this, 'helm', { kubernetes: connection });
    new KubernetesProvider(this, 'kubernetes', { ...connection, exec: [connection.exec] });

    // PersistentVolumeClaims without a class get encrypted gp3 volumes from the EBS CSI driver (an
    // add-on of the Region's AWS stack); EKS 1.30+ marks no class default on its own.
    const storageClass = new Gp3StorageClass(this, 'DefaultStorageClass');
    dependOn(storageClass, [this.nodeGroup]);

    const velero = new VeleroRelease(this, 'Velero', {
      role,
      chartVersion: env.velero.chartVersion,
      bucket: regionalRef(naming.backupBucketArn(role), naming.backupBucket(role), this.region),
      region: this.region,
      // The IRSA role lives in the Region's AWS stack; its name is deterministic.
      irsaRoleArn: naming.roleArn(naming.veleroRoleName(role)),
      // The promoted standby (failover) backs up to its own bucket, on a schedule of its own.
      promoted: props.failover && role === 'standby',
      backupIntervalMinutes: role === 'primary' || props.failover ? env.velero.backupIntervalMinutes : undefined,
      schedulePaused: role === 'primary' ? env.velero.schedulePaused : undefined,
      portworx: env.portworx.enabled ? {} : undefined,
      backupTtlHours: env.velero.retentionDays * 24,
    });
    velero.release.timeout = HELM_TIMEOUT_SECONDS.velero;
    dependOn(velero, [this.nodeGroup]);

    if (props.failover && role === 'standby') {
      // Restore the latest backup of the primary's schedule from the replicated bucket, once Velero runs.
      const restore = new VeleroRestore(this, 'VeleroRestore', {
        scheduleName: veleroScheduleObjectName(),
        backupName: props.restoreBackupName,
        includedNamespaces: env.velero.restoreNamespaces ?? [env.app],
      });
      dependOn(restore, [this.nodeGroup, velero.release]);
    }
    if (env.portworx.enabled) {
      const portworx = new PortworxRelease(this, 'Portworx', {
        chartVersion: env.portworx.chartVersion,
        clusterName,
        // Created by the Region's AWS stack under a deterministic name.
        irsaRoleArn: naming.roleArn(naming.portworxRoleName(role)),
      });
      portworx.release.timeout = HELM_TIMEOUT_SECONDS.portworx;
      dependOn(portworx, [this.nodeGroup]);
    }
  }
}
