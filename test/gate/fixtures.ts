/**
 * Shared fixtures for the gate tests: a tiny stand-in policy in the contract's report shape
 * (compiled to wasm in a temp dir), hand-made stack configs, plans and reports.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findOpa } from '../../gate/bundle';
import { GateInput } from '../../gate/inputs';
import { mergeReports } from '../../gate/gate';
import { Finding, GateReport, PolicyException, Report, RuleResult } from '../../gate/types';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export function tempDir(prefix = 'ws-gate-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function writeJson(file: string, value: unknown): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
  return file;
}

/**
 * Stand-in for policies/main.rego. WS-TST-001 (mandatory) and WS-TST-002 (advisory) flag resources
 * tagged `test/fail = mandatory|advisory`; WS-TST-003 is cross-Region (not evaluated with one stack);
 * WS-TST-004 is never applicable. Honours data.exceptions with glob.match and reads data.params.
 */
export const STAND_IN_REGO = `package warm_standby.main

_rules := {
	"WS-TST-001": {"title": "Nothing is marked failing", "description": "Resources tagged test/fail=mandatory fail.", "severity": "HIGH", "enforcement": "mandatory", "recommended_action": "Remove the test/fail tag.", "scope": "stack_local"},
	"WS-TST-002": {"title": "Nothing is marked advisory", "description": "Resources tagged test/fail=advisory warn.", "severity": "LOW", "enforcement": "advisory", "recommended_action": "Remove the test/fail tag.", "scope": "stack_local"},
	"WS-TST-003": {"title": "Stacks span two Regions", "description": "The primary and standby stacks are in different Regions.", "severity": "CRITICAL", "enforcement": "mandatory", "recommended_action": "Put the standby stack in another Region.", "scope": "cross_region"},
	"WS-TST-004": {"title": "Never applicable", "description": "Exercises not_applicable.", "severity": "MEDIUM", "enforcement": "advisory", "recommended_action": "Nothing.", "scope": "stack_local"},
}

_level_rule := {"mandatory": "WS-TST-001", "advisory": "WS-TST-002"}

_kind := "cdktf_app" if input.kind == "cdktf_app"
else := "hcp" if is_object(input.run)
else := "plan"

_plan := input.plan if _kind == "hcp"
else := input

_plan_name := sprintf("%s-%s", [m.environment, m.role]) if {
	m := _plan.planned_values.outputs.warm_standby_stack.value
} else := "plan"

_stacks contains s if {
	_kind == "cdktf_app"
	some st in input.stacks
	s := {
		"name": st.name,
		"file": st.file,
		"role": object.get(st.config, ["output", "warm_standby_stack", "value", "role"], "unknown"),
		"region": object.get(st.config, ["provider", "aws", 0, "region"], ""),
	}
}

_stacks contains s if {
	_kind != "cdktf_app"
	s := {
		"name": _plan_name,
		"file": null,
		"role": object.get(_plan, ["planned_values", "outputs", "warm_standby_stack", "value", "role"], "unknown"),
		"region": object.get(_plan, ["planned_values", "outputs", "warm_standby_stack", "value", "region"], ""),
	}
}

_region[s.name] := s.region if some s in _stacks

_resources contains r if {
	_kind == "cdktf_app"
	some st in input.stacks
	some type, named in st.config.resource
	some name, cfg in named
	r := {"stack": st.name, "address": sprintf("%s.%s", [type, name]), "tags": object.get(cfg, "tags", {}), "path": object.get(cfg, ["//", "metadata", "path"], null)}
}

_resources contains r if {
	_kind != "cdktf_app"
	some res in _plan.planned_values.root_module.resources
	r := {"stack": _plan_name, "address": res.address, "tags": object.get(res.values, "tags", {}), "path": null}
}

_cross_evaluated if count(_stacks) >= 2

_raw contains f if {
	some r in _resources
	level := r.tags["test/fail"]
	f := {
		"rule": _level_rule[level], "stack": r.stack, "address": r.address, "path": r.path,
		"message": sprintf("%s is marked %s (min_standby_nodes=%v)", [r.address, level, object.get(data.params, "min_standby_nodes", 1)]),
	}
}

_raw contains f if {
	_cross_evaluated
	count({s.region | some s in _stacks}) < 2
	some s in _stacks
	f := {"rule": "WS-TST-003", "stack": s.name, "address": "provider.aws", "path": null, "message": sprintf("stack %s shares its Region with the other stacks", [s.name])}
}

_first(xs) := xs[0] if count(xs) > 0
else := null

findings := [f |
	some raw in _raw
	meta := _rules[raw.rule]
	matches := [e | some e in data.exceptions; e.rule == raw.rule; glob.match(e.address, [], raw.address)]
	f := object.union(raw, {
		"title": meta.title, "severity": meta.severity, "enforcement": meta.enforcement,
		"recommended_action": meta.recommended_action, "scope": meta.scope,
		"region": object.get(_region, raw.stack, ""),
		"suppressed": count(matches) > 0, "exception": _first(matches),
	})
]

_status(id, _) := "not_applicable" if id == "WS-TST-004"
else := "evaluated" if _rules[id].scope == "stack_local"
else := "evaluated" if _cross_evaluated
else := "not_evaluated"

_reason("WS-TST-004") := "applies to nothing"

_reason(id) := "needs the primary and the standby stack; only one was given" if {
	id == "WS-TST-003"
	not _cross_evaluated
}

_reason(id) := "" if {
	id != "WS-TST-004"
	not _reason_cross(id)
}

_reason_cross(id) if {
	id == "WS-TST-003"
	not _cross_evaluated
}

rules := [r |
	some id, meta in _rules
	r := object.union(meta, {"id": id, "status": _status(id, meta), "reason": _reason(id)})
]

report := {"rules": rules, "findings": findings, "stacks": [s | some s in _stacks], "input_kind": _kind}
`;

