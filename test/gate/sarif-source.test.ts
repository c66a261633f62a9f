/**
 * SARIF that GitHub code scanning can use on the real `example` app: results located in tracked
 * source (the module line that created the resource, or the environment file), the synthesized
 * file as a related location, `security-severity`, and a help text and link per rule.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PolicyEngine, ensureBundle } from '../../gate';
import { checkPaths } from '../../gate/gate';
import { toSarif } from '../../gate/reporters/sarif';
import { constructSource } from '../../gate/sources';
import { synthEnvironment } from '../support/synth';
import { REPO_ROOT } from './fixtures';
import { validateJsonSchema } from './json-schema';

const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'sarif-schema-2.1.0.json'), 'utf8'));

interface Location {
  id?: number;
  physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region?: { startLine: number } };
  message?: { text: string };
}
interface Result {
  ruleId: string;
  locations: Location[];
  relatedLocations?: Location[];
}

let log: any;
let results: Result[];
let report: Awaited<ReturnType<typeof checkPaths>>;
const GITHUB = { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/warm-standby', GITHUB_SHA: 'abc123' };

beforeAll(async () => {
  // A copy of the example app with two breaks: the standby node group at 0 nodes (WS-EKS-002, a
  // resource from modules/eks) and an RPO target of 0 (WS-OBJ-001, a setting of the environment).
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-sarif-source-'));
  fs.cpSync(synthEnvironment('example').outdir, outdir, { recursive: true });
  const file = path.join(outdir, 'stacks', 'example-standby', 'cdk.tf.json');
  const stack = JSON.parse(fs.readFileSync(file, 'utf8'));
  for (const group of Object.values<any>(stack.resource.aws_eks_node_group)) group.scaling_config.min_size = 0;
  stack.output.warm_standby_stack.value.objectives.rpo_seconds = 0;
  fs.writeFileSync(file, JSON.stringify(stack, null, 2));
  const engine = await PolicyEngine.load(ensureBundle().wasm);
  report = await checkPaths([outdir], { engine, cwd: REPO_ROOT, vars: {} });
  log = toSarif(report, '1.2.3', GITHUB);
  results = log.runs[0].results as Result[];
});

const resultOf = (rule: string): Result => {
  const r = results.find((x) => x.ruleId === rule);
  if (!r) throw new Error(`no ${rule} result in ${results.map((x) => x.ruleId).join(', ')}`);
  return r;
};
const lineOf = (file: string, line: number): string => fs.readFileSync(path.join(REPO_ROOT, file), 'utf8').split('\n')[line - 1];

describe('SARIF for GitHub code scanning on the real example', () => {
  test('is valid SARIF 2.1.0', () => {
    expect(validateJsonSchema(schema, log)).toEqual([]);
  });

  test('a resource finding points at the module line that creates the resource, a tracked file', () => {
    const [primary] = resultOf('WS-EKS-002').locations;
    const { uri, uriBaseId } = primary.physicalLocation.artifactLocation;
    expect(uri).toBe('modules/eks/node-group.ts');
    expect(uriBaseId).toBe('%SRCROOT%');
    expect(lineOf(uri, primary.physicalLocation.region!.startLine)).toMatch(/new EksNodeGroup\(this, 'NodeGroup'/);
  });

  test('the synthesized file and the environment file come along as related locations', () => {
    const related = resultOf('WS-EKS-002').relatedLocations!;
    expect(related.map((l) => l.id)).toEqual([0, 1]);
    expect(related[0].physicalLocation.artifactLocation.uri).toMatch(/stacks\/example-standby\/cdk\.tf\.json$/);
    expect(related[1].physicalLocation.artifactLocation.uri).toBe('environments/example.ts');
  });

  test('a finding about the environment settings points at the environment file, at the key', () => {
    const [primary] = resultOf('WS-OBJ-001').locations;
    expect(primary.physicalLocation.artifactLocation.uri).toBe('environments/example.ts');
    expect(lineOf('environments/example.ts', primary.physicalLocation.region!.startLine)).toMatch(/^\s*objectives:/);
  });

  test('every rule has security-severity, a help text and markdown, and a link to its Rego at the commit', () => {
    const rules = log.runs[0].tool.driver.rules as any[];
    expect(rules.length).toBeGreaterThanOrEqual(57);
    for (const rule of rules) {
      expect(Number(rule.properties['security-severity'])).toBeGreaterThan(0);
      expect(rule.properties.tags).toContain('security');
      expect(rule.help.text.length).toBeGreaterThan(20);
      expect(rule.help.markdown).toContain(`**${rule.id}**`);
      expect(rule.helpUri).toMatch(/^https:\/\/github\.com\/acme\/warm-standby\/blob\/abc123\/policies\/rules\/[a-z_]+\/[a-z_]+\.rego$/);
      expect(fs.existsSync(path.join(REPO_ROOT, rule.helpUri.split('/blob/abc123/')[1]))).toBe(true);
    }
    const eks = rules.find((r) => r.id === 'WS-EKS-002');
    expect(eks.properties['security-severity']).toBe('8.0');
    expect(rules.filter((r) => r.properties.severity === 'CRITICAL').every((r) => r.properties['security-severity'] === '9.5')).toBe(true);
  });

  test('outside GitHub Actions there is no guessed link, only the repository path', () => {
    const local = toSarif(report, '1.2.3', {}) as any;
    const eks = local.runs[0].tool.driver.rules.find((r: any) => r.id === 'WS-EKS-002');
    expect(eks.helpUri).toBeUndefined();
    expect(eks.help.markdown).toContain('Rule source: `policies/rules/eks/standby_min_nodes.rego`');
    const linked = toSarif(report, '1.2.3', { WARM_STANDBY_RULES_URL: 'https://docs.example.com/ws/' }) as any;
    expect(linked.runs[0].tool.driver.rules.find((r: any) => r.id === 'WS-EKS-002').helpUri).toBe(
      'https://docs.example.com/ws/policies/rules/eks/standby_min_nodes.rego',
    );
  });
});

describe('constructSource', () => {
  test('follows a construct path from the stack through the module classes', () => {
    expect(constructSource('example-standby/DatabaseReplica/Instance')).toMatchObject({ file: 'modules/rds-postgres/read-replica.ts' });
    expect(constructSource('example-standby/Cluster/BreakGlassAccess/Entry')).toMatchObject({ file: 'modules/eks/admin-access.ts' });
  });

  test('an unknown or ambiguous path gives no location rather than a wrong one', () => {
    expect(constructSource('example-standby/NoSuchConstruct/X')).toBeUndefined();
    // Both the region stack (EksCluster) and the Kubernetes stack (a data source) create a 'Cluster'.
    expect(constructSource('example-standby/Cluster/NoSuchChild')).toBeUndefined();
  });
});
