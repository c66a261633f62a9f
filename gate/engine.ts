import * as fs from 'fs';
import * as path from 'path';
import { LoadedPolicy, loadPolicySync } from '@open-policy-agent/opa-wasm';
import { ENTRYPOINT } from './bundle';
import { PolicyError } from '../common/errors';
import { displayPath, isRecord, readJson } from '../common/files';
import { parseReport } from './report';
import { Finding, PolicyException, Report } from './types';

/**
 * opa-wasm implements `sprintf` in JavaScript with sprintf-js, whose `%v` calls `valueOf()` on the
 * argument: a null value (an attribute set to null, a stack without a Region, `1e400` parsed to
 * Infinity and serialised as null) throws and aborts the whole evaluation, hiding every finding.
 * OPA itself formats null; so does this replacement, installed on the shared built-in table once
 * (opa-wasm looks its own built-ins up before custom ones, so they cannot be overridden otherwise).
 */
function installNullSafeSprintf(): void {
  const dir = path.dirname(require.resolve('@open-policy-agent/opa-wasm'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const builtins = require(path.join(dir, 'builtins', 'index.js')) as Record<string, unknown>;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { vsprintf } = require(require.resolve('sprintf-js', { paths: [dir] })) as {
    vsprintf: (format: string, args: unknown[]) => string;
  };
  builtins.sprintf = (format: unknown, values: unknown): string => {
    const args: unknown[] = Array.isArray(values) ? values : [values];
    try {
      return vsprintf(String(format), args);
    } catch {
      // A null (or a value of the wrong type for %d) makes sprintf-js throw: format each verb plainly.
      return plainSprintf(String(format), args);
    }
  };
}

/** Each verb (%v, %s, %d, %.2f...) replaced by the next value: strings as they are, null as "null", the rest as JSON. */
function plainSprintf(format: string, args: readonly unknown[]): string {
  let next = 0;
  return format.replace(/%([-+ #0]*\d*(?:\.\d+)?)([a-zA-Z%])/g, (_, _flags: string, verb: string) => {
    if (verb === '%') return '%';
    const value = args[next++];
    if (typeof value === 'string') return value;
    if (value === null || value === undefined) return 'null';
    return typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
  });
}
installNullSafeSprintf();

/**
 * Results of `yaml.is_valid` and `yaml.unmarshal` in the current evaluation, by built-in and text.
 * The wasm calls these JavaScript built-ins again for every rule that reads a Helm release's values
 * (wasm does not cache a Rego function's result): on the example app 38 YAML parses of 4 distinct
 * texts, the largest cost of `warm-standby check` after start-up (measured with node --cpu-prof).
 * Parsing is pure, so one parse per text gives the same results. Cleared before each evaluation, so
 * it holds one input's texts at most.
 */
const yamlParses = new Map<string, Map<string, unknown>>();

function installMemoizedYaml(): void {
  const dir = path.join(path.dirname(require.resolve('@open-policy-agent/opa-wasm')), 'builtins');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const builtins = require(path.join(dir, 'index.js')) as Record<string, (x: unknown) => unknown>;
  // opa-wasm's own implementations (yaml 1.x), so the results stay exactly what they were.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const own = require(path.join(dir, 'yaml.js')) as Record<string, (x: unknown) => unknown>;
  for (const name of ['yaml.is_valid', 'yaml.unmarshal']) {
    builtins[name] = (text) => {
      if (typeof text !== 'string') return own[name](text);
      let results = yamlParses.get(name);
      if (!results) yamlParses.set(name, (results = new Map<string, unknown>()));
      if (!results.has(text)) results.set(text, own[name](text));
      return results.get(text);
    };
  }
}
installMemoizedYaml();

/** Policy parameters (`data.params`): rule thresholds such as `min_standby_nodes`. */
export type PolicyParams = Readonly<Record<string, unknown>>;

export interface EvaluateOptions {
  /** @default {} - every rule uses its own default */
  readonly params?: PolicyParams;
  /** Validated, unexpired exceptions (`data.exceptions`). @default [] */
  readonly exceptions?: readonly PolicyException[];
  /** Names the input in error messages. @default 'input' */
  readonly source?: string;
  /**
   * Recovery-objective estimate of the input (`data.objectives`: the estimator's JSON report),
   * read by WS-OBJ-002. @default - none: WS-OBJ-002 is not evaluated
   */
  readonly objectives?: unknown;
  /** Why there is no {@link objectives} (`data.objectives_unavailable`), shown as WS-OBJ-002's reason. @default - a generic reason */
  readonly objectivesUnavailable?: string;
}

// The global WebAssembly object (its value is not declared under lib ES2022 without DOM).
const wasmRuntime = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<WebAssembly.Module> } }).WebAssembly;

