import { Construct } from 'constructs';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { Release } from '@cdktf/provider-helm/lib/release';
import { stringify } from 'yaml';
import { RegionalRef, requireProp } from '../core';
import { EXACT_CHART_VERSION, stringSetEntries } from './private/helm';
import { intervalToCron } from './private/schedule';

/**
 * AWS plugin image used when `awsPluginImage` is not given. v1.12.x is the plugin line for
 * Velero 1.16 (Helm chart 10.x); bump it together with `chartVersion` (see the plugin's
 * compatibility matrix).
 */
export const DEFAULT_VELERO_AWS_PLUGIN_IMAGE = 'velero/velero-plugin-for-aws:v1.12.1';

/** Helm repository of the Velero chart. */
export const VELERO_CHART_REPOSITORY = 'https://vmware-tanzu.github.io/helm-charts';

const RELEASE_NAME = 'velero';
/** Name of the BackupStorageLocation and VolumeSnapshotLocation the chart creates. */
const LOCATION_NAME = 'default';
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Which side of the warm standby a Velero installation serves. */
export type VeleroRole = 'primary' | 'standby';

/** Default Velero schedule name, shared by the primary's release and the standby's failover restore. */
export const DEFAULT_VELERO_SCHEDULE = 'warm-standby';

/** Name of the Schedule object the chart creates for `scheduleName` (release `velero`). */
export function veleroScheduleObjectName(scheduleName: string = DEFAULT_VELERO_SCHEDULE): string {
  return `velero-${scheduleName}`;
}

export interface VeleroReleaseProps {
  /**
   * `primary` writes scheduled backups (`ReadWrite` location); `standby` reads the replica bucket
   * (`ReadOnly` location, no schedule) and restores from it on failover.
   */
  readonly role: VeleroRole;
  /** Exact version of the `velero` chart, e.g. `10.1.3`. */
  readonly chartVersion: string;
  /**
   * Namespace Velero is installed in (created if missing).
   * @default 'velero'
   */
  readonly namespace?: string;
  /**
   * Name of Velero's server service account; must match the IRSA role's trust (`VeleroIrsaRole.serviceAccount`).
   * @default 'velero'
   */
  readonly serviceAccount?: string;
  /**
   * The bucket Velero stores and reads backups in, in this cluster's Region: the primary's
   * backup bucket, or for the standby the replica bucket. `id` is the bucket name.
   */
  readonly bucket: RegionalRef;
  /** Region of this cluster (and of its bucket and EBS snapshots). */
  readonly region: string;
  /** ARN of the IAM role for Velero's service account (e.g. `VeleroIrsaRole.roleArn`). */
  readonly irsaRoleArn: string;
  /**
   * AWS plugin image, pinned by tag or digest.
   * @default DEFAULT_VELERO_AWS_PLUGIN_IMAGE (`velero/velero-plugin-for-aws:v1.12.1`)
   */
  readonly awsPluginImage?: string;
  /**
   * Minutes between scheduled backups. Required for the primary, not allowed for the standby.
   * Must divide an hour or be a whole number of hours dividing a day (see {@link cronSchedule}).
   * @default - no schedule (standby)
   */
  readonly backupIntervalMinutes?: number;
  /**
   * Hours a scheduled backup is kept before Velero garbage-collects it. Keep the bucket's
   * lifecycle expiry (`BackupBucket.retentionDays`) at least this long.
   * @default 720
   */
  readonly backupTtlHours?: number;
  /**
   * Name of the Velero Schedule (a DNS label); the Schedule object is `velero-<scheduleName>`.
   * @default 'warm-standby'
   */
  readonly scheduleName?: string;
  /**
   * Back up pod volumes with Velero's file-system backup (node agent + Kopia) into the bucket.
   * EBS snapshots stay in the Region they were taken in, so on the standby only data in the
   * replicated bucket can be restored; file-system backup puts volume data (including Portworx
   * volumes) there. The node agent is deployed on both sides (the standby needs it to restore).
   * @default true
   */
  readonly fileSystemBackup?: boolean;
  /**
   * Helm provider for this cluster.
   * @default - the stack's default Helm provider
   */
  readonly helmProvider?: HelmProvider;
}

/**
 * Velero installed with Helm and the AWS plugin, authenticated with IRSA, backing up to (primary)
 * or restoring from (standby) an S3 bucket in its own Region.
 *
 * The values the policy gate checks are passed as `set` entries with fixed names (besides the
 * values YAML, which carries the same values): `configuration.backupStorageLocation[0].bucket`,
 * `...[0].config.region`, `...[0].accessMode`, `serviceAccount.server.annotations.eks\.amazonaws\.com/role-arn`
 * and, on the primary, `schedules.<scheduleName>.schedule` and `schedules.<scheduleName>.template.ttl`.
 */
export class VeleroRelease extends Construct {
  /** The underlying helm_release. */
  public readonly release: Release;
  private readonly schedule?: { readonly name: string; readonly intervalMinutes: number; readonly cron: string };

