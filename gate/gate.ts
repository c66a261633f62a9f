import { estimate, fromStacks, ObjectivesReport } from '../objectives/estimate';
import { ensureBundle } from './bundle';
import { PolicyEngine, PolicyParams } from './engine';
import { GateError, InputError } from '../common/errors';
import { loadExceptions, unusedExceptions } from './exceptions';
import { displayPath } from '../common/files';
import { CdktfStackDocument, GateInput, readInputs } from './inputs';
import { environmentParams, loadParams, mergeParams } from './params';
import { Format, render } from './reporters';
import {
  EvaluatedInput,
  Finding,
  FindingLocation,
  GateReport,
  MergedRule,
  MergedStack,
  PolicyException,
  Report,
  RuleStatus,
  SEVERITIES,
  Summary,
  gateFailed,
  locationKey,
} from './types';

export interface CheckOptions {
  /** Exceptions file (JSON or YAML). @default - no exceptions */
  readonly exceptionsFile?: string;
  /** Parameters laid over the detected environment's `policyParams`. @default - none */
  readonly params?: PolicyParams;
  /** Params file laid over {@link params}. @default - none */
  readonly paramsFile?: string;
  /** Day exceptions expire against. @default - today (UTC) */
  readonly today?: string | Date;
  /** A loaded engine to reuse. @default - loaded from {@link wasmPath} */
  readonly engine?: PolicyEngine;
  /**
   * Compiled policy to load.
   * @default - `$WARM_STANDBY_POLICY_WASM`, else the repository bundle (rebuilt first when stale)
   */
  readonly wasmPath?: string;
  /** Resolves relative paths and shortens displayed ones. @default process.cwd() */
  readonly cwd?: string;
}

/**
 * Reads every path, evaluates each input separately (each with its own environment's params)
 * and merges the reports; the plans of one environment are evaluated together (see
 * {@link combinePlans}). Input, exception and params problems are reported before any
 * evaluation, so a bad file never produces a partial report.
 */
export async function checkPaths(paths: readonly string[], options: CheckOptions = {}): Promise<GateReport> {
  if (paths.length === 0) throw new InputError('nothing to check', 'no input path given');
  const inputs = combinePlans(dedupe(readInputs(paths, options.cwd)));
  const exceptions = options.exceptionsFile ? loadExceptions(options.exceptionsFile, { today: options.today }) : [];
  const fileParams = options.paramsFile ? loadParams(options.paramsFile) : undefined;
  const engine = options.engine ?? (await PolicyEngine.load(options.wasmPath ?? (process.env.WARM_STANDBY_POLICY_WASM || ensureBundle().wasm)));

  const evaluated = inputs.map((input) => {
    const params = mergeParams(environmentParams(input.environment), options.params, fileParams);
    const objectives = objectivesOf(input);
    return {
      input,
      report: engine.evaluate(input.document, {
        params,
        exceptions,
        source: input.path,
        objectives: objectives.report,
        objectivesUnavailable: objectives.unavailable,
      }),
    };
  });
  const merged = mergeReports(evaluated, exceptions);
  checkExceptionRules(exceptions, merged, options.exceptionsFile ? displayPath(options.exceptionsFile) : 'exceptions');
  return merged;
}

/** The recovery-objective estimate of one input (WS-OBJ-002's `data.objectives`), or why there is none. */
export interface InputObjectives {
  readonly report?: ObjectivesReport;
  readonly unavailable?: string;
}

/**
 * Estimates RPO/RTO per component (objectives/estimate.ts) for a synthesized app. The
 * estimator needs the primary and standby stacks (and the replication stack for S3 replication),
 * so plans, HCP input, a single cdk.tf.json and the failover synth (standby stack only) get a
 * reason instead, and WS-OBJ-002 is reported not evaluated with it. Exported for tests.
 */