/** Compiles {@link STAND_IN_REGO} to wasm in a temp dir; returns the policy.wasm path. */
export function buildStandInPolicy(): string {
  return buildRego(STAND_IN_REGO, 'warm_standby/main/report');
}

/** Compiles one Rego module to wasm in a temp dir; returns the policy.wasm path. */
export function buildRego(source: string, entrypoint: string): string {
  const opa = findOpa(REPO_ROOT);
  if (!opa) throw new Error('opa not found (PATH or .tools/bin): the engine tests need it');
  const dir = tempDir('ws-rego-');
  fs.mkdirSync(path.join(dir, 'src'));
  fs.writeFileSync(path.join(dir, 'src', 'main.rego'), source);
  execFileSync(opa, ['build', '-t', 'wasm', '-e', entrypoint, '-o', 'bundle.tar.gz', 'src'], { cwd: dir, stdio: 'pipe' });
  execFileSync('tar', ['-xzf', 'bundle.tar.gz', '/policy.wasm', '/data.json'], { cwd: dir, stdio: 'pipe' });
  return path.join(dir, 'policy.wasm');
}

export interface ResourceSpec {
  readonly type: string;
  readonly name: string;
  /** Value of the `test/fail` tag the stand-in policy reacts to. */
  readonly fail?: 'mandatory' | 'advisory';
}

/** A cdk.tf.json shaped as cdktf 0.21 writes it. */
export function stackConfig(name: string, role: string, region: string, resources: readonly ResourceSpec[] = []): Record<string, unknown> {
  const resource: Record<string, Record<string, unknown>> = {};
  for (const r of resources) {
    resource[r.type] ??= {};
    resource[r.type][r.name] = {
      '//': { metadata: { path: `${name}/${r.name}`, uniqueId: r.name } },
      tags: { 'warm-standby/component': 'app-database', ...(r.fail ? { 'test/fail': r.fail } : {}) },
    };
  }
  return {
    '//': { metadata: { backend: 's3', stackName: name, version: '0.21.0' }, outputs: {} },
    terraform: { backend: { s3: { bucket: 'state', key: `${name}.tfstate`, region, dynamodb_table: 'lock', encrypt: true } } },
    provider: { aws: [{ region }] },
    output: {
      warm_standby_stack: {
        value: {
          environment: 'example',
          role,
          region,
          peer_region: region === 'us-east-1' ? 'us-west-2' : 'us-east-1',
          failover: false,
          objectives: { rpo_seconds: 900, rto_seconds: 3600 },
        },
      },
    },
    ...(resources.length ? { resource } : {}),
  };
}

/** Writes a cdktf.out folder (manifest.json + stacks/<name>/cdk.tf.json). */
export function writeApp(outdir: string, stacks: Readonly<Record<string, Record<string, unknown>>>): string {
  const manifest = { version: '0.21.0', stacks: {} as Record<string, unknown> };
  for (const [name, config] of Object.entries(stacks)) {
    const rel = `stacks/${name}/cdk.tf.json`;
    manifest.stacks[name] = {
      name,
      constructPath: name,
      workingDirectory: `stacks/${name}`,
      synthesizedStackPath: rel,
      stackMetadataPath: `stacks/${name}/metadata.json`,
      annotations: [],
      dependencies: [],
    };
    writeJson(path.join(outdir, rel), config);
  }
  writeJson(path.join(outdir, 'manifest.json'), manifest);
  return outdir;
}

