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

/** Synthesizes every stack of an environment into a temp dir (cached per test file). */
export function synthEnvironment(envOrName: string | EnvironmentConfig, options: { failover?: boolean } = {}): SynthesizedApp {
  const env = typeof envOrName === 'string' ? loadEnvironment(envOrName) : envOrName;
  const key = typeof envOrName === 'string' ? `${envOrName}:${options.failover ?? false}` : undefined;
  const hit = key ? cache.get(key) : undefined;
  if (hit) return hit;

  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `synth-${env.name}-`));
  const app = new App({ outdir, skipValidation: false });
  buildEnvironment(app, env, { failover: options.failover ?? false });
  app.synth();
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

/** `resource.<type>` of a synthesized stack as [name, config] pairs. */
export function resourcesOf(stack: any, type: string): [string, any][] {
  return Object.entries(stack.resource?.[type] ?? {});
}

/** Every resource type in a synthesized stack, sorted. */
export function resourceTypes(stack: any): string[] {
  return Object.keys(stack.resource ?? {}).sort();
}
