import * as fs from 'node:fs';
import * as path from 'node:path';
import { ENVIRONMENTS, EnvironmentConfig, FAILBACK_SUFFIX, withRegionsSwapped } from '../environments';
import { InputError } from '../common/errors';
import { MODEL } from './model-constants';
import { Naming } from '../naming';
import { at, block, Json, JsonObject, list, num, record, resources, stackMeta, str } from './terraform-json';

/** The stacks of one environment read from a cdktf.out folder. */
export interface SynthesizedEnvironment {
  readonly environment: string;
  /**
   * What WARM_STANDBY_ENV selects the synth with (stack metadata `environment_selector`): `<name>-failback`
   * for the environment with the Regions swapped.
   * @default - `environment`
   */
  readonly selector?: string;
  readonly failover: boolean;
  readonly primary: JsonObject;
  readonly standby: JsonObject;
  readonly replication?: JsonObject;
  /** Stack name per role. */
  readonly stackNames: { readonly primary: string; readonly standby: string; readonly replication?: string };
  /**
   * A failover synth: the standby Region's stacks alone (`primary` is empty). Only the runbook reads
   * one; what the primary stack would say comes from the environment's configuration and naming.
   * @default false
   */
  readonly standbyOnly?: boolean;
}

export interface LoadOptions {
  /**
   * Accept a failover synth (standby stacks only), for the runbook; estimates need the normal synth.
   * @default false
   */
  readonly allowFailoverSynth?: boolean;
}

export interface ComponentEstimate {
  readonly component: string;
  readonly rpo_seconds: number;
  readonly rto_seconds: number;
  readonly target_rpo_seconds: number;
  readonly target_rto_seconds: number;
  readonly meets: boolean;
  readonly basis: string;
}

export interface ObjectivesReport {
  readonly environment: string;
  readonly mode: 'normal' | 'failover';
  readonly components: ComponentEstimate[];
  readonly overall: { readonly rpo_seconds: number; readonly rto_seconds: number; readonly meets: boolean };
}

/** Reads manifest.json and every stack's cdk.tf.json of a cdktf.out folder; one-line InputErrors. */
export function loadSynthesized(dir: string, options: LoadOptions = {}): SynthesizedEnvironment {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!fs.existsSync(dir)) throw new InputError('no such file or directory', dir);
  if (!fs.statSync(dir).isDirectory()) throw new InputError('not a cdktf.out folder (expected a directory with manifest.json)', dir);
  if (!fs.existsSync(manifestFile)) throw new InputError('not a cdktf.out folder: manifest.json is missing', manifestFile);
  let manifest: Json;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  } catch (err) {
    throw new InputError(`bad JSON: ${(err as Error).message}`, manifestFile);
  }
  const manifestStacks = at(manifest, 'stacks');
  if (typeof manifestStacks !== 'object' || manifestStacks === null) throw new InputError('manifest.json has no "stacks" object', manifestFile);
  const stacks: Record<string, Json> = {};
  for (const [name, entry] of Object.entries(manifestStacks)) {
    const file = path.join(dir, str(at(entry, 'synthesizedStackPath'), path.join('stacks', name, 'cdk.tf.json')));
    if (!fs.existsSync(file)) throw new InputError(`stack ${name} was not synthesized`, file);
    try {
      stacks[name] = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (err) {
      throw new InputError(`bad JSON: ${(err as Error).message}`, file);
    }
  }
  return fromStacks(stacks, dir, options);
}

/**
 * Places parsed stacks (stack name -> cdk.tf.json) by the role in their warm_standby_stack output.
 * A Region's Kubernetes stack (`layer: kubernetes`) shares its AWS stack's role: the model reads both
 * as one Region (the Velero schedule is a Helm release, the health check an AWS resource).
 */
