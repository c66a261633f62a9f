/**
 * The topology drawn from a synthesized app: Regions, stacks, components, replication arrows and the
 * DNS switch all come from the synthesized JSON, so breaking the JSON removes what it stood for.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../cli/main';
import { defineEnvironment, ENVIRONMENTS } from '../../environments';
import { topologyAppendix } from '../../topology/appendix';
import { renderMermaid, renderTopologyMarkdown } from '../../topology/render';
import { buildTopology, Topology, topologyFromDir } from '../../topology/topology';
import { synthEnvironment } from '../support/synth';

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function labelOf(t: Topology, id: string): string {
  const node = t.nodes.find((n) => n.id === id);
  if (!node) throw new Error(`no node ${id}`);
  return node.label;
}

/** Edges as "from label =[kind: label]=> to label", readable in a failure message. */
function edgesOf(t: Topology, kind?: string): string[] {
  return t.edges.filter((e) => kind === undefined || e.kind === kind).map((e) => `${labelOf(t, e.from)} =[${e.label}]=> ${labelOf(t, e.to)}`);
}

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd: process.cwd() });
  return { code, out: out.join(''), err: err.join('') };
}

describe('topology of example (normal synth)', () => {
  const app = synthEnvironment('example');
  const t = topologyFromDir(app.outdir);

  test('Regions and the five stacks with their Region, layer, state and deploy order', () => {
    expect([t.environment, t.mode, t.primaryRegion, t.standbyRegion]).toEqual(['example', 'normal', 'us-east-1', 'us-west-2']);
    expect(t.stacks.map((s) => [s.name, s.region, s.layer, s.dependsOn.join(',')])).toEqual([
      ['example-primary', 'us-east-1', 'aws', ''],
      // After the replication stack too: the Velero schedule starts only once the backup bucket's replication rule exists.
      ['example-primary-k8s', 'us-east-1', 'kubernetes', 'example-primary,example-replication'],
      ['example-replication', 'us-east-1', 'aws', 'example-standby'],
      ['example-standby', 'us-west-2', 'aws', 'example-primary'],
      ['example-standby-k8s', 'us-west-2', 'kubernetes', 'example-standby'],
    ]);
    expect(t.stacks.find((s) => s.name === 'example-standby')?.state).toBe(
      's3://payments-tfstate-123456789012-us-west-2/example/us-west-2/example-standby.tfstate (us-west-2)',
    );
  });

  test('every replication path crosses the Regions in the right direction', () => {
    const replication = edgesOf(t, 'replication');
    expect(replication).toEqual(
      expect.arrayContaining([
        'RDS postgres payments-example-use1-pg<br/>source =[async read replica]=> RDS postgres payments-example-usw2-pg<br/>cross-Region read replica',
        'ElastiCache payments-example-use1-redis =[Global Datastore ldgnf-payments-cache]=> ElastiCache payments-example-usw2-redis',
        'OpenSearch payments-example-use1<br/>OpenSearch_2.17 =[cross-cluster replication (payments-example-leader)]=> OpenSearch payments-example-usw2<br/>OpenSearch_2.17',
        'S3 payments-example-use1-velero-123456789012 =[S3 CRR with RTC]=> S3 replication rule',
        'S3 replication rule =[]=> S3 payments-example-usw2-velero-123456789012',
      ]),
    );
    // The rule node sits in the replication stack, which owns it.
    const rule = t.nodes.find((n) => n.label === 'S3 replication rule');
    expect(rule?.stack).toBe('example-replication');
    // The feed fans out across the Regions both ways, through the replication stack's subscriptions.
    const feed = replication.filter((e) => e.startsWith('SNS payments-example-feed'));
    expect(feed).toHaveLength(2);
  });

  test('components per stack: standby node group sizes, Velero modes, the feed chain', () => {
    expect(t.nodes.find((n) => n.kind === 'eks' && n.stack === 'example-standby')?.label).toContain('nodes 3/3/6 (min/desired/max)');
    expect(edgesOf(t, 'dataflow')).toEqual(
      expect.arrayContaining([
        'Helm velero 12.0.3<br/>backups ReadWrite<br/>schedule warm-standby: 0 * * * * =[writes backups]=> S3 payments-example-use1-velero-123456789012',
        'S3 payments-example-usw2-velero-123456789012 =[reads backups]=> Helm velero 12.0.3<br/>backups ReadOnly',
        'SQS payments-example-usw2-feed-feed =[batches]=> Lambda payments-example-usw2-feed-feed-loader',
        'Lambda payments-example-usw2-feed-feed-loader =[loads]=> Redshift payments-example-usw2-feed-feed',
      ]),
    );
  });

  test('the DNS switch (default ARC): routing controls in the standby stack gate the PRIMARY record; the endpoint check pages the operator', () => {
    expect(t.dnsSwitch).toBe('arc');
    const switches = t.nodes.filter((n) => n.kind === 'dns-switch');
    expect(switches).toHaveLength(1);
    expect([switches[0].stack, switches[0].region, switches[0].address]).toEqual([
      'example-standby',
      'us-west-2',
      'aws_route53_health_check.DnsSwitch_PrimaryHealthCheck_FADEFB31',
    ]);
    expect(edgesOf(t, 'switch').sort()).toEqual([
      'DNS switch: Route 53 ARC routing controls<br/>operator flips them on the ARC data plane =[gates PRIMARY (PrimaryFailoverRecord_CE775E9C)]=> Route 53 pay.example.com<br/>failover records, TTL 60 s',
      'health check HTTPS pay-use1.example.com:443/healthz<br/>every 10 s, 3 failures =[pages the operator]=> DNS switch: Route 53 ARC routing controls<br/>operator flips them on the ARC data plane',
    ]);
    expect(edgesOf(t, 'dns')).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Route 53 pay\.example\.com.* =\[PRIMARY .*\]=> app endpoint pay-use1\.example\.com$/),
        expect.stringMatching(/^Route 53 pay\.example\.com.* =\[SECONDARY\]=> app endpoint pay-usw2\.example\.com$/),
        expect.stringMatching(/^health check HTTPS pay-use1\.example\.com.* =\[probes\]=> app endpoint pay-use1\.example\.com$/),
      ]),
    );
    expect(t.nodes.find((n) => n.address === 'pay-use1.example.com')?.region).toBe('us-east-1');
    // Without RECOVERY_CONTROL on the PRIMARY record's health check there is no ARC switch to draw.
    const stacks = clone(app.stacks);
    delete stacks['example-standby'].resource.aws_route53_health_check.DnsSwitch_PrimaryHealthCheck_FADEFB31.type;
    expect(buildTopology(stacks).dnsSwitch).not.toBe('arc');
  });

  test('a replica that lost replicate_source_db loses its arrow; a stack without the Global Datastore id loses that one', () => {
    const stacks = clone(app.stacks);
    const replica = Object.values<any>(stacks['example-standby'].resource.aws_db_instance)[0];
    delete replica.replicate_source_db;
    delete Object.values<any>(stacks['example-standby'].resource.aws_elasticache_replication_group)[0].global_replication_group_id;
    const broken = buildTopology(stacks);
    expect(edgesOf(broken, 'replication').some((e) => e.includes('async read replica'))).toBe(false);
    expect(edgesOf(broken, 'replication').some((e) => e.includes('Global Datastore'))).toBe(false);
    expect(edgesOf(broken, 'replication').some((e) => e.includes('cross-cluster replication'))).toBe(true);
  });

  test('Mermaid: unique ids, every arrow between declared nodes, one subgraph per Region and per stack, no raw quote inside a label', () => {
    const mermaid = renderMermaid(t);
    expect(mermaid.split('\n')[0]).toBe('flowchart TB');
    const ids = t.nodes.map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_]+$/);
    for (const e of t.edges) {
      expect(ids).toContain(e.from);
      expect(ids).toContain(e.to);
    }
    const subgraphs = [...mermaid.matchAll(/^\s*subgraph (\S+)\[/gm)].map((m) => m[1]);
    expect(subgraphs).toEqual([
      'r_us_east_1',
      's_example_primary',
      's_example_primary_k8s',
      's_example_replication',
      'r_us_west_2',
      's_example_standby',
      's_example_standby_k8s',
    ]);
    expect(mermaid.match(/^\s*subgraph /gm)?.length).toBe(mermaid.match(/^\s*end$/gm)?.length);
    for (const line of mermaid.split('\n').filter((l) => l.includes('"'))) {
      // Labels are "..." with quotes inside escaped as #quot;: an even number of raw quotes per line.
      expect((line.match(/"/g) ?? []).length % 2).toBe(0);
    }
  });

  test('markdown: a ```mermaid block and the stack table', () => {
    const md = renderTopologyMarkdown(t);
    expect(md).toMatch(/^### Topology: example\n/);
    expect(md).toContain('```mermaid\nflowchart TB\n');
    expect(md).toContain('| `example-replication` | us-east-1 | aws |');
  });
});

describe('topology of other synths', () => {
  test('prod-eu: ARC switch, HCP Terraform workspaces, eu Regions', () => {
    const t = topologyFromDir(synthEnvironment('prod-eu').outdir);
    expect([t.primaryRegion, t.standbyRegion, t.dnsSwitch]).toEqual(['eu-west-1', 'eu-central-1', 'arc']);
    expect(t.stacks.find((s) => s.name === 'prod-eu-standby')?.state).toBe('HCP Terraform acme-payments/warm-standby-prod-eu-standby');
  });

  test('the DNS switch (manual variant): manual switch in the standby stack gates the PRIMARY record; the endpoint check pages the operator', () => {
    const env = defineEnvironment({
      ...ENVIRONMENTS.example,
      name: 'topo-manual',
      dns: { ...ENVIRONMENTS.example.dns, switch: { kind: 'manual' } },
    });
    const t = topologyFromDir(synthEnvironment(env).outdir);
    expect(t.dnsSwitch).toBe('manual');
    const switches = t.nodes.filter((n) => n.kind === 'dns-switch');
    expect(switches).toHaveLength(1);
    expect([switches[0].stack, switches[0].region]).toEqual(['topo-manual-standby', 'us-west-2']);
    expect(edgesOf(t, 'switch')).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^DNS switch: manual .* =\[gates PRIMARY .*\]=> Route 53 pay\.example\.com/),
        expect.stringMatching(/^health check HTTPS pay-use1\.example\.com.* =\[pages the operator\]=> DNS switch: manual /),
      ]),
    );
    expect(edgesOf(t, 'switch')).toHaveLength(2);
    expect(edgesOf(t, 'dns')).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Route 53 pay\.example\.com.* =\[PRIMARY .*\]=> app endpoint pay-use1\.example\.com$/),
        expect.stringMatching(/^Route 53 pay\.example\.com.* =\[SECONDARY\]=> app endpoint pay-usw2\.example\.com$/),
      ]),
    );
    expect(t.nodes.find((n) => n.address === 'pay-use1.example.com')?.region).toBe('us-east-1');
  });

  test('endpoint opt-out: no switch, the endpoint check decides', () => {
    const env = defineEnvironment({
      ...ENVIRONMENTS.example,
      name: 'topo-endpoint',
      dns: { ...ENVIRONMENTS.example.dns, switch: { kind: 'endpoint', reason: 'Synthetic test of automatic failover' } },
    });
    const t = topologyFromDir(synthEnvironment(env).outdir);
    expect(t.dnsSwitch).toBe('endpoint');
    expect(t.nodes.find((n) => n.kind === 'dns-switch')?.label).toMatch(/no switch/);
  });

  test('failover synth: the standby Region alone, the replica promoted, the Velero Restore, the primary Region marked lost', () => {
    const t = topologyFromDir(synthEnvironment('example', { failover: true }).outdir);
    expect(t.mode).toBe('failover');
    expect(t.stacks.map((s) => s.name)).toEqual(['example-standby', 'example-standby-k8s']);
    expect(t.nodes.find((n) => n.kind === 'rds')?.label).toContain('promoted (failover)');
    expect(edgesOf(t, 'dataflow')).toEqual(expect.arrayContaining([expect.stringMatching(/^Helm velero .* =\[restores\]=> Restore /)]));
    expect(edgesOf(t, 'replication')).toEqual([]);
    expect(renderMermaid(t)).toContain('us-east-1 (primary Region, lost: no stack in the failover synth)');
  });
});