export function objectivesOf(input: GateInput): InputObjectives {
  if (input.kind !== 'cdktf_app') {
    const what = input.kind === 'plan' ? 'a Terraform plan' : 'an HCP Terraform policy input';
    return { unavailable: `${what} carries no synthesized app to estimate from; run the gate on the cdktf.out folder` };
  }
  const stacks = (input.document as { stacks: readonly CdktfStackDocument[] }).stacks;
  const metadata = stacks.map(
    (s) => (s.config.output as { warm_standby_stack?: { value?: { role?: unknown; failover?: unknown } } } | undefined)?.warm_standby_stack?.value,
  );
  const roles = new Set(metadata.map((m) => m?.role));
  if (metadata.some((m) => m?.failover === true) && !roles.has('primary')) {
    return {
      unavailable:
        'failover mode: the estimator reads the primary stack (health check, Velero schedule, primary node group) and the replication stack, which the failover synth leaves out; estimate on the normal synth (warm-standby objectives <cdktf.out>)',
    };
  }
  if (!roles.has('primary') || !roles.has('standby')) {
    return {
      unavailable: `the estimate needs the primary and the standby stack of a cdktf.out folder; ${input.path} has ${stacks.map((s) => s.name).join(', ') || 'no stacks'}`,
    };
  }
  try {
    return { report: estimate(fromStacks(Object.fromEntries(stacks.map((s) => [s.name, s.config])), input.path)) };
  } catch (err) {
    if (err instanceof GateError) return { unavailable: `cannot estimate ${input.path}: ${err.message}` };
    throw err;
  }
}

export interface GateOptions {
  /** @default - the environment's own params only */
  readonly params?: PolicyParams;
  /** @default - no exceptions */
  readonly exceptionsFile?: string;
  /** @default 'text' */
  readonly format?: Format;
}

export interface GateResult {
  readonly report: GateReport;
  /** The rendered report. */
  readonly output: string;
  /** 0 when no unsuppressed mandatory finding, 1 otherwise. */
  readonly exitCode: 0 | 1;
}

/**
 * Gates a synthesized app (`cdktf.out`): what main.ts calls after `app.synth()`. Throws a
 * {@link GateError} for bad inputs; the caller prints `output` and exits with `exitCode`.
 */
export async function runGate(outDir: string, options: GateOptions = {}): Promise<GateResult> {
  const report = await checkPaths([outDir], { params: options.params, exceptionsFile: options.exceptionsFile });
  return { report, output: render(options.format ?? 'text', report), exitCode: gateFailed(report) ? 1 : 0 };
}

const STATUS_RANK: Readonly<Record<RuleStatus, number>> = { evaluated: 0, not_evaluated: 1, not_applicable: 2 };
const ENFORCEMENT_RANK = { mandatory: 0, advisory: 1 } as const;

/** Merges per-input reports into one; exported for reporters' tests. */
export function mergeReports(
  evaluated: readonly { readonly input: GateInput; readonly report: Report }[],
  exceptions: readonly PolicyException[] = [],
): GateReport {
  const rules = new Map<string, MergedRule>();
  const stacks: MergedStack[] = [];
  const findings: Finding[] = [];
  const locations = new Map<string, FindingLocation>();
  const seen = new Set<string>();

  for (const { input, report } of evaluated) {
    for (const rule of report.rules) {
      const status = { input: input.path, status: rule.status, reason: rule.reason };
      const prev = rules.get(rule.id);
      if (!prev) rules.set(rule.id, { ...rule, inputs: [status] });
      else {
        const best = STATUS_RANK[rule.status] < STATUS_RANK[prev.status] ? rule : prev;
        rules.set(rule.id, { ...prev, status: best.status, reason: best.reason, inputs: [...prev.inputs, status] });
      }
    }
    const fileOf = (stack: string): string => {
      const own = report.stacks.find((s) => s.name === stack);
      return input.stackFiles.get(stack) ?? (own?.file || input.defaultFile);
    };
    for (const stack of report.stacks) stacks.push({ ...stack, file: fileOf(stack.name), input: input.path });
    for (const finding of report.findings) {
      const key = [finding.rule, finding.stack, finding.address, finding.message].join('\u0000');
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push(finding);
      const line = input.lines.get(locationKey(finding));
      const file = fileOf(finding.stack);
      locations.set(locationKey(finding), { file, uri: toUri(file), ...(line ? { line } : {}) });
    }
  }

  const stackOrder = (name: string): number => {
    const i = stacks.findIndex((s) => s.name === name);
    return i < 0 ? stacks.length : i;
  };
  findings.sort(
    (a, b) =>
      stackOrder(a.stack) - stackOrder(b.stack) ||
      Number(a.suppressed) - Number(b.suppressed) ||
      ENFORCEMENT_RANK[a.enforcement] - ENFORCEMENT_RANK[b.enforcement] ||
      SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
      a.rule.localeCompare(b.rule) ||
      a.address.localeCompare(b.address),
  );

  const mergedRules = [...rules.values()].sort((a, b) => a.id.localeCompare(b.id));
  return {
    inputs: evaluated.map(({ input, report }): EvaluatedInput => ({ path: input.path, kind: input.kind, report })),
    rules: mergedRules,
    findings,
    stacks,
    summary: summarize(mergedRules, findings),
    unusedExceptions: unusedExceptions(
      exceptions,
      findings.map((f) => f.exception),
    ),
    locations,
  };
}

