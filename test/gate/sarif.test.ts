import * as fs from 'fs';
import * as path from 'path';
import { renderSarif } from '../../gate/reporters/sarif';
import { mergeReports } from '../../gate/gate';
import { REPO_ROOT, sampleReport } from './fixtures';
import { validateJsonSchema } from './json-schema';

const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'sarif-schema-2.1.0.json'), 'utf8'));

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: {
    physicalLocation?: { artifactLocation: { uri: string }; region?: { startLine: number } };
    logicalLocations: { fullyQualifiedName: string; kind: string }[];
  }[];
  suppressions?: { kind: string; justification: string }[];
  partialFingerprints: Record<string, string>;
}

describe('SARIF reporter', () => {
  const text = renderSarif(sampleReport());
  const log = JSON.parse(text);
  const run = log.runs[0];
  const results = run.results as SarifResult[];
  const byRule = (id: string): SarifResult => results.find((r) => r.ruleId === id)!;

  test('validates against the SARIF 2.1.0 schema', () => {
    expect(validateJsonSchema(schema, log)).toEqual([]);
  });

  test('the schema check can fail: a bad level and a missing message are reported', () => {
    const broken = JSON.parse(text);
    broken.runs[0].results[0].level = 'fatal';
    delete broken.runs[0].results[1].message;
    const errors = validateJsonSchema(schema, broken);
    expect(errors.some((e) => e.includes('results[0].level'))).toBe(true);
    expect(errors.some((e) => e.includes('results[1]') && e.includes('"message"'))).toBe(true);
  });

  test('lists every rule with descriptions, help = recommended action, and properties', () => {
    const rules = run.tool.driver.rules as {
      id: string;
      shortDescription: { text: string };
      fullDescription: { text: string };
      help: { text: string };
      properties: Record<string, unknown>;
    }[];
    expect(rules.map((r) => r.id)).toEqual(['WS-BAK-002', 'WS-DNS-003', 'WS-EKS-002', 'WS-OS-002', 'WS-RDS-003']);
    const eks = rules.find((r) => r.id === 'WS-EKS-002')!;
    expect(eks.shortDescription.text).toBe("Standby node group can scale to the primary's size");
    expect(eks.fullDescription.text).toBe('Description of WS-EKS-002.');
    expect(eks.help.text).toBe('Fix WS-EKS-002.\n\nDescription of WS-EKS-002.\n\nRule source: policies/rules/eks/standby_min_nodes.rego');
    expect(eks.properties).toMatchObject({ severity: 'HIGH', enforcement: 'mandatory', scope: 'stack_local', status: 'evaluated' });
    expect(rules.find((r) => r.id === 'WS-BAK-002')!.properties).toMatchObject({ status: 'not_evaluated', reason: 'needs both Regions' });
  });

  test('levels: error for mandatory, warning for advisory, note + external suppression for suppressed', () => {
    expect(byRule('WS-EKS-002').level).toBe('error');
    expect(byRule('WS-DNS-003').level).toBe('warning');
    const suppressed = byRule('WS-RDS-003');
    expect(suppressed.level).toBe('note');
    expect(suppressed.suppressions).toEqual([expect.objectContaining({ kind: 'external', justification: 'Key migration tracked in OPS-1234' })]);
    expect(byRule('WS-EKS-002').suppressions).toBeUndefined();
  });

  test('locations: the stack file (+ line when known), the construct path and the Terraform address', () => {
    const loc = byRule('WS-EKS-002').locations[0];
    expect(loc.physicalLocation).toEqual({ artifactLocation: { uri: 'cdktf.out/stacks/example-standby/cdk.tf.json' }, region: { startLine: 42 } });
    expect(loc.logicalLocations).toEqual([
      expect.objectContaining({ fullyQualifiedName: 'example-standby/Cluster/NodeGroup', kind: 'module' }),
      expect.objectContaining({ fullyQualifiedName: 'aws_eks_node_group.standby_nodes_9F3C', kind: 'resource' }),
    ]);
    const advisory = byRule('WS-DNS-003').locations[0];
    expect(advisory.physicalLocation).toEqual({ artifactLocation: { uri: 'cdktf.out/stacks/example-primary/cdk.tf.json' } });
    expect(advisory.logicalLocations).toHaveLength(1);
  });

  test('ruleIndex points at the rule; fingerprints are stable and distinct', () => {
    for (const r of results) expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
    const again = JSON.parse(renderSarif(sampleReport())).runs[0].results as SarifResult[];
    expect(again.map((r) => r.partialFingerprints)).toEqual(results.map((r) => r.partialFingerprints));
    expect(new Set(results.map((r) => Object.values(r.partialFingerprints)[0])).size).toBe(results.length);
  });

  test('rules not evaluated are reported as notifications, not dropped', () => {
    expect(run.invocations[0].toolExecutionNotifications).toEqual([
      expect.objectContaining({
        level: 'note',
        message: { text: 'WS-BAK-002 not evaluated: needs both Regions' },
        associatedRule: { id: 'WS-BAK-002', index: 0 },
      }),
    ]);
    expect(run.properties.summary).toEqual({ evaluated: 3, mandatory_failed: 1, advisory_failed: 1, suppressed: 1, not_evaluated: 1 });
  });

  test('an empty report is still a valid log', () => {
    const empty = JSON.parse(renderSarif(mergeReports([])));
    expect(validateJsonSchema(schema, empty)).toEqual([]);
    expect(empty.runs[0].results).toEqual([]);
  });
});
