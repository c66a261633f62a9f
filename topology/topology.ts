import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../common/errors';

/**
 * The topology of one synthesized environment, read from a cdktf.out folder (manifest.json and each
 * stack's cdk.tf.json): Regions, stacks, the components each stack creates, the replication paths
 * between them and the DNS switch. Nothing is hand-written: a component or arrow appears only when
 * the synthesized configuration has the resource (or reference) it stands for.
 */

export type NodeKind =
  | 'eks'
  | 'rds'
  | 'elasticache'
  | 'opensearch'
  | 'bucket'
  | 'topic'
  | 'queue'
  | 'loader'
  | 'redshift'
  | 'helm'
  | 'restore'
  | 'link'
  | 'dns-record'
  | 'dns-switch'
  | 'health-check'
  | 'endpoint';

export interface TopologyNode {
  /** Mermaid-safe id, stable for a given synth. */
  readonly id: string;
  readonly kind: NodeKind;
  readonly label: string;
  /** Terraform address in its stack (`type.logical_id`), or the host name for an application endpoint. */
  readonly address: string;
  /** Stack that creates it; undefined for application endpoints and the DNS name (not created by a stack). */
  readonly stack?: string;
  readonly region?: string;
}

export type EdgeKind = 'replication' | 'dataflow' | 'dns' | 'switch';

export interface TopologyEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  readonly label: string;
}

export interface TopologyStack {
  readonly name: string;
  readonly role: string;
  readonly layer: string;
  readonly region: string;
  /** Where its state lives, e.g. `s3://bucket/key (us-east-1)` or `HCP Terraform org/workspace`. */
  readonly state: string;
  readonly dependsOn: readonly string[];
}

export interface Topology {
  readonly environment: string;
  readonly mode: 'normal' | 'failover';
  readonly primaryRegion: string;
  readonly standbyRegion: string;
  readonly stacks: readonly TopologyStack[];
  readonly nodes: readonly TopologyNode[];
  readonly edges: readonly TopologyEdge[];
  /** Who moves traffic between the Regions: `arc`, `manual`, `endpoint` (none: the health check itself), or `none` when no PRIMARY record was synthesized. */
  readonly dnsSwitch: 'arc' | 'manual' | 'endpoint' | 'none';
}

interface ManifestStack {
  readonly synthesizedStackPath?: string;
  readonly dependencies?: readonly string[];
}

/** Reads a cdktf.out folder; one-line {@link InputError}s for anything missing or malformed. */
export function topologyFromDir(dir: string): Topology {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!fs.existsSync(dir)) throw new InputError('no such file or directory', dir);
  if (!fs.statSync(dir).isDirectory()) throw new InputError('not a cdktf.out folder (expected a directory with manifest.json)', dir);
  if (!fs.existsSync(manifestFile)) throw new InputError('not a cdktf.out folder: manifest.json is missing', manifestFile);
  const manifest = readJsonFile(manifestFile) as { stacks?: Record<string, ManifestStack> };
  if (!manifest || typeof manifest.stacks !== 'object' || manifest.stacks === null) throw new InputError('manifest.json has no "stacks" object', manifestFile);
  const stacks: Record<string, unknown> = {};
  for (const [name, entry] of Object.entries(manifest.stacks)) {
    const file = path.join(dir, entry?.synthesizedStackPath ?? path.join('stacks', name, 'cdk.tf.json'));
    if (!fs.existsSync(file)) throw new InputError(`stack ${name} was not synthesized`, file);
    stacks[name] = readJsonFile(file);
  }
  const dependencies = Object.fromEntries(Object.entries(manifest.stacks).map(([name, entry]) => [name, [...(entry?.dependencies ?? [])]]));
  return buildTopology(stacks, dependencies, dir);
}

function readJsonFile(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new InputError(`bad JSON: ${(err as Error).message}`, file);
  }
}

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call */
// Synthesized Terraform JSON is untyped by nature; every read below checks what it uses.

interface StackMeta {
  readonly environment: string;
  readonly role: string;
  readonly layer: string;
  readonly region: string;
  readonly peer_region: string;
  readonly failover: boolean;
}