/** Counts as documented on {@link Summary}. */
export function summarize(rules: readonly Pick<MergedRule, 'status'>[], findings: readonly Finding[]): Summary {
  const open = findings.filter((f) => !f.suppressed);
  return {
    evaluated: rules.filter((r) => r.status === 'evaluated').length,
    mandatory_failed: open.filter((f) => f.enforcement === 'mandatory').length,
    advisory_failed: open.filter((f) => f.enforcement === 'advisory').length,
    suppressed: findings.length - open.length,
    not_evaluated: rules.filter((r) => r.status === 'not_evaluated').length,
  };
}

/** An exception for a rule id the policy does not have is a typo that would silently do nothing. */
function checkExceptionRules(exceptions: readonly PolicyException[], report: GateReport, source: string): void {
  if (report.rules.length === 0) return;
  const known = new Set(report.rules.map((r) => r.id));
  exceptions.forEach((e, index) => {
    if (!known.has(e.rule)) {
      throw new InputError(`bad exception: unknown rule ${e.rule}`, `${source}: exceptions[${index}] ${e.rule} ${e.address}`);
    }
  });
}

/**
 * Plans (`terraform show -json`) of one environment given in one call become one plan set
 * (`{"kind": "plan_set", "plans": [{file, plan}]}`), so cross-Region rules see the primary and
 * standby plans together instead of being not evaluated on each. A lone plan, HCP Terraform inputs
 * (one workspace each, as HCP evaluates them) and cdktf inputs stay as they are.
 */
export function combinePlans(inputs: readonly GateInput[]): GateInput[] {
  const groups = new Map<string, GateInput[]>();
  for (const input of inputs) {
    if (input.kind !== 'plan') continue;
    const key = input.environment ?? '';
    groups.set(key, [...(groups.get(key) ?? []), input]);
  }
  const out: GateInput[] = [];
  for (const input of inputs) {
    const group = input.kind === 'plan' ? (groups.get(input.environment ?? '') ?? []) : [];
    if (group.length < 2) out.push(input);
    else if (group[0] === input) {
      out.push({
        path: group.map((g) => g.path).join(' + '),
        kind: 'plan',
        document: { kind: 'plan_set', plans: group.map((g) => ({ file: g.path, plan: g.document })) },
        environment: input.environment,
        stackFiles: new Map(),
        defaultFile: input.path,
        lines: new Map(),
      });
    }
  }
  return out;
}

function dedupe(inputs: readonly GateInput[]): GateInput[] {
  const byPath = new Map<string, GateInput>();
  for (const input of inputs) if (!byPath.has(input.path)) byPath.set(input.path, input);
  return [...byPath.values()];
}

/** SARIF/annotation form of a display path: relative stays relative, absolute becomes `file://`. */
function toUri(file: string): string {
  if (!file.startsWith('/')) return file.split('/').map(encodeURIComponent).join('/');
  return `file://${file.split('/').map(encodeURIComponent).join('/')}`;
}