/** WebAssembly page size (bytes). */
const WASM_PAGE = 65536;
/**
 * Wasm memory to give an evaluation per byte of input JSON. What it needs grows with the work the
 * rules do (the findings), not only with the input: measured on the example app scaled to 1k, 5k,
 * 10k and 20k resources (46, 987, 3.9k and 15.6k findings), 43, 55, 68 and 97 bytes when memory
 * grows on demand. Growing on demand (OPA's allocator grows a little at a time) is what makes the
 * time per resource rise with size (20k resources sized at 64 bytes: 42 s of CPU, 43% of it in
 * V8's garbage collector and 25% in opa_malloc; sized at 128: 8 s). Memory given
 * but never touched costs address space, not RAM (the CLI at 20k: 1.24 GB peak RSS either way).
 */
export const MEMORY_BYTES_PER_INPUT_BYTE = 128;
/** Memory for the bundle's data, params and a small input. */
const BASE_PAGES = 64;
/** wasm32 limit (4 GiB). */
const MAX_PAGES = 65536;

/** Bytes of an instance's memory (WebAssembly.Memory is not typed under lib ES2022 without DOM). */
const memoryBytes = (policy: LoadedPolicy): number => (policy.mem as unknown as { buffer: ArrayBuffer }).buffer.byteLength;

/** Pages of wasm memory to give an evaluation of `inputBytes` bytes of input JSON. */
export function memoryPagesFor(inputBytes: number): number {
  return Math.min(MAX_PAGES, BASE_PAGES + Math.ceil((inputBytes * MEMORY_BYTES_PER_INPUT_BYTE) / WASM_PAGE));
}

/** Memory of the last evaluation, for the benchmark and tests. */
export interface MemoryStats {
  readonly inputBytes: number;
  /** Pages the instance had when the evaluation started. */
  readonly initialPages: number;
  /** Pages after it: more than {@link initialPages} when the estimate was short and memory grew. */
  readonly finalPages: number;
}

/** The compiled warm-standby policy, loaded once and evaluated per input. */
export class PolicyEngine {
  /**
   * Loads `policy.wasm`, and the bundle's base data from `data.json` beside it when present.
   * @param wasmPath e.g. `policies/bundle/policy.wasm`
   */
  static async load(wasmPath: string): Promise<PolicyEngine> {
    let wasm: Buffer;
    try {
      wasm = fs.readFileSync(wasmPath);
    } catch {
      throw new PolicyError('policy wasm not found; run `npm run policy:build`', displayPath(wasmPath));
    }
    const dataPath = path.join(path.dirname(wasmPath), 'data.json');
    const data = fs.existsSync(dataPath) ? readJson(dataPath, 'bundle data') : {};
    if (!isRecord(data)) throw new PolicyError('bundle data is not an object', displayPath(dataPath));
    let module: WebAssembly.Module;
    let policy: LoadedPolicy;
    try {
      // Compiled once; instantiated again only when an input needs more memory than the instance has.
      module = await wasmRuntime.compile(wasm);
      policy = loadPolicySync(module, { initial: BASE_PAGES });
    } catch (err) {
      throw new PolicyError(`cannot load policy wasm: ${(err as Error).message}`, displayPath(wasmPath));
    }
    const entrypoints = Object.keys(policy.entrypoints as Record<string, number>);
    if (!entrypoints.includes(ENTRYPOINT)) {
      throw new PolicyError(`policy wasm lacks entrypoint ${ENTRYPOINT} (has ${entrypoints.join(', ') || 'none'})`, displayPath(wasmPath));
    }
    return new PolicyEngine(module, policy, data);
  }

