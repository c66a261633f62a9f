import { Construct } from 'constructs';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { Release } from '@cdktf/provider-helm/lib/release';
import { stringify } from 'yaml';
import { RegionalRef, requireProp, validatedConstruct } from '../core';
import { EXACT_CHART_VERSION, stringSetEntries } from './private/helm';
import { intervalToCron } from './private/schedule';

/**
 * AWS plugin image used when `awsPluginImage` is not given. v1.14.x is the plugin line for
 * Velero 1.18 (Helm chart 12.x; velero-plugin-for-aws PR #301 compatibility matrix); bump it
 * together with `chartVersion`.
 */
export const DEFAULT_VELERO_AWS_PLUGIN_IMAGE = 'velero/velero-plugin-for-aws:v1.14.0';

/**
 * Portworx Velero plugin image used when `portworx.pluginImage` is not given (the tag the Portworx
 * "Using Velero with Portworx" guide installs with `velero plugin add`).
 */
export const DEFAULT_PORTWORX_VELERO_PLUGIN_IMAGE = 'portworx/velero-plugin:1.0.3';

/** Provider name of the Portworx plugin's VolumeSnapshotLocation. */
export const PORTWORX_SNAPSHOT_PROVIDER = 'portworx.io/portworx';

export { DEFAULT_VELERO_CHART_VERSION } from './constants';

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

/**
 * Default schedule name of a promoted standby (failover). It differs from the primary's so the
 * failover Restore, which restores the latest backup of the primary's schedule, never picks a
 * backup the promoted standby took of itself.
 */
export const DEFAULT_PROMOTED_VELERO_SCHEDULE = 'failover-standby';

/** Name of Velero's VolumeSnapshotLocation for Portworx volumes. */
export const PORTWORX_SNAPSHOT_LOCATION = 'portworx';

/** Velero with Portworx: the Portworx plugin and a VolumeSnapshotLocation for Portworx volumes. */
export interface VeleroPortworxOptions {
  /**
   * Portworx Velero plugin image, pinned by tag or digest.
   * @default DEFAULT_PORTWORX_VELERO_PLUGIN_IMAGE (`portworx/velero-plugin:1.0.3`)
   */
  readonly pluginImage?: string;
  /**
   * Portworx snapshot type of the `portworx` VolumeSnapshotLocation: `local` snapshots stay in the
   * cluster's Portworx pool (the data that crosses Regions goes through file-system backup into the
   * replicated bucket); `cloud` needs a Portworx cloud credential (`credId`).
   * @default 'local'
   */
  readonly snapshotType?: 'local' | 'cloud';
  /**
   * Portworx cloud credential id (UUID) for `cloud` snapshots.
   * @default - none (required when snapshotType is 'cloud')
   */
  readonly cloudCredentialId?: string;
}

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
  /**
   * The standby after a failover (WARM_STANDBY_FAILOVER=1): it now runs the workloads, so it writes
   * backups of its own (`ReadWrite` location, a schedule named {@link DEFAULT_PROMOTED_VELERO_SCHEDULE}
   * unless `scheduleName` says otherwise) into the bucket it restored from. Only for `role: 'standby'`;
   * `backupIntervalMinutes` is then required. The IRSA role must be writable too.
   * @default false
   */
  readonly promoted?: boolean;
  /**
   * Exact version of the `velero` chart, e.g. `12.0.3`. Charts before 12.0.0 run their `upgrade-crds`
   * hook on `bitnamilegacy/kubectl:<cluster minor>`, which has no tag for Kubernetes 1.35
   * (vmware-tanzu/helm-charts#727); 12.x runs it on the Velero image itself.
   */
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
   * @default DEFAULT_VELERO_AWS_PLUGIN_IMAGE (`velero/velero-plugin-for-aws:v1.14.0`)
   */
  readonly awsPluginImage?: string;
  /**
   * Minutes between scheduled backups. Required for the primary and a promoted standby, not allowed
   * for a standby that only reads the replica.
   * Must divide an hour or be a whole number of hours dividing a day (see {@link cronSchedule}).
   * @default - no schedule (standby)
   */
  readonly backupIntervalMinutes?: number;
  /**
   * Create the schedule paused (`spec.paused`, Velero >= 1.10; the chart renders it since 8.x). A new
   * environment deploys the primary with the schedule paused, deploys the replication stack, then
   * unpauses by setting this back to `false` (see the README, "First deploy"), so no backup is
   * written before the bucket's replication rule exists. Every schedule also has `skipImmediately`
   * (Velero >= 1.14, chart >= 8.5.0): creating or unpausing it never starts a backup at once.
   * @default false
   */
  readonly schedulePaused?: boolean;
  /**
   * Add the Portworx Velero plugin and a `portworx` VolumeSnapshotLocation (provider
   * `portworx.io/portworx`), for clusters that run Portworx.
   * @default - no Portworx plugin
   */
  readonly portworx?: VeleroPortworxOptions;
  /**
   * Hours a scheduled backup is kept before Velero garbage-collects it. Keep the bucket's
   * lifecycle expiry (`BackupBucket.retentionDays`) at least this long.
   * @default 720
   */
  readonly backupTtlHours?: number;
  /**
   * Name of the Velero Schedule (a DNS label); the Schedule object is `velero-<scheduleName>`.
   * @default 'warm-standby' ('failover-standby' when promoted)
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
 * and, with a schedule (primary, promoted standby), `schedules.<scheduleName>.schedule`, `.template.ttl`,
 * `.skipImmediately` and (when paused) `.paused`; with Portworx, `initContainers[1].image` and
 * `configuration.volumeSnapshotLocation[1].provider`.
 */