function metaOf(stack: any): StackMeta | undefined {
  const meta = stack?.output?.warm_standby_stack?.value;
  return meta && typeof meta.role === 'string' && typeof meta.region === 'string' ? (meta as StackMeta) : undefined;
}

function entries(stack: any, type: string): [string, any][] {
  const block = stack?.resource?.[type];
  return block && typeof block === 'object' ? Object.entries(block) : [];
}

/** `${type.logical_id.attr}` references inside a value (any depth). */
function refsIn(value: unknown): string[] {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? '');
  return [...text.matchAll(/\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.[a-z_]+/g)].map((m) => `${m[1]}.${m[2]}`);
}

function first<T>(value: T | readonly T[] | undefined): T | undefined {
  return Array.isArray(value) ? (value[0] as T | undefined) : (value as T | undefined);
}

/** A scalar as text; objects and arrays (never names in these fields) as ''. */
function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

const mermaidId = (text: string) => text.replace(/[^A-Za-z0-9_]/g, '_');

function stateOf(stack: any): string {
  const s3 = stack?.terraform?.backend?.s3;
  if (s3) return `s3://${s3.bucket}/${s3.key} (${s3.region})`;
  const cloud = stack?.terraform?.cloud;
  if (cloud) return `HCP Terraform ${cloud.organization}/${cloud.workspaces?.name ?? '?'}`;
  const local = stack?.terraform?.backend?.local;
  if (local) return 'local';
  return 'unknown';
}

