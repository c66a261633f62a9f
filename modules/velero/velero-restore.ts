import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Construct } from 'constructs';
import { requireProp } from '../core';

export interface VeleroRestoreProps {
  /** Velero schedule whose latest backup is restored (the primary's schedule name). */
  readonly scheduleName: string;
  /**
   * Name of the Restore object; change it to run another restore (a Restore runs once).
   * @default `<scheduleName>-failover`
   */
  readonly restoreName?: string;
  /** @default 'velero' */
  readonly namespace?: string;
  /**
   * Namespaces to restore.
   * @default - every namespace in the backup
   */
  readonly includedNamespaces?: readonly string[];
  /**
   * Restore persistent volumes (file-system backups made by the node agent).
   * @default true
   */
  readonly restorePVs?: boolean;
  /** @default - the stack's default Kubernetes provider */
  readonly kubernetesProvider?: KubernetesProvider;
}

const K8S_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * A Velero `Restore` of the latest backup of a schedule, created through the Kubernetes provider in
 * the standby cluster during a failover. Velero picks the newest completed backup of `scheduleName`
 * from the (replicated) backup bucket it reads.
 */
export class VeleroRestore extends Construct {
  readonly restoreName: string;
  readonly scheduleName: string;

  constructor(scope: Construct, id: string, props: VeleroRestoreProps) {
    super(scope, id);
    requireProp(K8S_NAME.test(props.scheduleName), 'scheduleName', props.scheduleName, 'must be a Kubernetes object name');
    this.scheduleName = props.scheduleName;
    this.restoreName = props.restoreName ?? `${props.scheduleName}-failover`;
    requireProp(K8S_NAME.test(this.restoreName), 'restoreName', this.restoreName, 'must be a Kubernetes object name');
    const namespace = props.namespace ?? 'velero';
    requireProp(K8S_NAME.test(namespace), 'namespace', namespace, 'must be a Kubernetes namespace name');

    new Manifest(this, 'Restore', {
      provider: props.kubernetesProvider,
      manifest: {
        apiVersion: 'velero.io/v1',
        kind: 'Restore',
        metadata: { name: this.restoreName, namespace },
        spec: {
          scheduleName: props.scheduleName,
          restorePVs: props.restorePVs ?? true,
          ...(props.includedNamespaces ? { includedNamespaces: [...props.includedNamespaces] } : {}),
        },
      },
      // Apply waits until Velero finishes, so a failed restore fails the failover deploy.
      waitFor: { fields: { 'status.phase': 'Completed' } },
      timeouts: { create: '60m' },
    });
  }
}