  private lastMemory: MemoryStats | undefined;

  private constructor(
    private readonly module: WebAssembly.Module,
    private policy: LoadedPolicy,
    private readonly baseData: Readonly<Record<string, unknown>>,
  ) {}

  /** Memory of the last {@link evaluate}; undefined before the first. */
  get memoryStats(): MemoryStats | undefined {
    return this.lastMemory;
  }

  /**
   * An instance whose memory already holds what an input of `inputBytes` needs. Memory given at
   * instantiation is what OPA's allocator uses; growing an instance's memory from outside is not
   * (measured: it still grows on demand), so a bigger input gets a new instance of the same module.
   */
  private policyFor(inputBytes: number): LoadedPolicy {
    const pages = memoryPagesFor(inputBytes);
    if (memoryBytes(this.policy) < pages * WASM_PAGE) this.policy = loadPolicySync(this.module, { initial: pages });
    return this.policy;
  }

  /**
   * Evaluates `data.warm_standby.main.report` for one input document. When the evaluation fails at
   * runtime (a rule's function with conflicting outputs, a built-in error), the rules are evaluated
   * again in smaller groups (`data.rule_selection`) until the failing ones are isolated: each of them
   * becomes one mandatory finding saying so, and every other rule still reports. An error outside the
   * rules (the input adapters, rule statuses) still fails the whole evaluation.
   */
  evaluate(input: unknown, options: EvaluateOptions = {}): Report {
    const source = options.source ?? 'input';
    yamlParses.clear();
    let bytes: Uint8Array;
    try {
      // Serialized once: the size picks the memory, and opa-wasm takes the bytes as they are.
      bytes = new TextEncoder().encode(JSON.stringify(input));
    } catch (err) {
      throw new PolicyError(`policy evaluation failed: ${errorText(err)}`, source);
    }
    const data = {
      ...this.baseData,
      // The Rego leaves findings unsorted: opa-wasm's sort() is quadratic; sortFindings orders them here.
      caller_sorts_findings: true,
      params: options.params ?? {},
      exceptions: options.exceptions ?? [],
      ...(options.objectives !== undefined ? { objectives: options.objectives } : {}),
      ...(options.objectivesUnavailable !== undefined ? { objectives_unavailable: options.objectivesUnavailable } : {}),
    };
    const whole = this.run(bytes, data);
    if (whole.ok) return this.parse(whole.result, source);

    // The catalogue and statuses with no rule's findings: if even this fails, nothing can be reported.
    const base = this.run(bytes, { ...data, rule_selection: [] });
    if (!base.ok) throw new PolicyError(`policy evaluation failed: ${whole.error}`, source);
    const catalogue = this.parse(base.result, source);
    const evaluated = catalogue.rules.filter((r) => r.status === 'evaluated').map((r) => r.id);
    const findings: Finding[] = [];
    const failed: { id: string; error: string }[] = [];
    const isolate = (ids: readonly string[], error: string): void => {
      if (ids.length === 1) {
        failed.push({ id: ids[0], error });
        return;
      }
      const half = Math.ceil(ids.length / 2);
      for (const group of [ids.slice(0, half), ids.slice(half)]) {
        const outcome = this.run(bytes, { ...data, rule_selection: group });
        if (outcome.ok) findings.push(...this.parse(outcome.result, source).findings);
        else isolate(group, outcome.error);
      }
    };
    isolate(evaluated, whole.error);
    for (const { id, error } of failed) {
      const rule = catalogue.rules.find((r) => r.id === id)!;
      findings.push({
        rule: id,
        title: rule.title,
        severity: rule.severity,
        // Mandatory whatever the rule's level, and never suppressed: an unevaluated invariant is not a pass.
        enforcement: 'mandatory',
        stack: '',
        region: '',
        address: EVALUATION_ERROR_ADDRESS,
        message: `${id} could not be evaluated on this input (${error}); the other rules were evaluated without it`,
        recommended_action: `Fix the input value the error names (for example a Helm set name given twice with different values) and run the gate again. ${rule.recommended_action}`,
        scope: rule.scope,
        path: null,
        suppressed: false,
        exception: null,
      });
    }
    return { ...catalogue, findings: sortFindings(findings) };
  }