/** Builds the topology from parsed stacks (stack name -> cdk.tf.json) and the manifest's stack dependencies. */
export function buildTopology(
  stacks: Readonly<Record<string, unknown>>,
  dependencies: Readonly<Record<string, readonly string[]>> = {},
  where = 'cdktf.out',
): Topology {
  const metas = Object.entries(stacks)
    .map(([name, stack]) => ({ name, stack: stack as any, meta: metaOf(stack) }))
    .filter((s): s is { name: string; stack: any; meta: StackMeta } => s.meta !== undefined)
    .sort((a, b) => a.name.localeCompare(b.name));
  if (metas.length === 0) throw new InputError('no stack with a warm_standby_stack output', where);
  const environments = [...new Set(metas.map((m) => m.meta.environment))];
  if (environments.length !== 1) throw new InputError(`stacks of several environments (${environments.join(', ')}); a topology shows one`, where);
  const anchor = metas.find((m) => m.meta.role === 'primary') ?? metas.find((m) => m.meta.role === 'standby') ?? metas[0];
  const primaryRegion = anchor.meta.role === 'standby' ? anchor.meta.peer_region : anchor.meta.region;
  const standbyRegion = anchor.meta.role === 'standby' ? anchor.meta.region : anchor.meta.peer_region;

  const environmentPrefix = `${environments[0]}-`;
  const nodes: TopologyNode[] = [];
  const edges: TopologyEdge[] = [];
  const byAddress = new Map<string, TopologyNode>(); // `${stack}:${type.id}`
  const byName = new Map<string, TopologyNode>(); // `${kind}:${region}:${name}`
  const add = (n: Omit<TopologyNode, 'id'>, names: readonly string[] = []): TopologyNode => {
    // Short ids keep the diagram source readable: the stack's role suffix and the logical id.
    const stackPart = n.stack ? n.stack.slice(environmentPrefix.length) : 'dns';
    const idPart = n.stack ? n.address.slice(n.address.indexOf('.') + 1) : n.address;
    let id = mermaidId(`${stackPart}_${idPart}`);
    while (nodes.some((x) => x.id === id)) id = `${id}_`;
    const node: TopologyNode = { id, ...n };
    nodes.push(node);
    if (n.stack) byAddress.set(`${n.stack}:${n.address}`, node);
    for (const name of names) byName.set(`${n.kind}:${n.region}:${name}`, node);
    return node;
  };
  const edge = (from: TopologyNode | undefined, to: TopologyNode | undefined, kind: EdgeKind, label: string) => {
    if (from && to) edges.push({ from: from.id, to: to.id, kind, label });
  };
  const local = (stack: string, ref: string) => byAddress.get(`${stack}:${ref}`);

  // Components, stack by stack.
  for (const { name, stack, meta } of metas) {
    const region = meta.region;
    const at = { stack: name, region };
    const groups = entries(stack, 'aws_eks_node_group');
    for (const [id, c] of entries(stack, 'aws_eks_cluster')) {
      const sizes = groups
        .map(([, g]): any => first<any>(g.scaling_config))
        .filter(Boolean)
        .map((s: any) => `nodes ${s.min_size}/${s.desired_size}/${s.max_size} (min/desired/max)`);
      add({ kind: 'eks', label: [`EKS ${c.name}`, `Kubernetes ${c.version ?? '?'}`, ...sizes].join('<br/>'), address: `aws_eks_cluster.${id}`, ...at }, [
        String(c.name),
      ]);
    }
    for (const [id, db] of entries(stack, 'aws_db_instance')) {
      const what = db.replicate_source_db ? 'cross-Region read replica' : meta.failover && meta.role === 'standby' ? 'promoted (failover)' : 'source';
      add({ kind: 'rds', label: `RDS ${db.engine ?? 'postgres'} ${db.identifier}<br/>${what}`, address: `aws_db_instance.${id}`, ...at }, [
        String(db.identifier),
      ]);
    }
    for (const [id, g] of entries(stack, 'aws_elasticache_replication_group')) {
      add({ kind: 'elasticache', label: `ElastiCache ${g.replication_group_id}`, address: `aws_elasticache_replication_group.${id}`, ...at }, [
        String(g.replication_group_id),
      ]);
    }
    for (const [id, d] of entries(stack, 'aws_opensearch_domain')) {
      add({ kind: 'opensearch', label: `OpenSearch ${d.domain_name}<br/>${d.engine_version ?? ''}`, address: `aws_opensearch_domain.${id}`, ...at }, [
        String(d.domain_name),
      ]);
    }
    for (const [id, b] of entries(stack, 'aws_s3_bucket')) {
      add({ kind: 'bucket', label: `S3 ${b.bucket}`, address: `aws_s3_bucket.${id}`, ...at }, [String(b.bucket)]);
    }
    // The feed: topics with an SQS subscription, queues that are not only someone's dead-letter queue,
    // Lambda functions fed by an SQS event source, Redshift clusters.
    const sqsSubs = entries(stack, 'aws_sns_topic_subscription').filter(([, s]) => s.protocol === 'sqs');
    const fedTopics = new Set(sqsSubs.flatMap(([, s]) => refsIn(s.topic_arn)));
    for (const [id, t] of entries(stack, 'aws_sns_topic')) {
      if (fedTopics.has(`aws_sns_topic.${id}`)) add({ kind: 'topic', label: `SNS ${t.name}`, address: `aws_sns_topic.${id}`, ...at }, [String(t.name)]);
    }
    const deadLetters = new Set(entries(stack, 'aws_sqs_queue').flatMap(([, q]) => refsIn(q.redrive_policy)));
    for (const [id, q] of entries(stack, 'aws_sqs_queue')) {
      if (!deadLetters.has(`aws_sqs_queue.${id}`)) add({ kind: 'queue', label: `SQS ${q.name}`, address: `aws_sqs_queue.${id}`, ...at }, [String(q.name)]);
    }
    const mappings = entries(stack, 'aws_lambda_event_source_mapping');
    const fedFunctions = new Set(mappings.flatMap(([, m]) => refsIn(m.function_name)));
    for (const [id, f] of entries(stack, 'aws_lambda_function')) {
      if (fedFunctions.has(`aws_lambda_function.${id}`))
        add({ kind: 'loader', label: `Lambda ${f.function_name}`, address: `aws_lambda_function.${id}`, ...at });
    }
    for (const [id, c] of entries(stack, 'aws_redshift_cluster')) {
      add({ kind: 'redshift', label: `Redshift ${c.cluster_identifier}`, address: `aws_redshift_cluster.${id}`, ...at });
    }
    for (const [id, r] of entries(stack, 'helm_release')) {
      const sets = ((r.set ?? []) as { name: string; value: unknown }[]).filter((s) => s && typeof s.name === 'string');
      const mode = text(sets.find((s) => /backupStorageLocation\[0\]\.accessMode$/.test(s.name))?.value);
      const schedules = sets.map((s) => /^schedules\.([^.]+)\.schedule$/.exec(s.name)).filter(Boolean) as RegExpExecArray[];
      const extra = [mode ? `backups ${mode}` : '', ...schedules.map((m) => `schedule ${m[1]}: ${String(sets.find((s) => s.name === m[0])?.value)}`)].filter(
        Boolean,
      );
      add({ kind: 'helm', label: [`Helm ${r.chart} ${r.version ?? ''}`.trim(), ...extra].join('<br/>'), address: `helm_release.${id}`, ...at });
    }
    for (const [id, m] of entries(stack, 'kubernetes_manifest')) {
      const manifest = m.manifest ?? {};
      add({
        kind: 'restore',
        label: `${manifest.kind ?? 'manifest'} ${manifest.metadata?.name ?? ''}${manifest.spec?.scheduleName ? `<br/>from schedule ${manifest.spec.scheduleName}` : ''}`,
        address: `kubernetes_manifest.${id}`,
        ...at,
      });
    }
    // Links only the replication stack makes: drawn as nodes inside it, the arrow passes through them.
    for (const [id] of entries(stack, 'aws_s3_bucket_replication_configuration'))
      add({ kind: 'link', label: 'S3 replication rule', address: `aws_s3_bucket_replication_configuration.${id}`, ...at });
    for (const [id] of entries(stack, 'aws_opensearch_inbound_connection_accepter'))
      add({ kind: 'link', label: 'OpenSearch connection accepter', address: `aws_opensearch_inbound_connection_accepter.${id}`, ...at });
  }

  // Arrows inside a stack: topic -> queue -> loader -> Redshift, Velero <-> its bucket.
  for (const { name, stack, meta } of metas) {
    for (const [subId, s] of entries(stack, 'aws_sns_topic_subscription')) {
      if (s.protocol !== 'sqs') continue;
      const topic = refsIn(s.topic_arn).map((r) => local(name, r))[0] ?? arnNode(byName, 'topic', s.topic_arn);
      const queue = refsIn(s.endpoint).map((r) => local(name, r))[0] ?? arnNode(byName, 'queue', s.endpoint);
      if (meta.role === 'replication') {
        const sub = add({ kind: 'link', label: 'SNS subscription', address: `aws_sns_topic_subscription.${subId}`, stack: name, region: meta.region });
        edge(topic, sub, 'replication', 'cross-Region fan-out');
        edge(sub, queue, 'replication', '');
      } else {
        edge(topic, queue, 'dataflow', 'fan-out');
      }
    }
    for (const [, m] of entries(stack, 'aws_lambda_event_source_mapping')) {
      edge(local(name, refsIn(m.event_source_arn)[0] ?? ''), local(name, refsIn(m.function_name)[0] ?? ''), 'dataflow', 'batches');
    }
    for (const [id, f] of entries(stack, 'aws_lambda_function')) {
      const fn = local(name, `aws_lambda_function.${id}`);
      for (const ref of new Set(refsIn(f.environment).filter((r) => r.startsWith('aws_redshift_cluster.')))) edge(fn, local(name, ref), 'dataflow', 'loads');
    }
    for (const [id, r] of entries(stack, 'helm_release')) {
      const sets = ((r.set ?? []) as { name: string; value: unknown }[]).filter((s) => s && typeof s.name === 'string');
      const bucket = sets.find((s) => /backupStorageLocation\[0\]\.bucket$/.test(s.name))?.value;
      const mode = sets.find((s) => /backupStorageLocation\[0\]\.accessMode$/.test(s.name))?.value;
      const release = local(name, `helm_release.${id}`);
      const target = byName.get(`bucket:${meta.region}:${String(bucket)}`);
      if (bucket === undefined) continue;
      if (mode === 'ReadOnly') edge(target, release, 'dataflow', 'reads backups');
      else edge(release, target, 'dataflow', 'writes backups');
    }
    for (const [id] of entries(stack, 'kubernetes_manifest')) {
      const restore = local(name, `kubernetes_manifest.${id}`);
      const velero = nodes.find((n) => n.stack === name && n.kind === 'helm' && /^Helm velero/.test(n.label));
      edge(velero, restore, 'dataflow', 'restores');
    }
  }

  // Replication arrows across Regions.
  for (const { name, stack, meta } of metas) {
    for (const [id, db] of entries(stack, 'aws_db_instance')) {
      const m = /^arn:[^:]+:rds:([^:]+):[^:]*:db:(.+)$/.exec(String(db.replicate_source_db ?? ''));
      if (m) edge(byName.get(`rds:${m[1]}:${m[2]}`), local(name, `aws_db_instance.${id}`), 'replication', 'async read replica');
    }
    for (const [id, g] of entries(stack, 'aws_elasticache_replication_group')) {
      const globalId = typeof g.global_replication_group_id === 'string' ? g.global_replication_group_id : undefined;
      if (!globalId) continue;
      const primary = metas
        .flatMap((o) => entries(o.stack, 'aws_elasticache_global_replication_group').map(([, gg]) => ({ o, gg })))
        .find(({ gg }) => globalId.endsWith(`-${String(gg.global_replication_group_id_suffix)}`));
      const source = primary ? local(primary.o.name, refsIn(primary.gg.primary_replication_group_id)[0] ?? '') : undefined;
      edge(source, local(name, `aws_elasticache_replication_group.${id}`), 'replication', `Global Datastore ${globalId}`);
    }
    for (const [, c] of entries(stack, 'aws_opensearch_outbound_connection')) {
      const leaderInfo = first<any>(c.remote_domain_info);
      const followerInfo = first<any>(c.local_domain_info);
      const leader = byName.get(`opensearch:${leaderInfo?.region}:${leaderInfo?.domain_name}`);
      const follower = byName.get(`opensearch:${followerInfo?.region ?? meta.region}:${followerInfo?.domain_name}`);
      edge(leader, follower, 'replication', `cross-cluster replication (${c.connection_alias ?? 'connection'})`);
    }
    for (const [id] of entries(stack, 'aws_opensearch_inbound_connection_accepter')) {
      const accepter = local(name, `aws_opensearch_inbound_connection_accepter.${id}`);
      const follower = nodes.find((n) => n.kind === 'opensearch' && n.region !== meta.region);
      edge(accepter, follower, 'replication', 'accepts its connection');
    }
    for (const [id, cfg] of entries(stack, 'aws_s3_bucket_replication_configuration')) {
      const rule = first<any>(cfg.rule);
      const dest = first<any>(rule?.destination);
      const rtc = first<any>(dest?.replication_time);
      const source = [...byName.entries()].find(([k]) => k.startsWith('bucket:') && k.endsWith(`:${String(cfg.bucket)}`))?.[1];
      const destName = String(dest?.bucket ?? '').replace(/^arn:[^:]+:s3:::/, '');
      const target = [...byName.entries()].find(([k]) => k.startsWith('bucket:') && k.endsWith(`:${destName}`))?.[1];
      const link = local(name, `aws_s3_bucket_replication_configuration.${id}`);
      edge(source, link, 'replication', rtc?.status === 'Enabled' ? 'S3 CRR with RTC' : 'S3 CRR');
      edge(link, target, 'replication', '');
    }
  }

  const dnsSwitch = addDns(metas, nodes, add, edge, primaryRegion, standbyRegion);

  const stackList: TopologyStack[] = metas.map(({ name, stack, meta }) => ({
    name,
    role: meta.role,
    layer: meta.layer ?? 'aws',
    region: meta.region,
    state: stateOf(stack),
    dependsOn: [...(dependencies[name] ?? [])].sort(),
  }));
  const failover = metas.some((m) => m.meta.failover === true);
  return { environment: environments[0], mode: failover ? 'failover' : 'normal', primaryRegion, standbyRegion, stacks: stackList, nodes, edges, dnsSwitch };
}

