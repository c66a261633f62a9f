/**
 * Terraform harness: runs the real Terraform CLI, offline, on a synthesized stack.
 *
 * The stack folder is copied to a temp dir (the synthesized output is never touched), provider
 * requirements are pointed at the project's mirror, and `terraform init` uses the project's CLI
 * configuration (filesystem mirror + shared plugin cache) written by `scripts/setup`.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { readToolchain, toolEnv } = require('../toolchain') as {
  readToolchain: () => Toolchain;
  toolEnv: (base?: NodeJS.ProcessEnv) => NodeJS.ProcessEnv;
};

/** A JSON object of a synthesized stack (cdk.tf.json); its keys are Terraform's. */
export type JsonBlock = { [key: string]: unknown };

/** The top-level blocks of cdk.tf.json the harness reads or edits. */
export interface StackConfig extends JsonBlock {
  terraform?: JsonBlock & { backend?: JsonBlock; cloud?: JsonBlock; required_providers?: Record<string, JsonBlock> };
  provider?: Record<string, JsonBlock | JsonBlock[]>;
  resource?: Record<string, Record<string, JsonBlock>>;
  data?: Record<string, Record<string, JsonBlock>>;
}

const run = promisify(execFile);

export interface Toolchain {
  readonly opa: string;
  readonly terraform: string;
  readonly terraformrc: string;
  readonly pluginCache: string;
  /** Provider name -> version held by the project's mirror. */
  readonly providers: Readonly<Record<string, string>>;
}

export interface Diagnostic {
  readonly severity: 'error' | 'warning';
  readonly summary: string;
  readonly detail?: string;
  readonly address?: string;
}

export interface ValidateResult {
  readonly stackDir: string;
  readonly valid: boolean;
  readonly errorCount: number;
  readonly warningCount: number;
  readonly diagnostics: readonly Diagnostic[];
}

export interface PrepareOptions {
  /**
   * What to do with the stack's backend: `keep` it, `drop` it (validate needs none), or replace it
   * with a `local` one (for an offline plan).
   * @default 'drop'
   */
  readonly backend?: 'keep' | 'drop' | 'local';
  /** Edits the stack JSON before it is written, e.g. provider settings for an offline plan. */
  readonly transform?: (config: StackConfig) => void;
}

/** Copies `stackDir` (cdk.tf.json + assets) into a fresh temp dir ready for `terraform init`. */
export function prepareStackDir(stackDir: string, options: PrepareOptions = {}): string {
  const source = path.join(stackDir, 'cdk.tf.json');
  if (!fs.existsSync(source)) throw new Error(`${source} does not exist: synthesize first (npm run synth)`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `tf-${path.basename(stackDir)}-`));
  fs.cpSync(stackDir, work, { recursive: true, filter: (p) => !p.includes(`${path.sep}.terraform`) });
  const config = JSON.parse(fs.readFileSync(source, 'utf8')) as StackConfig;
  pinMirrorProviders(config, readToolchain().providers);
  const backend = options.backend ?? 'drop';
  if (backend !== 'keep' && config.terraform) {
    delete config.terraform.backend;
    delete config.terraform.cloud;
    if (backend === 'local') config.terraform.backend = { local: { path: 'terraform.tfstate' } };
  }
  options.transform?.(config);
  fs.writeFileSync(path.join(work, 'cdk.tf.json'), JSON.stringify(config, null, 2));
  return work;
}

/**
 * Points `required_providers` at the versions the project mirror holds. They differ from what the
 * stack asks for only where a release cannot be built here (see README, Offline providers).
 */
export function pinMirrorProviders(config: StackConfig, mirror: Readonly<Record<string, string>>): void {
  const required = config.terraform?.required_providers ?? {};
  for (const [name, req] of Object.entries(required)) {
    if (mirror[name] && req.version !== mirror[name]) req.version = mirror[name];
  }
}