describe('warm-standby topology and the PR comment', () => {
  test('CLI: markdown by default, mermaid and json on request, --out writes the file', async () => {
    const dir = synthEnvironment('example').outdir;
    const md = await cli(['topology', dir]);
    expect(md.code).toBe(0);
    expect(md.out).toContain('```mermaid');
    const mermaid = await cli(['topology', dir, '--format', 'mermaid']);
    expect(mermaid.out.startsWith('flowchart TB\n')).toBe(true);
    const json = JSON.parse((await cli(['topology', dir, '-f', 'json'])).out) as Topology;
    expect(json.environment).toBe('example');
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'topo-')), 'topology.md');
    const written = await cli(['topology', dir, '--out', out]);
    expect(written.out).toMatch(/markdown topology written to /);
    expect(fs.readFileSync(out, 'utf8')).toBe(md.out);
  });

  test('CLI: bad input is one line naming what and where, exit 2', async () => {
    const missing = await cli(['topology', '/nonexistent/cdktf.out']);
    expect([missing.code, missing.err]).toEqual([2, 'warm-standby: no such file or directory (/nonexistent/cdktf.out)\n']);
    const format = await cli(['topology', synthEnvironment('example').outdir, '--format', 'svg']);
    expect([format.code, format.err]).toEqual([2, 'warm-standby: unknown format "svg" (--format: one of markdown, mermaid, json)\n']);
    const none = await cli(['topology']);
    expect(none.err).toBe('warm-standby: topology needs exactly one cdktf.out folder (try warm-standby topology --help)\n');
  });

  test('the Markdown report of `check` (the PR comment) ends with the topology of each cdktf.out it checked', async () => {
    const dir = synthEnvironment('example').outdir;
    const appendix = topologyAppendix([dir, path.join(dir, 'stacks', 'example-standby', 'cdk.tf.json')]);
    expect(appendix).toContain('<details><summary>Topology: example</summary>');
    expect(appendix).toContain('```mermaid\nflowchart TB');
    expect(appendix.match(/<details>/g)).toHaveLength(1);
    const markdown = await cli(['check', dir, '--format', 'markdown']);
    expect(markdown.err).toBe('');
    expect(markdown.out.startsWith('<!-- warm-standby-gate -->\n')).toBe(true);
    expect(markdown.out.endsWith(appendix)).toBe(true);
    const text = await cli(['check', dir, '--format', 'text']);
    expect(text.out).not.toContain('```mermaid');
  });
});