function arnNode(byName: Map<string, TopologyNode>, kind: 'topic' | 'queue', arn: unknown): TopologyNode | undefined {
  const m = /^arn:[^:]+:(?:sns|sqs):([^:]+):[^:]*:(.+)$/.exec(text(arn));
  return m ? byName.get(`${kind}:${m[1]}:${m[2]}`) : undefined;
}

/** The failover record pair, the health checks and the operator switch; returns the switch kind. */
function addDns(
  metas: readonly { name: string; stack: any; meta: StackMeta }[],
  nodes: TopologyNode[],
  add: (n: Omit<TopologyNode, 'id'>) => TopologyNode,
  edge: (from: TopologyNode | undefined, to: TopologyNode | undefined, kind: EdgeKind, label: string) => void,
  primaryRegion: string,
  standbyRegion: string,
): Topology['dnsSwitch'] {
  const records = metas.flatMap(({ name, stack }) =>
    entries(stack, 'aws_route53_record').map(([id, r]) => ({
      name,
      stack,
      id,
      r,
      type: String(first<any>(r.failover_routing_policy)?.type ?? '').toUpperCase(),
    })),
  );
  const failoverRecords = records.filter((x) => x.type === 'PRIMARY' || x.type === 'SECONDARY');
  if (failoverRecords.length === 0) return 'none';
  const recordName = String(failoverRecords[0].r.name);
  const ttl = failoverRecords[0].r.ttl;
  const dns = add({
    kind: 'dns-record',
    label: `Route 53 ${recordName}<br/>failover records${ttl !== undefined ? `, TTL ${ttl} s` : ''}`,
    address: recordName,
  });
  let kind: Topology['dnsSwitch'] = 'none';
  const endpoints = new Map<string, TopologyNode>();
  for (const { name, stack, id, r, type } of failoverRecords) {
    const region = type === 'PRIMARY' ? primaryRegion : standbyRegion;
    for (const target of (r.records ?? []) as string[]) {
      const ep = endpoints.get(target) ?? add({ kind: 'endpoint', label: `app endpoint ${target}`, address: target, region });
      endpoints.set(target, ep);
      edge(dns, ep, 'dns', type === 'PRIMARY' ? 'PRIMARY (while its health check is healthy)' : 'SECONDARY');
    }
    if (type !== 'PRIMARY') continue;
    const checks = Object.fromEntries(entries(stack, 'aws_route53_health_check'));
    const checkId = refsIn(r.health_check_id)[0]?.split('.')[1];
    const check = checkId ? checks[checkId] : undefined;
    if (!check) continue;
    const checkType = String(check.type ?? '').toUpperCase();
    const meta = metas.find((m) => m.name === name)!.meta;
    if (checkType === 'RECOVERY_CONTROL') kind = 'arc';
    else if (checkType === 'CALCULATED' && check.tags?.['warm-standby/dns-switch'] === 'manual') kind = 'manual';
    else kind = 'endpoint';
    const switchLabel =
      kind === 'arc'
        ? 'DNS switch: Route 53 ARC routing controls<br/>operator flips them on the ARC data plane'
        : kind === 'manual'
          ? 'DNS switch: manual (disabled CALCULATED health check)<br/>operator inverts it'
          : 'no switch: the endpoint health check decides';
    const sw = add({ kind: 'dns-switch', label: switchLabel, address: `aws_route53_health_check.${checkId}`, stack: name, region: meta.region });
    edge(sw, dns, 'switch', `gates PRIMARY (${id})`);
    // The endpoint check that pages the operator (or, without a switch, moves traffic itself).
    for (const [hcId, hc] of Object.entries<any>(checks)) {
      if (hcId === checkId || !hc.fqdn) continue;
      const probe = add({
        kind: 'health-check',
        label: `health check ${hc.type} ${hc.fqdn}:${hc.port ?? ''}${hc.resource_path ?? ''}<br/>every ${hc.request_interval ?? 30} s, ${hc.failure_threshold ?? 3} failures`,
        address: `aws_route53_health_check.${hcId}`,
        stack: name,
        region: meta.region,
      });
      edge(probe, endpoints.get(String(hc.fqdn)), 'dns', 'probes');
      if (kind !== 'endpoint') edge(probe, sw, 'switch', 'pages the operator');
    }
    if (kind === 'endpoint') {
      const probed = nodes.find((n) => n.kind === 'health-check' && n.stack === name);
      if (!probed && check.fqdn) edge(sw, endpoints.get(String(check.fqdn)), 'dns', 'probes');
    }
  }
  return kind;
}

/* eslint-enable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call */