/** A `terraform show -json` plan of one stack. */
export function planJson(role: string, region: string, resources: readonly ResourceSpec[] = []): Record<string, unknown> {
  return {
    format_version: '1.2',
    terraform_version: '1.5.7',
    planned_values: {
      outputs: { warm_standby_stack: { sensitive: false, value: { environment: 'example', role, region } } },
      root_module: {
        resources: resources.map((r) => ({
          address: `${r.type}.${r.name}`,
          mode: 'managed',
          type: r.type,
          name: r.name,
          provider_name: 'registry.terraform.io/hashicorp/aws',
          values: { tags: r.fail ? { 'test/fail': r.fail } : {} },
        })),
      },
    },
    resource_changes: [],
    configuration: { provider_config: { aws: { name: 'aws', expressions: { region: { constant_value: region } } } }, root_module: {} },
  };
}

// --------------------------------------------------------------------------------------------
// Hand-made reports for reporter tests.

export function rule(id: string, over: Partial<RuleResult> = {}): RuleResult {
  return {
    id,
    title: `Title of ${id}`,
    description: `Description of ${id}.`,
    severity: 'HIGH',
    enforcement: 'mandatory',
    recommended_action: `Fix ${id}.`,
    scope: 'stack_local',
    status: 'evaluated',
    reason: '',
    ...over,
  };
}

export function finding(r: RuleResult, over: Partial<Finding> = {}): Finding {
  return {
    rule: r.id,
    title: r.title,
    severity: r.severity,
    enforcement: r.enforcement,
    stack: 'example-primary',
    region: 'us-east-1',
    address: 'aws_db_instance.primary_db_1A2B',
    message: `aws_db_instance.primary_db_1A2B breaks ${r.id}`,
    recommended_action: r.recommended_action,
    scope: r.scope,
    path: 'example-primary/Database/Instance',
    suppressed: false,
    exception: null,
    ...over,
  };
}

export const EXCEPTION: PolicyException = {
  rule: 'WS-RDS-003',
  address: 'aws_db_instance.replica_*',
  reason: 'Key migration tracked in OPS-1234',
  owner: 'platform-team',
  expires: '2999-12-31',
};

/**
 * A merged report with one finding of each kind, a not-evaluated and a not-applicable rule, over
 * a two-stack app. Text that needs escaping is in the messages on purpose.
 */
export function sampleReport(): GateReport {
  const mandatory = rule('WS-EKS-002', { title: "Standby node group can scale to the primary's size" });
  const advisory = rule('WS-DNS-003', { severity: 'LOW', enforcement: 'advisory', title: 'Detection time within target' });
  const suppressedRule = rule('WS-RDS-003', { severity: 'MEDIUM', title: 'Replica encrypted with a key in its own Region' });
  const cross = rule('WS-BAK-002', { scope: 'cross_region', status: 'not_evaluated', reason: 'needs both Regions' });
  const notApplicable = rule('WS-OS-002', { status: 'not_applicable', reason: 'no OpenSearch domain' });
  const report: Report = {
    input_kind: 'cdktf_app',
    rules: [mandatory, advisory, suppressedRule, cross, notApplicable],
    stacks: [
      { name: 'example-primary', role: 'primary', region: 'us-east-1', file: 'cdktf.out/stacks/example-primary/cdk.tf.json' },
      { name: 'example-standby', role: 'standby', region: 'us-west-2', file: 'cdktf.out/stacks/example-standby/cdk.tf.json' },
    ],
    findings: [
      finding(mandatory, {
        stack: 'example-standby',
        region: 'us-west-2',
        address: 'aws_eks_node_group.standby_nodes_9F3C',
        message: 'aws_eks_node_group.standby_nodes_9F3C: max_size 2 < primary desired 3, 100% <b>not</b> | scalable,\nsecond line: "quoted" & more',
        path: 'example-standby/Cluster/NodeGroup',
      }),
      finding(advisory, { address: 'aws_route53_health_check.primary_5D6E', message: 'detection 190s > 180s', path: null }),
      finding(suppressedRule, {
        stack: 'example-standby',
        region: 'us-west-2',
        address: 'aws_db_instance.replica_7C8D',
        message: 'replica key is in us-east-1',
        suppressed: true,
        exception: EXCEPTION,
      }),
    ],
  };
  const input: GateInput = {
    path: 'cdktf.out',
    kind: 'cdktf_app',
    document: {},
    stackFiles: new Map(report.stacks.map((s) => [s.name, s.file])),
    defaultFile: 'cdktf.out/manifest.json',
    lines: new Map([['example-standby\u0000aws_eks_node_group.standby_nodes_9F3C', 42]]),
  };
  return mergeReports([{ input, report }], [EXCEPTION, { ...EXCEPTION, rule: 'WS-EKS-002', address: 'aws_eks_node_group.old_*' }]);
}
