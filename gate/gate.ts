import * as path from 'path';
import { estimate, fromStacks, ObjectivesReport, readFacts, stepDurations } from '../objectives/estimate';
import { ensureBundle } from './bundle';
import { PolicyEngine, PolicyParams } from './engine';
import { GateError, InputError } from '../common/errors';
import { exceptionsFileFor, loadExceptions, unusedExceptions } from './exceptions';
import { displayPath } from '../common/files';
import { CdktfStackDocument, GateInput, readInputs } from './inputs';
import { environmentParams, loadParams, mergeParams, validateParams } from './params';
import { constructSource, environmentSource } from './sources';
import { utcDate } from '../common/dated-facts';
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
  /**
   * Exceptions file (JSON or YAML) for every input.
   * @default - per input, its environment's: `$WARM_STANDBY_EXCEPTIONS`, else
   * `environments/<env>.exceptions.yaml` when it exists (see {@link exceptionsFileFor})
   */
  readonly exceptionsFile?: string;
  /** Environment variables read for defaults (`WARM_STANDBY_EXCEPTIONS`). @default process.env */
  readonly vars?: NodeJS.ProcessEnv;
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
  // Every exceptions file is read and validated before anything is evaluated.
  const exceptionsFiles = new Map<string, PolicyException[]>();
  const exceptionsFileOf = (input: GateInput): string | undefined => {
    const file = options.exceptionsFile ?? exceptionsFileFor(input.environment, options.vars);
    return file === undefined ? undefined : path.resolve(options.cwd ?? process.cwd(), file);
  };
  for (const input of inputs) {
    const file = exceptionsFileOf(input);
    if (file !== undefined && !exceptionsFiles.has(file)) exceptionsFiles.set(file, loadExceptions(file, { today: options.today }));
  }
  const fileParams = options.paramsFile ? loadParams(options.paramsFile) : undefined;
  const givenParams = options.params ? validateParams(options.params, 'policyParams') : undefined;
  const engine = options.engine ?? (await PolicyEngine.load(options.wasmPath ?? (process.env.WARM_STANDBY_POLICY_WASM || ensureBundle().wasm)));

  const evaluated = inputs.map((input) => {
    // The date the dated-facts rules (WS-DATE-001/002) compare against; a params file may override it.
    const params = mergeParams({ today: todayOf(options.today) }, environmentParams(input.environment), givenParams, fileParams);
    const objectives = objectivesOf(input);
    const file = exceptionsFileOf(input);
    return {
      input,
      report: engine.evaluate(input.document, {
        params,
        exceptions: file === undefined ? [] : exceptionsFiles.get(file),
        source: input.path,
        objectives: objectives.report,
        objectivesUnavailable: objectives.unavailable,
      }),
    };
  });
  const merged = mergeReports(
    evaluated,
    [...exceptionsFiles.values()].flat(),
    [...exceptionsFiles.keys()].map((file) => displayPath(file, options.cwd)),
  );
  for (const [file, exceptions] of exceptionsFiles) checkExceptionRules(exceptions, merged, displayPath(file, options.cwd));
  return merged;
}

/**
 * The estimate as the objectives rules read it (`data.objectives`): the estimator's report, with the
 * targets and the runbook steps beside the overall figures so WS-OBJ-003 can say where the time goes.
 */
export interface GateObjectives extends ObjectivesReport {
  readonly overall: ObjectivesReport['overall'] & {
    readonly target_rpo_seconds: number;
    readonly target_rto_seconds: number;
    /** Runbook step durations in seconds; their sum is the overall RTO. */
    readonly steps: Readonly<Record<'detect' | 'decide' | 'switch' | 'data_tier' | 'compute' | 'traffic' | 'verify', number>>;
  };
}

/** The recovery-objective estimate of one input (WS-OBJ-002/003's `data.objectives`), or why there is none. */
export interface InputObjectives {
  readonly report?: GateObjectives;
  readonly unavailable?: string;
}

/**
 * Estimates RPO/RTO per component (objectives/estimate.ts) for a synthesized app. The
 * estimator needs the primary and standby stacks (and the replication stack for S3 replication),
 * so plans, HCP input, a single cdk.tf.json and the failover synth (standby stack only) get a
 * reason instead, and WS-OBJ-002/003 are reported not evaluated with it. Exported for tests.
 */
export function objectivesOf(input: GateInput): InputObjectives {
  if (input.kind !== 'cdktf_app') {
    const what = input.kind === 'plan' ? 'a Terraform plan' : 'an HCP Terraform policy input';
    return { unavailable: `${what} carries no synthesized app to estimate from; run the gate on the cdktf.out folder` };
  }
  const stacks = (input.document as { stacks: readonly CdktfStackDocument[] }).stacks;
  type StackMetadata = { readonly role?: unknown; readonly failover?: unknown } | undefined;
  const metadata = stacks.map((s) => (s.config.output as { warm_standby_stack?: { value?: StackMetadata } } | undefined)?.warm_standby_stack?.value);
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
    const app = fromStacks(Object.fromEntries(stacks.map((s) => [s.name, s.config])), input.path);
    const report = estimate(app);
    const facts = readFacts(app);
    const d = stepDurations(facts);
    const steps = { detect: d.detect, decide: d.decide, switch: d.switch, data_tier: d.dataTier, compute: d.compute, traffic: d.traffic, verify: d.verify };
    return {
      report: { ...report, overall: { ...report.overall, target_rpo_seconds: facts.targets.rpo, target_rto_seconds: facts.targets.rto, steps } },
    };
  } catch (err) {
    if (err instanceof GateError) return { unavailable: `cannot estimate ${input.path}: ${err.message}` };
    throw err;
  }
}

/** A rule as `warm-standby rules` lists it: its metadata, without any input's status. */
export type CatalogueRule = Pick<MergedRule, 'id' | 'title' | 'description' | 'severity' | 'enforcement' | 'recommended_action' | 'scope'>;

/**
 * Every rule of the compiled policy with its metadata, read from the same wasm the gate runs (an
 * empty app evaluates no resource but lists every rule).
 */
export async function ruleCatalogue(options: Pick<CheckOptions, 'engine' | 'wasmPath'> = {}): Promise<CatalogueRule[]> {
  const engine = options.engine ?? (await PolicyEngine.load(options.wasmPath ?? (process.env.WARM_STANDBY_POLICY_WASM || ensureBundle().wasm)));
  const report = engine.evaluate({ kind: 'cdktf_app', stacks: [] }, { source: 'rule catalogue' });
  return report.rules
    .map(({ id, title, description, severity, enforcement, recommended_action, scope }) => ({
      id,
      title,
      description,
      severity,
      enforcement,
      recommended_action,
      scope,
    }))
    .sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
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
  exceptionsFiles: readonly string[] = [],
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
      const environment = input.environment ? environmentSource(input.environment, finding.address) : undefined;
      const source = (finding.path ? constructSource(finding.path) : undefined) ?? environment;
      locations.set(locationKey(finding), {
        file,
        uri: toUri(file),
        ...(line ? { line } : {}),
        ...(source ? { source } : {}),
        ...(environment ? { environment } : {}),
      });
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
    exceptionsFiles,
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

/** `YYYY-MM-DD` (UTC) of `today` (a Date or such a string), or of now. */
function todayOf(today: string | Date | undefined): string {
  if (typeof today === 'string') return today;
  return utcDate(today ?? new Date());
}