async function terraform(dir: string, args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  const { terraform: bin } = readToolchain();
  try {
    const { stdout, stderr } = await run(bin, args, { cwd: dir, env: toolEnv(), maxBuffer: 256 * 1024 * 1024 });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; code?: number };
    return { stdout: e.stdout ?? '', stderr: e.stderr ?? '', code: typeof e.code === 'number' ? e.code : 1 };
  }
}

/** `terraform init` offline; throws with Terraform's own message when it fails. */
export async function init(dir: string, options: { backend?: boolean } = {}): Promise<void> {
  const args = ['init', '-input=false', '-no-color', `-backend=${options.backend ?? false}`];
  const result = await terraform(dir, args);
  if (result.code !== 0) throw new Error(`terraform init failed in ${dir}:\n${result.stderr || result.stdout}`);
}

/** `terraform validate -json` and its diagnostics. */
export async function validate(dir: string): Promise<Omit<ValidateResult, 'stackDir'>> {
  const result = await terraform(dir, ['validate', '-json', '-no-color']);
  let parsed: {
    valid: boolean;
    error_count: number;
    warning_count: number;
    diagnostics: { severity: 'error' | 'warning'; summary: string; detail?: string; address?: string }[];
  };
  try {
    parsed = JSON.parse(result.stdout) as typeof parsed;
  } catch {
    throw new Error(`terraform validate printed no JSON in ${dir}:\n${result.stderr || result.stdout}`);
  }
  return {
    valid: parsed.valid,
    errorCount: parsed.error_count,
    warningCount: parsed.warning_count,
    diagnostics: parsed.diagnostics.map((d) => ({
      severity: d.severity,
      summary: d.summary,
      detail: d.detail,
      address: d.address,
    })),
  };
}

/**
 * Initialized folders by provider set (the stack's required_providers after pinning), one per
 * process: `terraform init` of the same providers gives the same `.terraform` and lock file, so a
 * stack whose providers were initialized before reuses them instead of running init again.
 */
const initializedByProviders = new Map<string, Promise<string>>();

/** A folder holding `.terraform` and `.terraform.lock.hcl` for the providers `config` requires. */
function initializedFor(config: StackConfig): Promise<string> {
  const key = JSON.stringify(
    Object.entries(config.terraform?.required_providers ?? {})
      .map(([name, req]) => [name, req.source ?? null, req.version ?? null])
      .sort(),
  );
  let dir = initializedByProviders.get(key);
  if (!dir) {
    const template = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-providers-'));
    fs.writeFileSync(path.join(template, 'main.tf.json'), JSON.stringify({ terraform: { required_providers: config.terraform?.required_providers ?? {} } }));
    dir = init(template).then(() => template);
    // A failed init is not cached: the next stack runs it again and reports Terraform's message.
    dir.catch(() => initializedByProviders.delete(key));
    initializedByProviders.set(key, dir);
    process.once('exit', () => fs.rmSync(template, { recursive: true, force: true }));
  }
  return dir;
}

/**
 * Copies and validates one synthesized stack folder; removes the temp copy afterwards. `terraform
 * init` runs once per provider set (see {@link initializedFor}); the copy links that `.terraform`
 * and copies its lock file, which is all `terraform validate` reads of an init with -backend=false.
 */
export async function validateStack(stackDir: string, options: PrepareOptions = {}): Promise<ValidateResult> {
  const work = prepareStackDir(stackDir, options);
  try {
    const config = JSON.parse(fs.readFileSync(path.join(work, 'cdk.tf.json'), 'utf8')) as StackConfig;
    const initialized = await initializedFor(config);
    fs.symlinkSync(path.join(initialized, '.terraform'), path.join(work, '.terraform'), 'dir');
    fs.copyFileSync(path.join(initialized, '.terraform.lock.hcl'), path.join(work, '.terraform.lock.hcl'));
    return { stackDir, ...(await validate(work)) };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Runs Terraform with the project toolchain in `dir`; for plan/show in later harness steps. */
export { terraform as runTerraform };