  /** One evaluation with `data`; a runtime error of the policy is returned, not thrown. */
  private run(bytes: Uint8Array, data: Record<string, unknown>): { ok: true; result: unknown } | { ok: false; error: string } {
    let resultSet: unknown;
    try {
      const policy = this.policyFor(bytes.byteLength);
      const initialPages = memoryBytes(policy) / WASM_PAGE;
      policy.setData(data);
      // opa-wasm reads an ArrayBuffer input as JSON text (ABI >= 1.2, which OPA 1.x emits).
      resultSet = policy.evaluate(bytes.buffer, ENTRYPOINT);
      this.lastMemory = { inputBytes: bytes.byteLength, initialPages, finalPages: memoryBytes(policy) / WASM_PAGE };
    } catch (err) {
      return { ok: false, error: errorText(err) };
    }
    return { ok: true, result: resultSet };
  }

  private parse(resultSet: unknown, source: string): Report {
    const first: unknown = Array.isArray(resultSet) ? resultSet[0] : undefined;
    if (!isRecord(first) || !('result' in first)) {
      throw new PolicyError('policy report is undefined for this input (a rule conflict or a missing data.params?)', source);
    }
    const report = parseReport(first.result, source);
    return { ...report, findings: sortFindings(report.findings) };
  }
}

/** Address of the finding a rule gets when its evaluation fails at runtime. */
export const EVALUATION_ERROR_ADDRESS = 'evaluation-error';

/** opa-wasm throws strings (opa_abort: "file:line:col: eval_conflict_error: ...") as well as errors. */
function errorText(err: unknown): string {
  if (typeof err === 'string') return err;
  if (err instanceof Error) return err.message;
  if (isRecord(err) && typeof err.message === 'string') return err.message;
  return String(err);
}

/**
 * Findings in the order `opa eval` gives them: the Rego sorts [rule, stack, address, message] and
 * OPA compares strings by their UTF-8 bytes, that is by code point. Ties (same key, other fields)
 * fall back to the findings' JSON so the order never depends on the wasm's hash order.
 */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const keyed = findings.map((f) => ({ f, key: [f.rule, f.stack, f.address, f.message] }));
  keyed.sort((a, b) => {
    for (let i = 0; i < a.key.length; i++) {
      const c = compareCodePoints(a.key[i], b.key[i]);
      if (c !== 0) return c;
    }
    return compareCodePoints(JSON.stringify(a.f), JSON.stringify(b.f));
  });
  return keyed.map((k) => k.f);
}

/**
 * Compares strings by code point (UTF-8 byte order, as OPA does). JavaScript's `<` compares UTF-16
 * code units, which puts a surrogate pair (U+10000 and above) before U+E000..U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Lift surrogates (D800..DFFF) above E000..FFFF; elsewhere the code-unit order is the code-point order.
    if (x >= 0xd800 && y >= 0xd800) {
      x = x < 0xe000 ? x + 0x2000 : x - 0x800;
      y = y < 0xe000 ? y + 0x2000 : y - 0x800;
    }
    return x - y;
  }
  return a.length - b.length;
}
