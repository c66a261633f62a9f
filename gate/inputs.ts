import * as fs from 'fs';
import * as path from 'path';
import { InputError } from '../common/errors';
import { displayPath, isRecord, parseJson, readJson, readText } from '../common/files';
import { InputKind, locationKey } from './types';

/** One thing to evaluate: a whole cdktf app, one stack, a plan, or an HCP Terraform policy input. */
export interface GateInput {
  /** Display path of what was given. */
  readonly path: string;
  readonly kind: InputKind;
  /** The document handed to the wasm as `input`. */
  readonly document: unknown;
  /** Environment named by the stacks' `warm_standby_stack` output, when they name one. */
  readonly environment?: string;
  /** Display path of each stack's synthesized file, by stack name. */
  readonly stackFiles: ReadonlyMap<string, string>;
  /** File of stacks not in {@link stackFiles} (a plan's single stack). */
  readonly defaultFile: string;
  /** 1-based line of each resource in its stack file, keyed by {@link locationKey}. */
  readonly lines: ReadonlyMap<string, number>;
}

/** A stack of a cdktf app as the Rego adapters expect it. */
export interface CdktfStackDocument {
  readonly name: string;
  readonly file: string;
  readonly config: Record<string, unknown>;
}

const SHAPES = "expected a cdktf.out folder, a stack's cdk.tf.json, a plan JSON (terraform show -json) or an HCP Terraform policy input";

/** Detects what `file` is and reads it. Every problem is an {@link InputError} naming the path. */
export function readInput(file: string, cwd: string = process.cwd()): GateInput {
  const absolute = path.resolve(cwd, file);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(absolute);
  } catch {
    throw new InputError('input not found', displayPath(absolute, cwd));
  }
  if (stat.isDirectory()) {
    if (fs.existsSync(path.join(absolute, 'manifest.json'))) return readApp(absolute, cwd);
    if (fs.existsSync(path.join(absolute, 'cdk.tf.json'))) return readStackFile(path.join(absolute, 'cdk.tf.json'), cwd);
    throw new InputError('directory is neither a cdktf.out folder (no manifest.json) nor a stack folder (no cdk.tf.json)', displayPath(absolute, cwd));
  }

  const shown = displayPath(absolute, cwd);
  const text = readText(absolute, 'input', shown);
  if (text.startsWith('PK')) throw new InputError('binary Terraform plan; convert it with `terraform show -json PLAN > plan.json`', shown);
  const doc = parseJson(text, shown);
  if (!isRecord(doc)) throw new InputError(`unknown input shape: top level is not an object; ${SHAPES}`, shown);

  if ('plan' in doc && 'run' in doc) {
    if (!isRecord(doc.plan) || !isPlan(doc.plan)) {
      throw new InputError('HCP Terraform policy input whose `plan` is not a plan JSON (needs format_version and planned_values or resource_changes)', shown);
    }
    return { path: shown, kind: 'hcp', document: doc, environment: planEnvironment(doc.plan), stackFiles: new Map(), defaultFile: shown, lines: new Map() };
  }
  if (isPlan(doc)) {
    return { path: shown, kind: 'plan', document: doc, environment: planEnvironment(doc), stackFiles: new Map(), defaultFile: shown, lines: new Map() };
  }
  if ('format_version' in doc && 'values' in doc) {
    throw new InputError('this is a Terraform state JSON, not a plan; give `terraform show -json` of a saved plan', shown);
  }
  if (isCdktfManifest(doc)) return readApp(path.dirname(absolute), cwd);
  if (isCdktfStack(doc)) return stackInput(absolute, text, doc, cwd);
  throw new InputError(`unknown input shape: ${SHAPES}`, shown);
}

/** Reads several paths; each becomes its own input (evaluated separately, reports merged). */
export function readInputs(files: readonly string[], cwd: string = process.cwd()): GateInput[] {
  return files.map((file) => readInput(file, cwd));
}

function isPlan(doc: Record<string, unknown>): boolean {
  return typeof doc.format_version === 'string' && ('planned_values' in doc || 'resource_changes' in doc);
}

function isCdktfManifest(doc: Record<string, unknown>): boolean {
  return isRecord(doc.stacks) && typeof doc.version === 'string' && !('resource' in doc);
}

function isCdktfStack(doc: Record<string, unknown>): boolean {
  return ['//', 'terraform', 'provider', 'resource', 'data', 'output'].some((key) => isRecord(doc[key]));
}

