import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Construct } from 'constructs';
import { requireProp, validatedConstruct } from '../core';

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
 * Terminal phases of a Velero Restore (velero.io/v1 RestorePhase). Apply waits for any of them, so
 * a failed restore ends the wait at once instead of running into the create timeout.
 */
export const VELERO_RESTORE_TERMINAL_PHASES = ['Completed', 'PartiallyFailed', 'Failed', 'FailedValidation'] as const;

/** The `wait.fields` pattern (a regular expression, as kubernetes_manifest matches them) for a terminal phase. */
export const VELERO_RESTORE_TERMINAL_PATTERN = `^(${VELERO_RESTORE_TERMINAL_PHASES.join('|')})$`;

/**
 * A Velero `Restore` of the latest backup of a schedule, created through the Kubernetes provider in
 * the standby cluster during a failover. Velero picks the newest completed backup of `scheduleName`
 * from the (replicated) backup bucket it reads.
 *
 * Apply waits until the Restore reaches a terminal phase (`Completed`, `PartiallyFailed`, `Failed`,
 * `FailedValidation`), then a postcondition fails the apply on anything but `Completed`, with a
 * message that names the Restore and the commands to inspect it.
 */
@validatedConstruct
export class VeleroRestore extends Construct {
  readonly restoreName: string;
  readonly scheduleName: string;
  /** The underlying kubernetes_manifest. */
  readonly manifest: Manifest;

  constructor(scope: Construct, id: string, props: VeleroRestoreProps) {
    super(scope, id);
    requireProp(K8S_NAME.test(props.scheduleName), 'scheduleName', props.scheduleName, 'must be a Kubernetes object name');
    this.scheduleName = props.scheduleName;
    this.restoreName = props.restoreName ?? `${props.scheduleName}-failover`;
    requireProp(K8S_NAME.test(this.restoreName), 'restoreName', this.restoreName, 'must be a Kubernetes object name');
    const namespace = props.namespace ?? 'velero';
    requireProp(K8S_NAME.test(namespace), 'namespace', namespace, 'must be a Kubernetes namespace name');

    const inspect = `velero restore describe ${this.restoreName} -n ${namespace} --details; velero restore logs ${this.restoreName} -n ${namespace}`;
    this.manifest = new Manifest(this, 'Restore', {
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
      // Wait for any terminal phase (a regular expression), then fail clearly unless it is Completed.
      wait: { fields: { 'status.phase': VELERO_RESTORE_TERMINAL_PATTERN } },
      timeouts: { create: '60m' },
      lifecycle: {
        postcondition: [
          {
            condition: '${try(self.object.status.phase, "") == "Completed"}',
            errorMessage:
              `Velero Restore ${namespace}/${this.restoreName} did not complete (status.phase is not Completed: ` +
              `PartiallyFailed, Failed or FailedValidation). Inspect it with: ${inspect}`,
          },
        ],
      },
    });
  }
}
