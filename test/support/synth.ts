import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'cdktf';
import { EnvironmentConfig, loadEnvironment } from '../../environments';
import { buildEnvironment } from '../../stacks';

export interface SynthesizedApp {
  readonly outdir: string;
  readonly env: EnvironmentConfig;
  /** Stack name -> parsed cdk.tf.json. */
  readonly stacks: Readonly<Record<string, any>>;
  stackDir(name: string): string;
}

const cache = new Map<string, SynthesizedApp>();

/**
 * Folder shared by the suites of one `npm test` run (scripts/test sets it and removes it at the end):
 * an environment is synthesized once per run, and each suite gets its own copy of that synth, so
 * what one suite does to its files never reaches another. Sources do not change during a run; outside
 * `npm test` (a single `npx jest`) each suite synthesizes as before.
 */
const RUN_CACHE = process.env.WS_TEST_SYNTH_CACHE;

/**
 * Cache key of a synth: the environment's content and the mode, so a configuration built in a test
 * (a failback environment with live ids, a variant) shares the synth of an equal one, named or
 * not. Undefined (no caching) when the configuration holds a function, which JSON would drop.
 */
function synthKey(env: EnvironmentConfig, failover: boolean): string | undefined {
  let opaque = false;
  const text = JSON.stringify(env, (_, value: unknown) => {
    if (typeof value === 'function') opaque = true;
    return value;
  });
  if (opaque) return undefined;
  return `${env.name}_${failover ? 'failover' : 'normal'}_${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
}

/** Synthesizes every stack of an environment into a temp dir (cached per test file, and per `npm test` run). */
export function synthEnvironment(envOrName: string | EnvironmentConfig, options: { failover?: boolean } = {}): SynthesizedApp {
  const env = typeof envOrName === 'string' ? loadEnvironment(envOrName) : envOrName;
  const key = synthKey(env, options.failover ?? false);
  const hit = key ? cache.get(key) : undefined;
  if (hit) return hit;

  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `synth-${env.name}-`));
  const shared = key && RUN_CACHE ? path.join(RUN_CACHE, key.replace(/[^\w-]/g, '_')) : undefined;
  if (shared && fs.existsSync(path.join(shared, 'manifest.json'))) {
    fs.cpSync(shared, outdir, { recursive: true });
  } else {
    const app = new App({ outdir, skipValidation: false });
    buildEnvironment(app, env, { failover: options.failover ?? false });
    app.synth();
    if (shared) publish(outdir, shared);
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as {
    stacks: Record<string, { synthesizedStackPath: string }>;
  };
  const stacks: Record<string, any> = {};
  for (const [name, entry] of Object.entries(manifest.stacks)) {
    stacks[name] = JSON.parse(fs.readFileSync(path.join(outdir, entry.synthesizedStackPath), 'utf8'));
  }
  const result: SynthesizedApp = { outdir, env, stacks, stackDir: (name) => path.join(outdir, 'stacks', name) };
  if (key) cache.set(key, result);
  return result;
}

/** Copies a finished synth to `shared` under a temporary name, then renames it: other suites see all of it or none. */
function publish(outdir: string, shared: string): void {
  const temporary = `${shared}.${process.pid}.tmp`;
  try {
    fs.cpSync(outdir, temporary, { recursive: true });
    fs.renameSync(temporary, shared);
  } catch {
    // Another suite published the same synth first: theirs is used.
    fs.rmSync(temporary, { recursive: true, force: true });
  }
}

/** `resource.<type>` of a synthesized stack as [name, config] pairs. */
export function resourcesOf(stack: any, type: string): [string, any][] {
  return Object.entries(stack.resource?.[type] ?? {});
}

/** Every resource type in a synthesized stack, sorted. */
export function resourceTypes(stack: any): string[] {
  return Object.keys(stack.resource ?? {}).sort();
}