@validatedConstruct
export class VeleroRelease extends Construct {
  /** The underlying helm_release. */
  public readonly release: Release;
  private readonly schedule?: { readonly name: string; readonly intervalMinutes: number; readonly cron: string; readonly paused: boolean };
  private readonly writes: boolean;

  constructor(scope: Construct, id: string, props: VeleroReleaseProps) {
    super(scope, id);
    const namespace = props.namespace ?? 'velero';
    const serviceAccount = props.serviceAccount ?? 'velero';
    const awsPluginImage = props.awsPluginImage ?? DEFAULT_VELERO_AWS_PLUGIN_IMAGE;
    const ttlHours = props.backupTtlHours ?? 720;
    const promoted = props.promoted ?? false;
    const scheduleName = props.scheduleName ?? (promoted ? DEFAULT_PROMOTED_VELERO_SCHEDULE : DEFAULT_VELERO_SCHEDULE);
    const fileSystemBackup = props.fileSystemBackup ?? true;
    const primary = props.role === 'primary';
    // The primary, and the standby once promoted, write backups on a schedule.
    this.writes = primary || promoted;

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
    requireProp(!(promoted && primary), 'promoted', promoted, 'applies to the standby only (role "standby")');
    const portworx = props.portworx ? validPortworx(props.portworx) : undefined;

    if (this.writes) {
      requireProp(
        props.backupIntervalMinutes !== undefined,
        'backupIntervalMinutes',
        props.backupIntervalMinutes,
        primary ? 'is required for the primary' : 'is required for a promoted standby (it writes backups of its own)',
      );
      const intervalMinutes = props.backupIntervalMinutes as number;
      const cron = intervalToCron('backupIntervalMinutes', intervalMinutes);
      requireProp(
        ttlHours * 60 > intervalMinutes,
        'backupTtlHours',
        ttlHours,
        `must be longer than backupIntervalMinutes (${intervalMinutes}) so a backup always exists`,
      );
      this.schedule = { name: scheduleName, intervalMinutes, cron, paused: props.schedulePaused ?? false };
    } else {
      requireProp(
        props.backupIntervalMinutes === undefined,
        'backupIntervalMinutes',
        props.backupIntervalMinutes,
        'must not be set for the standby (its backup location is ReadOnly)',
      );
      requireProp(props.schedulePaused === undefined, 'schedulePaused', props.schedulePaused, 'must not be set for the standby (it has no schedule)');
    }

    const accessMode = this.writes ? 'ReadWrite' : 'ReadOnly';
    const ttl = `${ttlHours}h0m0s`;
    const bucketName = props.bucket.id;

    const plugin = (name: string, image: string) => ({
      name,
      image,
      imagePullPolicy: 'IfNotPresent',
      volumeMounts: [{ mountPath: '/target', name: 'plugins' }],
    });
    const snapshotLocations: object[] = [{ name: LOCATION_NAME, provider: 'aws', config: { region: props.region } }];
    if (portworx) {
      snapshotLocations.push({ name: PORTWORX_SNAPSHOT_LOCATION, provider: PORTWORX_SNAPSHOT_PROVIDER, config: portworx.config });
    }

    const values = {
      initContainers: [plugin('velero-plugin-for-aws', awsPluginImage), ...(portworx ? [plugin('portworx-velero-plugin', portworx.image)] : [])],
      // IRSA provides credentials; no static keys in a secret.
      credentials: { useSecret: false },
      serviceAccount: {
        server: { create: true, name: serviceAccount, annotations: { 'eks.amazonaws.com/role-arn': props.irsaRoleArn } },
      },
      configuration: {
        backupStorageLocation: [{ name: LOCATION_NAME, provider: 'aws', bucket: bucketName, default: true, accessMode, config: { region: props.region } }],
        volumeSnapshotLocation: snapshotLocations,
      },
      backupsEnabled: true,
      snapshotsEnabled: true,
      deployNodeAgent: fileSystemBackup,
      schedules: this.schedule
        ? {
            [this.schedule.name]: {
              disabled: false,
              schedule: this.schedule.cron,
              // Created (or unpaused) without a backup at once: the first one waits for the next cron time.
              skipImmediately: true,
              ...(this.schedule.paused ? { paused: true } : {}),
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
      set[`schedules.${this.schedule.name}.skipImmediately`] = 'true';
      // The chart renders `paused` only when truthy: unpausing drops the entry, and Helm removes the field.
      if (this.schedule.paused) set[`schedules.${this.schedule.name}.paused`] = 'true';
    }
    if (portworx) {
      set['initContainers[1].image'] = portworx.image;
      set['configuration.volumeSnapshotLocation[1].provider'] = PORTWORX_SNAPSHOT_PROVIDER;
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

  /** `ReadWrite` for the primary and a promoted standby, `ReadOnly` for a standby reading the replica. */
  public get accessMode(): 'ReadWrite' | 'ReadOnly' {
    return this.writes ? 'ReadWrite' : 'ReadOnly';
  }

  /** True when the schedule is created paused. */
  public get schedulePaused(): boolean {
    return this.schedule?.paused ?? false;
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

const PINNED_IMAGE = /^[^\s:]+(:[\w][\w.-]*|@sha256:[a-f0-9]{64})$/;

function validPortworx(options: VeleroPortworxOptions): { image: string; config: Record<string, string> } {
  const image = options.pluginImage ?? DEFAULT_PORTWORX_VELERO_PLUGIN_IMAGE;
  const type = options.snapshotType ?? 'local';
  requireProp(
    PINNED_IMAGE.test(image) && !image.endsWith(':latest'),
    'portworx.pluginImage',
    image,
    'must be pinned to a version tag or a sha256 digest (not latest)',
  );
  requireProp(type === 'local' || type === 'cloud', 'portworx.snapshotType', type, 'must be "local" or "cloud"');
  if (type === 'cloud') {
    requireProp(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(options.cloudCredentialId ?? ''),
      'portworx.cloudCredentialId',
      options.cloudCredentialId,
      'must be the Portworx cloud credential UUID for cloud snapshots',
    );
    return { image, config: { type, credId: options.cloudCredentialId as string } };
  }
  requireProp(options.cloudCredentialId === undefined, 'portworx.cloudCredentialId', options.cloudCredentialId, 'applies to cloud snapshots only');
  return { image, config: { type } };
}