  constructor(scope: Construct, id: string, props: VeleroReleaseProps) {
    super(scope, id);
    const namespace = props.namespace ?? 'velero';
    const serviceAccount = props.serviceAccount ?? 'velero';
    const awsPluginImage = props.awsPluginImage ?? DEFAULT_VELERO_AWS_PLUGIN_IMAGE;
    const ttlHours = props.backupTtlHours ?? 720;
    const scheduleName = props.scheduleName ?? DEFAULT_VELERO_SCHEDULE;
    const fileSystemBackup = props.fileSystemBackup ?? true;
    const primary = props.role === 'primary';

    requireProp(props.role === 'primary' || props.role === 'standby', 'role', props.role, 'must be "primary" or "standby"');
    requireProp(EXACT_CHART_VERSION.test(props.chartVersion), 'chartVersion', props.chartVersion, 'must be an exact chart version x.y.z');
    requireProp(DNS_LABEL.test(namespace) && namespace.length <= 63, 'namespace', namespace, 'must be a Kubernetes namespace name (DNS label)');
    requireProp(DNS_LABEL.test(serviceAccount) && serviceAccount.length <= 63, 'serviceAccount', serviceAccount, 'must be a DNS label');
    requireProp(
      props.bucket.region === props.region,
      'bucket.region',
      props.bucket.region,
      `must be this cluster's Region ${props.region} (the standby reads the replica bucket in its own Region)`,
    );
    requireProp(
      /^[^\s:]+(:[\w][\w.-]*|@sha256:[a-f0-9]{64})$/.test(awsPluginImage) && !awsPluginImage.endsWith(':latest'),
      'awsPluginImage',
      awsPluginImage,
      'must be pinned to a version tag or a sha256 digest (not latest)',
    );
    requireProp(Number.isInteger(ttlHours) && ttlHours >= 1, 'backupTtlHours', ttlHours, 'must be a whole number of hours >= 1');
    requireProp(DNS_LABEL.test(scheduleName) && scheduleName.length <= 50, 'scheduleName', scheduleName, 'must be a DNS label of at most 50 characters');

    if (primary) {
      requireProp(props.backupIntervalMinutes !== undefined, 'backupIntervalMinutes', props.backupIntervalMinutes, 'is required for the primary');
      const intervalMinutes = props.backupIntervalMinutes as number;
      const cron = intervalToCron('backupIntervalMinutes', intervalMinutes);
      requireProp(
        ttlHours * 60 > intervalMinutes,
        'backupTtlHours',
        ttlHours,
        `must be longer than backupIntervalMinutes (${intervalMinutes}) so a backup always exists`,
      );
      this.schedule = { name: scheduleName, intervalMinutes, cron };
    } else {
      requireProp(
        props.backupIntervalMinutes === undefined,
        'backupIntervalMinutes',
        props.backupIntervalMinutes,
        'must not be set for the standby (its backup location is ReadOnly)',
      );
    }

    const accessMode = primary ? 'ReadWrite' : 'ReadOnly';
    const ttl = `${ttlHours}h0m0s`;
    const bucketName = props.bucket.id;

    const values = {
      initContainers: [
        {
          name: 'velero-plugin-for-aws',
          image: awsPluginImage,
          imagePullPolicy: 'IfNotPresent',
          volumeMounts: [{ mountPath: '/target', name: 'plugins' }],
        },
      ],
      // IRSA provides credentials; no static keys in a secret.
      credentials: { useSecret: false },
      serviceAccount: {
        server: { create: true, name: serviceAccount, annotations: { 'eks.amazonaws.com/role-arn': props.irsaRoleArn } },
      },
      configuration: {
        backupStorageLocation: [
          { name: LOCATION_NAME, provider: 'aws', bucket: bucketName, default: true, accessMode, config: { region: props.region } },
        ],
        volumeSnapshotLocation: [{ name: LOCATION_NAME, provider: 'aws', config: { region: props.region } }],
      },
      backupsEnabled: true,
      snapshotsEnabled: true,
      deployNodeAgent: fileSystemBackup,
      schedules: this.schedule
        ? {
            [this.schedule.name]: {
              disabled: false,
              schedule: this.schedule.cron,
              useOwnerReferencesInBackup: false,
              template: {
                ttl,
                storageLocation: LOCATION_NAME,
                includedNamespaces: ['*'],
                defaultVolumesToFsBackup: fileSystemBackup,
              },
            },
          }
        : {},
    };

    const set: Record<string, string> = {
      'configuration.backupStorageLocation[0].bucket': bucketName,
      'configuration.backupStorageLocation[0].config.region': props.region,
      'configuration.backupStorageLocation[0].accessMode': accessMode,
      'serviceAccount.server.annotations.eks\\.amazonaws\\.com/role-arn': props.irsaRoleArn,
    };
    if (this.schedule) {
      set[`schedules.${this.schedule.name}.schedule`] = this.schedule.cron;
      set[`schedules.${this.schedule.name}.template.ttl`] = ttl;
    }

    this.release = new Release(this, 'Release', {
      name: RELEASE_NAME,
      repository: VELERO_CHART_REPOSITORY,
      chart: 'velero',
      version: props.chartVersion,
      namespace,
      createNamespace: true,
      atomic: true,
      wait: true,
      cleanupOnFail: true,
      values: [stringify(values, { lineWidth: 0 })],
      set: stringSetEntries(set),
      provider: props.helmProvider,
    });
  }

  /** Name of the Helm release (`velero`). */
  public get releaseName(): string {
    return RELEASE_NAME;
  }

  /** Name of the backup schedule (primary), `undefined` on the standby. */
  public get scheduleName(): string | undefined {
    return this.schedule?.name;
  }

  /** Minutes between scheduled backups (primary), `undefined` on the standby. */
  public get backupIntervalMinutes(): number | undefined {
    return this.schedule?.intervalMinutes;
  }

  /**
   * The schedule as a 5-field cron expression in UTC (primary), `undefined` on the standby:
   * `*\/N * * * *` for N minutes dividing an hour, `0 * * * *` hourly, `0 *\/H * * *` every H
   * hours, `0 0 * * *` daily.
   */
  public get cronSchedule(): string | undefined {
    return this.schedule?.cron;
  }
}