function readApp(outdir: string, cwd: string): GateInput {
  const manifestFile = path.join(outdir, 'manifest.json');
  const shownManifest = displayPath(manifestFile, cwd);
  const manifest = readJson(manifestFile, 'cdktf manifest', shownManifest);
  if (!isRecord(manifest) || !isRecord(manifest.stacks)) throw new InputError('cdktf manifest has no `stacks` object', shownManifest);
  const entries = Object.entries(manifest.stacks);
  if (entries.length === 0) throw new InputError('cdktf manifest lists no stacks', shownManifest);

  const stacks: CdktfStackDocument[] = [];
  const stackFiles = new Map<string, string>();
  const lines = new Map<string, number>();
  const environments = new Set<string>();
  for (const [name, entry] of entries) {
    const stackPath = isRecord(entry) ? entry.synthesizedStackPath : undefined;
    if (typeof stackPath !== 'string') throw new InputError(`stack "${name}" has no synthesizedStackPath`, shownManifest);
    if (!stackPath.endsWith('.json')) {
      throw new InputError(`stack "${name}" was synthesized as HCL (${stackPath}); the gate reads cdk.tf.json (turn hclOutput off)`, shownManifest);
    }
    const stackFile = path.resolve(outdir, stackPath);
    const shown = displayPath(stackFile, cwd);
    const text = readText(stackFile, `stack "${name}" file`, shown);
    const config = parseJson(text, shown);
    if (!isRecord(config) || !isCdktfStack(config)) throw new InputError(`stack "${name}" file is not a cdktf stack config`, shown);
    stacks.push({ name, file: shown, config });
    stackFiles.set(name, shown);
    for (const [key, line] of resourceLines(text, name)) lines.set(key, line);
    const env = stackEnvironment(config);
    if (env) environments.add(env);
  }
  return {
    path: displayPath(outdir, cwd),
    kind: 'cdktf_app',
    document: { kind: 'cdktf_app', stacks },
    environment: environments.size === 1 ? [...environments][0] : undefined,
    stackFiles,
    defaultFile: shownManifest,
    lines,
  };
}

function readStackFile(file: string, cwd: string): GateInput {
  const shown = displayPath(file, cwd);
  const text = readText(file, 'stack file', shown);
  const config = parseJson(text, shown);
  if (!isRecord(config) || !isCdktfStack(config)) throw new InputError(`unknown input shape: ${SHAPES}`, shown);
  return stackInput(file, text, config, cwd);
}

/** One stack's cdk.tf.json, wrapped as an app of one stack. */
function stackInput(file: string, text: string, config: Record<string, unknown>, cwd: string): GateInput {
  const shown = displayPath(file, cwd);
  const meta = isRecord(config['//']) && isRecord(config['//'].metadata) ? config['//'].metadata : {};
  const name = typeof meta.stackName === 'string' ? meta.stackName : path.basename(path.dirname(file));
  return {
    path: shown,
    kind: 'cdktf_app',
    document: { kind: 'cdktf_app', stacks: [{ name, file: shown, config }] satisfies CdktfStackDocument[] },
    environment: stackEnvironment(config),
    stackFiles: new Map([[name, shown]]),
    defaultFile: shown,
    lines: resourceLines(text, name),
  };
}

function metadataEnvironment(value: unknown): string | undefined {
  return isRecord(value) && typeof value.environment === 'string' ? value.environment : undefined;
}

function stackEnvironment(config: Record<string, unknown>): string | undefined {
  const output = isRecord(config.output) ? config.output.warm_standby_stack : undefined;
  return isRecord(output) ? metadataEnvironment(output.value) : undefined;
}

function planEnvironment(plan: Record<string, unknown>): string | undefined {
  const outputs = isRecord(plan.planned_values) ? plan.planned_values.outputs : undefined;
  const output = isRecord(outputs) ? outputs.warm_standby_stack : undefined;
  return isRecord(output) ? metadataEnvironment(output.value) : undefined;
}

/**
 * Lines of `resource.<type>.<name>` and `data.<type>.<name>` in a cdk.tf.json as cdktf writes it
 * (`JSON.stringify(config, null, 2)`); files formatted otherwise simply get no lines.
 */
export function resourceLines(text: string, stack: string): Map<string, number> {
  const out = new Map<string, number>();
  const key = /^( *)"((?:[^"\\]|\\.)*)": \{$/;
  let block: 'resource' | 'data' | undefined;
  let type = '';
  text.split('\n').forEach((raw, index) => {
    const m = key.exec(raw.trimEnd());
    if (!m) return;
    const depth = m[1].length;
    if (depth === 2) block = m[2] === 'resource' || m[2] === 'data' ? m[2] : undefined;
    else if (block && depth === 4) type = m[2];
    else if (block && depth === 6) {
      const address = block === 'data' ? `data.${type}.${m[2]}` : `${type}.${m[2]}`;
      out.set(locationKey({ stack, address }), index + 1);
    }
  });
  return out;
}