export function fromStacks(stacks: Readonly<Record<string, Json>>, where = 'cdktf.out', options: LoadOptions = {}): SynthesizedEnvironment {
  const byRole: Record<string, [string, JsonObject]> = {};
  const layers: Record<string, JsonObject[]> = {};
  for (const [name, stack] of Object.entries(stacks)) {
    const meta = stackMeta(stack);
    const role = meta.role;
    if (typeof role !== 'string') continue;
    if (meta.layer === 'kubernetes') {
      (layers[role] ??= []).push(record(stack));
      continue;
    }
    if (byRole[role]) throw new InputError(`two ${role} stacks (${byRole[role][0]}, ${name}); objectives need one environment`, where);
    byRole[role] = [name, record(stack)];
  }
  for (const [role, extra] of Object.entries(layers)) {
    if (byRole[role]) byRole[role] = [byRole[role][0], withLayers(byRole[role][1], extra)];
  }
  const failoverOnly = !byRole.primary && byRole.standby !== undefined && stackMeta(byRole.standby[1]).failover === true;
  if (failoverOnly && options.allowFailoverSynth) {
    const environment = str(stackMeta(byRole.standby[1]).environment);
    return {
      environment,
      selector: selectorOf(stackMeta(byRole.standby[1]), environment),
      failover: true,
      primary: {},
      standby: byRole.standby[1],
      replication: undefined,
      stackNames: { primary: `${environment}-primary`, standby: byRole.standby[0], replication: `${environment}-replication` },
      standbyOnly: true,
    };
  }
  if (failoverOnly) {
    // The model reads the primary's schedule, health check and replication rule; the failover synth
    // holds the standby Region alone, and the runbook is prepared from the normal synth beforehand.
    throw new InputError(
      'a failover synth holds only the standby Region; estimate objectives and write the runbook from the normal synth (npm run synth)',
      where,
    );
  }
  for (const role of ['primary', 'standby']) {
    if (!byRole[role]) throw new InputError(`no ${role} stack with a warm_standby_stack output`, where);
  }
  const meta = stackMeta(byRole.standby[1]);
  return {
    environment: String(meta.environment),
    selector: selectorOf(meta, String(meta.environment)),
    failover: meta.failover === true,
    primary: byRole.primary[1],
    standby: byRole.standby[1],
    replication: byRole.replication?.[1],
    stackNames: { primary: byRole.primary[0], standby: byRole.standby[0], replication: byRole.replication?.[0] },
  };
}

/** The AWS stack with the resources of its Region's other layers added, type by type. */
function withLayers(stack: JsonObject, layers: readonly JsonObject[]): JsonObject {
  const resource: Record<string, JsonObject> = {};
  for (const part of [stack, ...layers]) {
    for (const [type, items] of Object.entries(record(part.resource))) resource[type] = { ...resource[type], ...record(items) };
  }
  return { ...stack, resource };
}

/** The bucket the standby's Velero release uses: in a failover synth, the replica of the primary's backups. */
function standbyVeleroBucket(standby: JsonObject): string {
  for (const release of resources(standby, 'helm_release')) {
    const set = list(release.set).find((x) => /backupStorageLocation\[0\]\.bucket$/.test(str(at(x, 'name'))));
    if (set) return str(at(set, 'value'));
  }
  return '';
}

/**
 * Interval in seconds between runs of a 5-field cron (`M * * * *`, `*\/N * * * *`, `M *\/N * * *`,
 * `M H * * *`, `M H1,H2 * * *`) or a Velero/robfig shortcut (`@every 90m`, `@hourly`, `@daily`).
 * For lists the longest gap is returned (the worst case for the RPO).
 */
