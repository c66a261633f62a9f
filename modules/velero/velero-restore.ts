import { DataKubernetesResource } from '@cdktf/provider-kubernetes/lib/data-kubernetes-resource';
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Construct } from 'constructs';
import { requireProp, validatedConstruct } from '../core';

export interface VeleroRestoreProps {
  /** Velero schedule whose latest backup is restored (the primary's schedule name). */
  readonly scheduleName: string;
  /**
   * Restore this backup instead of the schedule's newest (Velero takes one source, not both). S3
   * replication copies a backup object by object (RTC: within 15 minutes), so the newest backup may be
   * replicated in part when the primary fails; pick one completed longer ago than that.
   * @default - the newest backup of `scheduleName`
   */
  readonly backupName?: string;
  /**
   * Name of the Restore object; change it to run another restore (a Restore runs once).
   * @default `<scheduleName>-failover`
   */
  readonly restoreName?: string;
  /** @default 'velero' */
  readonly namespace?: string;
  /**
   * Application namespaces to restore. Required and explicit: restoring every namespace would bring
   * the primary's own `velero`, `portworx` and `kube-system` objects into the standby.
   */
  readonly includedNamespaces: readonly string[];
  /**
   * Resource kinds never restored, on top of {@link VELERO_RESTORE_EXCLUDED_RESOURCES} (the primary's
   * Schedules and backup locations, Portworx StorageClusters).
   * @default - only {@link VELERO_RESTORE_EXCLUDED_RESOURCES}
   */
  readonly excludedResources?: readonly string[];
  /**
   * Restore persistent volumes (file-system backups made by the node agent).
   * @default true
   */
  readonly restorePVs?: boolean;
  /** @default - the stack's default Kubernetes provider */
  readonly kubernetesProvider?: KubernetesProvider;
}

/** Annotation of the Restore naming the Velero schedule its backup belongs to. */
export const RESTORE_SCHEDULE_ANNOTATION = 'warm-standby/schedule-name';

const K8S_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Namespaces that belong to the cluster and its platform, never to the application: a Restore must not
 * include them (rule WS-FO-006). The standby runs its own Velero, Portworx and system components.
 */
export const VELERO_RESTORE_FORBIDDEN_NAMESPACES: readonly string[] = ['*', 'velero', 'portworx', 'kube-system', 'kube-public', 'kube-node-lease'];

/**
 * Kinds a failover Restore always leaves out: the primary's Velero Schedule (it would start backing up
 * the standby under the primary's name), its backup/snapshot locations and Portworx StorageClusters.
 */
export const VELERO_RESTORE_EXCLUDED_RESOURCES: readonly string[] = [
  'schedules.velero.io',
  'backupstoragelocations.velero.io',
  'volumesnapshotlocations.velero.io',
  'storageclusters.core.libopenstorage.org',
];

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
 * `FailedValidation`); a `kubernetes_resource` data source then reads it back with its status and a
 * postcondition fails the apply on anything but `Completed`, with a message that names the Restore
 * and the commands to inspect it.
 *
 * Only the listed application namespaces are restored, and never the primary's Schedules, backup
 * locations or Portworx StorageClusters.
 */
@validatedConstruct
export class VeleroRestore extends Construct {
  readonly restoreName: string;
  readonly scheduleName: string;
  /** The underlying kubernetes_manifest. */
  readonly manifest: Manifest;
  /** The Restore read back with its status (the manifest does not keep `status`); its postcondition checks the phase. */
  readonly status: DataKubernetesResource;

  constructor(scope: Construct, id: string, props: VeleroRestoreProps) {
    super(scope, id);
    requireProp(K8S_NAME.test(props.scheduleName), 'scheduleName', props.scheduleName, 'must be a Kubernetes object name');
    this.scheduleName = props.scheduleName;
    if (props.backupName !== undefined) requireProp(K8S_NAME.test(props.backupName), 'backupName', props.backupName, 'must be a Kubernetes object name');
    this.restoreName = props.restoreName ?? `${props.scheduleName}-failover`;
    requireProp(K8S_NAME.test(this.restoreName), 'restoreName', this.restoreName, 'must be a Kubernetes object name');
    const namespace = props.namespace ?? 'velero';
    requireProp(K8S_NAME.test(namespace), 'namespace', namespace, 'must be a Kubernetes namespace name');
    const included = [...(props.includedNamespaces ?? [])];
    requireProp(included.length > 0, 'includedNamespaces', included, 'must name the application namespaces to restore');
    for (const ns of included) {
      requireProp(
        K8S_NAME.test(ns) && !VELERO_RESTORE_FORBIDDEN_NAMESPACES.includes(ns),
        'includedNamespaces',
        ns,
        `must be application namespaces, not "*" or ${VELERO_RESTORE_FORBIDDEN_NAMESPACES.filter((n) => n !== '*').join(', ')}`,
      );
    }
    const excluded = [...new Set([...VELERO_RESTORE_EXCLUDED_RESOURCES, ...(props.excludedResources ?? [])])];

    const inspect = `velero restore describe ${this.restoreName} -n ${namespace} --details; velero restore logs ${this.restoreName} -n ${namespace}`;
    this.manifest = new Manifest(this, 'Restore', {
      provider: props.kubernetesProvider,
      manifest: {
        apiVersion: 'velero.io/v1',
        kind: 'Restore',
        // The schedule the backup came from, also when a backup is named (the objectives read it).
        metadata: { name: this.restoreName, namespace, annotations: { [RESTORE_SCHEDULE_ANNOTATION]: props.scheduleName } },
        spec: {
          ...(props.backupName !== undefined ? { backupName: props.backupName } : { scheduleName: props.scheduleName }),
          restorePVs: props.restorePVs ?? true,
          includedNamespaces: included,
          excludedResources: excluded,
        },
      },
      // Wait for any terminal phase (a regular expression; the waiter reads the live object).
      wait: { fields: { 'status.phase': VELERO_RESTORE_TERMINAL_PATTERN } },
      timeouts: { create: '60m' },
    });
    // kubernetes_manifest strips `status` from what it stores (RemoveServerSideFields), so a
    // postcondition on the manifest never sees the phase. The kubernetes_resource data source keeps it
    // (TFTypeFromOpenAPI(..., status = true)); read after the manifest, it fails the apply unless Completed.
    this.status = new DataKubernetesResource(this, 'RestoreStatus', {
      provider: props.kubernetesProvider,
      apiVersion: 'velero.io/v1',
      kind: 'Restore',
      metadata: { name: this.restoreName, namespace },
      dependsOn: [this.manifest],
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