export function cronIntervalSeconds(cron: string): number {
  const s = cron.trim();
  const every = /^@every\s+(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(s);
  if (every && (every[1] || every[2] || every[3])) return (Number(every[1] ?? 0) * 60 + Number(every[2] ?? 0)) * 60 + Number(every[3] ?? 0);
  const shortcuts: Record<string, number> = { '@hourly': 3600, '@daily': 86400, '@midnight': 86400, '@weekly': 604800 };
  if (shortcuts[s] !== undefined) return shortcuts[s];
  const fields = s.split(/\s+/);
  if (fields.length !== 5 || fields.slice(2).some((f) => f !== '*')) throw new InputError(`cannot turn cron "${cron}" into an interval`, 'velero schedule');
  const gaps = (field: string, period: number): number | undefined => {
    if (field === '*') return undefined;
    const step = /^(?:\*|\d+(?:-\d+)?)\/(\d+)$/.exec(field);
    if (step) return Number(step[1]);
    if (/^\d+(,\d+)*$/.test(field)) {
      const v = field
        .split(',')
        .map(Number)
        .sort((a, b) => a - b);
      return Math.max(...v.map((x, i) => (i + 1 < v.length ? v[i + 1] - x : period - x + v[0])));
    }
    throw new InputError(`cannot turn cron "${cron}" into an interval`, 'velero schedule');
  };
  const [minute, hour] = fields;
  const minuteGap = gaps(minute, 60);
  const hourGap = gaps(hour, 24);
  if (hourGap === undefined) {
    if (minuteGap === undefined) return 60; // every minute
    return minuteGap * 60;
  }
  if (minuteGap !== undefined && minute.includes('/')) throw new InputError(`cannot turn cron "${cron}" into an interval`, 'velero schedule');
  return hourGap * 3600;
}

/** Who moves traffic to the standby (see environments DnsSwitchKind). */
export type DnsSwitch = 'arc' | 'manual' | 'endpoint';

const SWITCH_TAG = 'warm-standby/dns-switch';

/** The same classification as WS-DNS-004 (policies/lib/dns_switch.rego), on one stack's JSON. */
function switchOf(hc: JsonObject, checks: JsonObject): DnsSwitch {
  const type = str(hc.type).toUpperCase();
  if (type === 'RECOVERY_CONTROL') return 'arc';
  const manual = (check: Json) => {
    const c = record(check);
    return str(c.type).toUpperCase() === 'CALCULATED' && (c.disabled === true || c.disabled === 'true') && at(c, 'tags', SWITCH_TAG) === 'manual';
  };
  if (manual(hc)) return 'manual';
  const children = list(hc.child_healthchecks).map((ref) => checks[/aws_route53_health_check\.([^.]+)\./.exec(String(ref))?.[1] ?? '']);
  const threshold = num(hc.child_health_threshold) ?? 0;
  if (type === 'CALCULATED' && hc.disabled !== true && children.length > 0 && children.every(manual) && threshold >= 1 && threshold <= children.length)
    return 'manual';
  return 'endpoint';
}

const host = (name: Json) => str(name).toLowerCase().replace(/\.$/, '');

/** Everything the model reads from the synthesized configuration, with the names the runbook needs. */
export interface Facts {
  readonly environment: string;
  /** WARM_STANDBY_ENV of this synth (`<name>-failback` for the environment with the Regions swapped). */
  readonly selector: string;
  readonly failover: boolean;
  readonly stackNames: SynthesizedEnvironment['stackNames'];
  readonly primaryRegion: string;
  readonly standbyRegion: string;
  readonly targets: { readonly rpo: number; readonly rto: number };
  readonly dns: {
    readonly interval: number;
    readonly threshold: number;
    readonly ttl: number;
    readonly ttlFromAlias: boolean;
    readonly recordName: string;
    readonly zoneId: string;
    readonly fqdn: string;
    readonly standbyTarget: string;
    /** Who moves traffic: an ARC routing control, a manual switch, or the endpoint health check itself (no switch). */
    readonly switch: DnsSwitch;
    /** Stack that holds the PRIMARY record and its switch (the standby stack when a switch is used). */
    readonly stack: string;
    /** interval/threshold were Route 53 defaults because no endpoint health check probes the record's target. */
    readonly endpointCheckMissing: boolean;
  };
  readonly velero: {
    readonly scheduleName: string;
    readonly cron: string;
    readonly intervalSeconds: number;
    readonly rtc: boolean;
    readonly replicationSeconds: number;
    readonly replicaBucket: string;
  };
  readonly rds: {
    readonly lagAllowance: number;
    readonly lagSource: string;
    readonly replicaIdentifier: string;
    readonly promoted: boolean;
    readonly masterSecretName: string;
    /** Identifier of the primary Region's source instance. */
    readonly sourceIdentifier: string;
  };
  readonly eks: {
    readonly clusterName: string;
    readonly nodeGroupName: string;
    readonly primaryDesired: number;
    readonly standbyDesired: number;
    readonly scaleUpSeconds: number;
  };
  readonly elasticache: { readonly globalId: string; readonly standbyGroupId: string; readonly primaryGroupId: string };
  /** Kind of the standby stack's state backend (`cloud` needs an HCP Terraform token to read outputs). */
  readonly backend: 's3' | 'cloud' | 'other';
  readonly opensearch: {
    readonly followerDomain: string;
    readonly leaderAlias: string;
    /** Name of the follower's autofollow rule, from the bootstrap invocation's triggers. */
    readonly autofollowRule: string;
    /** The follower's bootstrap function, in the domain's VPC: the failover runbook invokes its `stopReplication` action. */
    readonly bootstrapFunction: string;
    readonly lagAllowance: number;
    readonly lagSource: string;
    readonly connected: boolean;
  };
  readonly feed: { readonly batchingWindow: number; readonly lambdaTimeout: number; readonly standbyFunction: string; readonly standbyQueue: string };
}

function selectorOf(meta: JsonObject, environment: string): string {
  return typeof meta.environment_selector === 'string' ? meta.environment_selector : environment;
}

/** The configuration WARM_STANDBY_ENV=`selector` loads (`<name>-failback`: the Regions swapped), unless given. */
function envConfig(selector: string, override?: EnvironmentConfig): EnvironmentConfig | undefined {
  if (override) return override;
  if (Object.prototype.hasOwnProperty.call(ENVIRONMENTS, selector)) return ENVIRONMENTS[selector];
  const base = selector.endsWith(FAILBACK_SUFFIX) ? selector.slice(0, -FAILBACK_SUFFIX.length) : undefined;
  return base !== undefined && Object.prototype.hasOwnProperty.call(ENVIRONMENTS, base) ? withRegionsSwapped(ENVIRONMENTS[base]) : undefined;
}

/** Reads the model's inputs from the stacks. `env` only supplies lag allowances the synthesized config does not carry. */
export function readFacts(app: SynthesizedEnvironment, env?: EnvironmentConfig): Facts {
  const meta = stackMeta(app.standby);
  const config = envConfig(app.selector ?? app.environment, env);
  const naming = config ? new Naming(config) : undefined;
  const missing = (what: string, stack: string): never => {
    throw new InputError(`${what} not found in the synthesized configuration`, stack);
  };

  // DNS: the PRIMARY failover record and its health check (primary stack, or the standby stack when
  // an operator switch is used), the SECONDARY record (standby stack).
  const isPrimaryRecord = (r: JsonObject) => String(block(r, 'failover_routing_policy').type).toUpperCase() === 'PRIMARY';
  const dnsRole = resources(app.primary, 'aws_route53_record').some(isPrimaryRecord) ? 'primary' : 'standby';
  const dnsStack = app[dnsRole];
  const dnsStackName = app.stackNames[dnsRole];
  const primaryRecord =
    resources(dnsStack, 'aws_route53_record').find(isPrimaryRecord) ??
    missing('PRIMARY failover aws_route53_record', `${app.stackNames.primary}, ${app.stackNames.standby}`);
  const checks = record(at(dnsStack, 'resource', 'aws_route53_health_check'));
  const hcRef = str(primaryRecord.health_check_id);
  const recordCheck = (Object.entries(checks).find(([id]) => hcRef.includes(`.${id}.`)) ??
    Object.entries(checks)[0] ??
    missing('aws_route53_health_check of the PRIMARY record', dnsStackName))[1];
  const dnsSwitch = switchOf(record(recordCheck), checks);
  // With a switch, detection is the endpoint health check on the record's target: it pages the operator.
  const targets = new Set([...list(primaryRecord.records), at(primaryRecord, 'alias', 'name')].filter((t) => t !== undefined).map(host));
  const endpointCheck = dnsSwitch === 'endpoint' ? recordCheck : Object.values(checks).find((c) => targets.has(host(at(c, 'fqdn'))));
  const hc = record(endpointCheck);
  const secondary = resources(app.standby, 'aws_route53_record').find((r) => String(at(r, 'failover_routing_policy', 'type')).toUpperCase() === 'SECONDARY');
  const ttl = num(primaryRecord.ttl);

  // Velero: the schedule in the primary's helm_release, S3 replication of the backup bucket.
  let found: { name: string; cron: string } | undefined;
  for (const release of resources(app.primary, 'helm_release')) {
    for (const s of list(release.set)) {
      const m = /^schedules\.([^.]+)\.schedule$/.exec(String(at(s, 'name')));
      if (m) found = { name: m[1], cron: String(at(s, 'value')) };
    }
  }
  if (!found && app.standbyOnly) {
    // A failover synth has no primary schedule; its Restore names it (`velero-<name>`), the environment its interval.
    const restore = resources(app.standby, 'kubernetes_manifest').find((m) => at(m, 'manifest', 'kind') === 'Restore');
    const fromRestore = at(restore, 'manifest', 'spec', 'scheduleName') ?? at(restore, 'manifest', 'metadata', 'annotations', 'warm-standby/schedule-name');
    const scheduleName = /^velero-(.+)$/.exec(str(fromRestore))?.[1];
    const minutes = config?.velero.backupIntervalMinutes;
    if (scheduleName && minutes) found = { name: scheduleName, cron: minutes % 60 === 0 ? `0 */${minutes / 60} * * *` : `*/${minutes} * * * *` };
  }
  const schedule = found ?? missing('Velero schedule (helm_release set schedules.<name>.schedule)', app.stackNames.primary);
  const replicationConfigs = resources(app.replication, 'aws_s3_bucket_replication_configuration');
  const rule = replicationConfigs
    .flatMap((r) => (Array.isArray(r.rule) ? list(r.rule) : [r.rule]))
    .find((r) => r && str(at(r, 'status'), 'Enabled') === 'Enabled');
  const dest = block(rule, 'destination');
  const rtcBlock = block(dest, 'replication_time');
  const rtc = str(rtcBlock.status) === 'Enabled';
  const rtcMinutes = num(block(rtcBlock, 'time').minutes);
  const replicationSeconds = rtc ? Math.max(MODEL.s3ReplicationTimeControl.seconds, (rtcMinutes ?? 15) * 60) : MODEL.s3ReplicationWithoutRtc.seconds;

  // RDS: ReplicaLag alarm threshold in the standby stack, else the environment's allowance.
  const replica = resources(app.standby, 'aws_db_instance')[0] ?? missing('standby aws_db_instance', app.stackNames.standby);
  const alarm = resources(app.standby, 'aws_cloudwatch_metric_alarm').find((a) => a.metric_name === 'ReplicaLag' && a.namespace === 'AWS/RDS');
  const alarmThreshold = num(alarm?.threshold);
  const rdsLag =
    alarmThreshold !== undefined
      ? { lagAllowance: alarmThreshold, lagSource: `ReplicaLag alarm threshold ${alarmThreshold} s` }
      : config
        ? {
            lagAllowance: config.rds.replicaLagAllowanceSeconds,
            lagSource: `rds.replicaLagAllowanceSeconds ${config.rds.replicaLagAllowanceSeconds} s (no ReplicaLag alarm in ${app.failover ? 'failover mode' : 'the standby stack'})`,
          }
        : { lagAllowance: MODEL.rdsDefaultLagAllowance.seconds, lagSource: `assumed lag ${MODEL.rdsDefaultLagAllowance.seconds} s` };

  // EKS
  const ng = (stack: JsonObject, name: string) => resources(stack, 'aws_eks_node_group')[0] ?? missing('aws_eks_node_group', name);
  // A failover synth has no primary node group: its size is in the standby's stack metadata.
  const primaryNg: JsonObject = app.standbyOnly
    ? { scaling_config: { desired_size: num(meta.primary_desired_nodes) ?? 0 } }
    : ng(app.primary, app.stackNames.primary);
  const standbyNg = ng(app.standby, app.stackNames.standby);
  const desired = (g: JsonObject) => num(block(g, 'scaling_config').desired_size) ?? 0;
  const cluster = resources(app.standby, 'aws_eks_cluster')[0];
  const primaryDesired = desired(primaryNg);
  // In failover mode the synthesized standby is already at the primary's size: applying it is the
  // scale-up, from the warm size the environment declares (unknown: assume a scale-up is needed).
  const standbyDesired = app.failover ? (config?.eks.standby.desiredNodes ?? 0) : desired(standbyNg);

  // ElastiCache
  const standbyGroup =
    resources(app.standby, 'aws_elasticache_replication_group')[0] ?? missing('standby aws_elasticache_replication_group', app.stackNames.standby);
  const globalGroup = resources(app.primary, 'aws_elasticache_global_replication_group')[0];
  const globalId = str(
    standbyGroup.global_replication_group_id,
    globalGroup ? `<prefix>-${String(globalGroup.global_replication_group_id_suffix)}` : '<global-replication-group-id>',
  );

  // OpenSearch
  const follower = resources(app.standby, 'aws_opensearch_domain')[0] ?? missing('standby aws_opensearch_domain', app.stackNames.standby);
  const connection = resources(app.standby, 'aws_opensearch_outbound_connection')[0];
  const osLag = config
    ? {
        lagAllowance: config.opensearch.replicationLagAllowanceSeconds,
        lagSource: `opensearch.replicationLagAllowanceSeconds ${config.opensearch.replicationLagAllowanceSeconds} s`,
      }
    : { lagAllowance: MODEL.openSearchDefaultLagAllowance.seconds, lagSource: `assumed lag ${MODEL.openSearchDefaultLagAllowance.seconds} s` };

  // Redshift feed (standby side: it keeps loading after the primary is lost)
  const esm = resources(app.standby, 'aws_lambda_event_source_mapping')[0] ?? missing('standby aws_lambda_event_source_mapping', app.stackNames.standby);
  // The loader (the stack has other functions, e.g. the loader-user bootstrap): by its component tag.
  const functions = resources(app.standby, 'aws_lambda_function');
  const fn =
    functions.find((f) => record(f.tags)['warm-standby/component'] === 'feed-loader') ??
    functions[0] ??
    missing('standby aws_lambda_function', app.stackNames.standby);
  const queue = resources(app.standby, 'aws_sqs_queue').find((q) => q.redrive_policy) ?? resources(app.standby, 'aws_sqs_queue')[0];

  return {
    environment: app.environment,
    selector: app.selector ?? app.environment,
    failover: app.failover,
    stackNames: app.stackNames,
    primaryRegion: String(meta.peer_region),
    standbyRegion: String(meta.region),
    targets: { rpo: num(at(meta, 'objectives', 'rpo_seconds')) ?? 0, rto: num(at(meta, 'objectives', 'rto_seconds')) ?? 0 },
    dns: {
      interval: num(hc.request_interval) ?? MODEL.route53DefaultRequestInterval.seconds,
      threshold: num(hc.failure_threshold) ?? MODEL.route53DefaultFailureThreshold.seconds,
      ttl: ttl ?? MODEL.aliasRecordTtl.seconds,
      ttlFromAlias: ttl === undefined,
      recordName: String(primaryRecord.name),
      zoneId: String(primaryRecord.zone_id),
      fqdn: str(hc.fqdn ?? hc.ip_address ?? [...targets][0]),
      standbyTarget: str(list(secondary?.records)[0]),
      switch: dnsSwitch,
      stack: dnsStackName,
      endpointCheckMissing: endpointCheck === undefined,
    },
    velero: {
      scheduleName: schedule.name,
      cron: schedule.cron,
      intervalSeconds: cronIntervalSeconds(schedule.cron),
      rtc,
      replicationSeconds,
      replicaBucket: str(dest.bucket, app.standbyOnly ? standbyVeleroBucket(app.standby) : '').replace(/^arn:aws[a-z-]*:s3:::/, ''),
    },
    rds: {
      ...rdsLag,
      replicaIdentifier: String(replica.identifier),
      promoted: !replica.replicate_source_db,
      // The source's master credential (replicated to the standby Region), by its name in the primary stack.
      masterSecretName: str(
        // `<identifier>-master` (MasterSecret); the primary also replicates the Redis AUTH token secret.
        resources(app.primary, 'aws_secretsmanager_secret').find((x) => (Array.isArray(x.replica) || x.replica) && String(x.name).endsWith('-master'))?.name,
        app.standbyOnly && naming ? `${naming.dbIdentifier('primary')}-master` : '<source identifier>-master',
      ),
      sourceIdentifier: str(resources(app.primary, 'aws_db_instance')[0]?.identifier, naming ? naming.dbIdentifier('primary') : '<source identifier>'),
    },
    eks: {
      clusterName: str(cluster?.name, '<cluster>'),
      nodeGroupName: str(standbyNg.node_group_name, '<node group>'),
      primaryDesired,
      standbyDesired,
      scaleUpSeconds: standbyDesired >= primaryDesired ? 0 : MODEL.eksNodeScaleUp.seconds,
    },
    elasticache: {
      globalId,
      standbyGroupId: String(standbyGroup.replication_group_id),
      primaryGroupId: str(
        resources(app.primary, 'aws_elasticache_replication_group')[0]?.replication_group_id,
        naming ? naming.cacheGroupId('primary') : '<primary replication group id>',
      ),
    },
    backend: at(app.standby, 'terraform', 'cloud') ? 'cloud' : at(app.standby, 'terraform', 'backend', 's3') ? 's3' : 'other',
    opensearch: {
      ...osLag,
      followerDomain: String(follower.domain_name),
      leaderAlias: str(connection?.connection_alias, '<leader alias>'),
      // The follower's bootstrap is invoked from the replication stack; its triggers name the rule.
      autofollowRule: str(
        [...resources(app.replication, 'aws_lambda_invocation'), ...resources(app.standby, 'aws_lambda_invocation')]
          .map((i) => at(i, 'triggers', 'autofollow_rule'))
          .find(Boolean),
        '<autofollow rule>',
      ),
      connected: connection !== undefined,
      bootstrapFunction: str(
        resources(app.standby, 'aws_lambda_function')
          .map((x) => x.function_name)
          .find((n) => typeof n === 'string' && n === `${String(follower.domain_name)}-repl-bootstrap`),
        `${String(follower.domain_name)}-repl-bootstrap`,
      ),
    },
    feed: {
      batchingWindow: num(esm.maximum_batching_window_in_seconds) ?? MODEL.lambdaDefaultBatchingWindow.seconds,
      lambdaTimeout: num(fn.timeout) ?? MODEL.lambdaDefaultTimeout.seconds,
      standbyFunction: String(fn.function_name),
      standbyQueue: str(queue?.name),
    },
  };
}

/** Durations of the runbook's failover steps; their sum is the overall RTO. */
export interface StepDurations {
  readonly detect: number;
  readonly decide: number;
  /** Flipping the operator switch (0 without one: Route 53 fails over on the endpoint check). */
  readonly switch: number;
  readonly dataTier: number;
  readonly compute: number;
  readonly traffic: number;
  readonly verify: number;
}

export function dataTierParts(_f: Facts) {
  return {
    // Failover mode: applying this configuration is what promotes the replica, so promotion counts too.
    rds: MODEL.terraformDeploy.seconds + MODEL.rdsReplicaPromotion.seconds,
    elasticache: MODEL.elasticacheGlobalDatastoreFailover.seconds,
    opensearch: MODEL.openSearchStopReplication.seconds,
  };
}

export function stepDurations(f: Facts): StepDurations {
  const parts = dataTierParts(f);
  return {
    detect: f.dns.interval * f.dns.threshold,
    decide: MODEL.decision.seconds,
    switch: f.dns.switch === 'endpoint' ? 0 : MODEL.dnsSwitchFlip.seconds,
    dataTier: Math.max(parts.rds, parts.elasticache, parts.opensearch),
    compute: f.eks.scaleUpSeconds + MODEL.veleroRestore.seconds,
    traffic: f.dns.ttl,
    verify: MODEL.verify.seconds,
  };
}

export function totalSeconds(d: StepDurations): number {
  return d.detect + d.decide + d.switch + d.dataTier + d.compute + d.traffic + d.verify;
}

/** Per-component and overall RPO/RTO estimates for the synthesized environment. */
export function estimate(app: SynthesizedEnvironment, options: { env?: EnvironmentConfig } = {}): ObjectivesReport {
  const f = readFacts(app, options.env);
  const { rpo: tRpo, rto: tRto } = f.targets;
  const parts = dataTierParts(f);
  const component = (name: string, rpo: number, rto: number, basis: string): ComponentEstimate => ({
    component: name,
    rpo_seconds: rpo,
    rto_seconds: rto,
    target_rpo_seconds: tRpo,
    target_rto_seconds: tRto,
    meets: rpo <= tRpo && rto <= tRto,
    basis,
  });
  const rdsPromotion = parts.rds - MODEL.terraformDeploy.seconds;
  const dnsComponent = (): ComponentEstimate => {
    const d = f.dns;
    const ttl = `${d.ttl} s TTL${d.ttlFromAlias ? ' (alias record, assumed)' : ''}`;
    if (d.switch === 'endpoint') {
      return component(
        'dns',
        0,
        d.interval * d.threshold + d.ttl,
        `RTO = health check ${d.interval} s interval x ${d.threshold} failures + ${ttl}; RPO 0 (no data)`,
      );
    }
    // An operator switch moves traffic only when flipped: the decision is on the DNS path.
    const check = d.endpointCheckMissing
      ? `no endpoint health check on the target, Route 53 defaults ${d.interval} s x ${d.threshold} assumed`
      : `endpoint health check ${d.interval} s interval x ${d.threshold} failures`;
    return component(
      'dns',
      0,
      d.interval * d.threshold + MODEL.decision.seconds + MODEL.dnsSwitchFlip.seconds + d.ttl,
      `RTO = ${check} (pages the operator) + ${MODEL.decision.seconds} s operator decision + ${MODEL.dnsSwitchFlip.seconds} s ${d.switch === 'arc' ? 'ARC routing control' : 'manual switch'} flip + ${ttl}; RPO 0 (no data)`,
    );
  };
  const components = [
    dnsComponent(),
    component(
      'rds',
      f.rds.lagAllowance,
      parts.rds,
      `RPO = ${f.rds.lagSource}; RTO = ${MODEL.terraformDeploy.seconds} s cdktf deploy + ${rdsPromotion} s replica promotion`,
    ),
    component(
      'velero',
      f.velero.intervalSeconds + f.velero.replicationSeconds,
      MODEL.veleroRestore.seconds,
      `RPO = ${f.velero.intervalSeconds} s backup interval (cron "${f.velero.cron}") + ${f.velero.replicationSeconds} s S3 replication (${f.velero.rtc ? 'RTC 15 min SLA' : 'no RTC, assumed'}); RTO = ${MODEL.veleroRestore.seconds} s restore`,
    ),
    component(
      'eks',
      0,
      f.eks.scaleUpSeconds,
      `RTO = ${f.eks.scaleUpSeconds ? `${f.eks.scaleUpSeconds} s node scale-up (standby ${f.failover ? 'warm ' : ''}desired ${f.eks.standbyDesired} < primary desired ${f.eks.primaryDesired})` : `0 s (standby desired ${f.eks.standbyDesired} >= primary desired ${f.eks.primaryDesired})`}; RPO 0 (stateless)`,
    ),
    component(
      'elasticache',
      MODEL.elasticacheCrossRegionLag.seconds,
      parts.elasticache,
      `RPO = ${MODEL.elasticacheCrossRegionLag.seconds} s Global Datastore replication lag; RTO = ${parts.elasticache} s Global Datastore failover`,
    ),
    component(
      'opensearch',
      f.opensearch.lagAllowance,
      parts.opensearch,
      `RPO = ${f.opensearch.lagSource}; RTO = ${parts.opensearch} s stop replication / promote follower`,
    ),
    component(
      'redshift-feed',
      f.feed.batchingWindow + f.feed.lambdaTimeout,
      MODEL.sqsLongPollWait.seconds + f.feed.batchingWindow,
      `RPO = ${f.feed.batchingWindow} s batching window + ${f.feed.lambdaTimeout} s Lambda timeout; RTO = ${MODEL.sqsLongPollWait.seconds} s SQS long poll + ${f.feed.batchingWindow} s batching window (standby loader already active)`,
    ),
  ];
  const rpo = Math.max(...components.map((x) => x.rpo_seconds));
  const rto = totalSeconds(stepDurations(f));
  return {
    environment: f.environment,
    mode: f.failover ? 'failover' : 'normal',
    components,
    overall: { rpo_seconds: rpo, rto_seconds: rto, meets: rpo <= tRpo && rto <= tRto && components.every((x) => x.meets) },
  };
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  if (m < 60) return s ? `${m} min ${s} s` : `${m} min`;
  const h = Math.floor(m / 60);
  return `${h} h${m % 60 ? ` ${m % 60} min` : ''}${s ? ` ${s} s` : ''}`;
}

export const OBJECTIVES_FORMATS = ['text', 'json', 'markdown'] as const;
export type ObjectivesFormat = (typeof OBJECTIVES_FORMATS)[number];

export function renderObjectives(report: ObjectivesReport, format: ObjectivesFormat): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  const rows = report.components.map((c) => [
    c.component,
    String(c.rpo_seconds),
    String(c.target_rpo_seconds),
    String(c.rto_seconds),
    String(c.target_rto_seconds),
    c.meets ? 'yes' : 'NO',
    c.basis,
  ]);
  const o = report.overall;
  const overallRow = [
    'overall',
    String(o.rpo_seconds),
    String(report.components[0]?.target_rpo_seconds ?? ''),
    String(o.rto_seconds),
    String(report.components[0]?.target_rto_seconds ?? ''),
    o.meets ? 'yes' : 'NO',
    'RPO = max of components; RTO = runbook total (detect + decide + switch + data tier + compute + traffic + verify)',
  ];
  const header = ['component', 'RPO s', 'target', 'RTO s', 'target', 'meets', 'basis'];
  if (format === 'markdown') {
    const line = (r: string[]) => `| ${r.map((x) => x.replace(/\|/g, '\\|')).join(' | ')} |`;
    return [
      `## Recovery objectives: ${report.environment} (${report.mode})`,
      '',
      line(header),
      line(header.map(() => '---')),
      ...rows.map(line),
      line(overallRow.map((x, i) => (i === 0 ? '**overall**' : x))),
      '',
    ].join('\n');
  }
  const all = [header, ...rows, overallRow];
  const widths = header.map((_, i) => (i === header.length - 1 ? 0 : Math.max(...all.map((r) => r[i].length))));
  const fmt = (r: string[]) =>
    r
      .map((x, i) => (i === r.length - 1 ? x : i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [
    `recovery objectives: ${report.environment} (${report.mode} mode)`,
    fmt(header),
    ...rows.map(fmt),
    fmt(overallRow),
    `verdict: ${o.meets ? 'estimates meet the targets' : 'at least one estimate misses its target'}`,
    '',
  ].join('\n');
}
