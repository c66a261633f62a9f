/**
 * Terraform harness: runs the real Terraform CLI, offline, on a synthesized stack.
 *
 * The stack folder is copied to a temp dir (the synthesized output is never touched), provider
 * requirements are pointed at the project's mirror, and `terraform init` uses the project's CLI
 * configuration (filesystem mirror + shared plugin cache) written by `scripts/setup`.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { withDirLock } from '../../common/dir-lock';

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

/**
 * Runs `fn` holding the project's `terraform init` lock, `.tools/plugin-cache.init-lock` beside the
 * plugin cache (common/dir-lock.ts). Terraform's plugin cache is not safe for concurrent use: an init
 * without a lock-file entry installs from the mirror and rewrites the cache entry, and a second init
 * reading the entry then fails with "provider binary not found: could not read package directory"
 * (seen on a fresh clone, where the jest workers' first inits ran together). Inits take under a
 * second, so waiting costs little.
 */
export function withInitLock<T>(fn: () => Promise<T>, waitMs?: number): Promise<T> {
  return withDirLock(`${readToolchain().pluginCache}.init-lock`, fn, { waitMs, what: 'terraform init' });
}

/** `terraform init` offline, one at a time across processes ({@link withInitLock}); throws with Terraform's own message when it fails. */
export async function init(dir: string, options: { backend?: boolean } = {}): Promise<void> {
  const args = ['init', '-input=false', '-no-color', `-backend=${options.backend ?? false}`];
  const result = await withInitLock(() => terraform(dir, args));
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
 * Initialized folders by provider set and backend (the stack's required_providers after pinning, and
 * its backend block), one per process: `terraform init` of the same providers and backend gives the
 * same `.terraform` and lock file, so a stack whose providers were initialized before reuses them
 * instead of running init again (each init hashes every provider binary for the lock file: seconds).
 */
const initializedByProviders = new Map<string, Promise<string>>();

/** A folder holding `.terraform` and `.terraform.lock.hcl` for the providers and backend `config` has. */
function initializedFor(config: StackConfig): Promise<string> {
  const backend = config.terraform?.backend;
  const key = JSON.stringify([
    Object.entries(config.terraform?.required_providers ?? {})
      .map(([name, req]) => [name, req.source ?? null, req.version ?? null])
      .sort(),
    backend ?? null,
  ]);
  let dir = initializedByProviders.get(key);
  if (!dir) {
    const template = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-providers-'));
    const terraformBlock = { required_providers: config.terraform?.required_providers ?? {}, ...(backend ? { backend } : {}) };
    fs.writeFileSync(path.join(template, 'main.tf.json'), JSON.stringify({ terraform: terraformBlock }));
    dir = init(template, { backend: backend !== undefined }).then(() => template);
    // A failed init is not cached: the next stack runs it again and reports Terraform's message.
    dir.catch(() => initializedByProviders.delete(key));
    initializedByProviders.set(key, dir);
    process.once('exit', () => fs.rmSync(template, { recursive: true, force: true }));
  }
  return dir;
}

/**
 * Gives the prepared copy `work` the `.terraform` (linked) and lock file (copied) of an init of the
 * same providers and backend, running that init once per process (see {@link initializedFor}). Only a
 * backend that keeps its state in the working folder (none, or `local` with a relative path) can be
 * shared this way; a remote backend must be initialized in place.
 */
export async function reuseInit(work: string): Promise<void> {
  const config = JSON.parse(fs.readFileSync(path.join(work, 'cdk.tf.json'), 'utf8')) as StackConfig;
  const backend = config.terraform?.backend;
  const local = backend === undefined || (Object.keys(backend).length === 1 && 'local' in backend);
  if (!local || config.terraform?.cloud) throw new Error(`reuseInit: ${work} has a remote backend; run terraform init there`);
  const initialized = await initializedFor(config);
  fs.symlinkSync(path.join(initialized, '.terraform'), path.join(work, '.terraform'), 'dir');
  fs.copyFileSync(path.join(initialized, '.terraform.lock.hcl'), path.join(work, '.terraform.lock.hcl'));
}

/**
 * Copies and validates one synthesized stack folder; removes the temp copy afterwards. `terraform
 * init` runs once per provider set (see {@link initializedFor}); the copy links that `.terraform`
 * and copies its lock file, which is all `terraform validate` reads of an init with -backend=false.
 */
export async function validateStack(stackDir: string, options: PrepareOptions = {}): Promise<ValidateResult> {
  const work = prepareStackDir(stackDir, options);
  try {
    await reuseInit(work);
    return { stackDir, ...(await validate(work)) };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Runs Terraform with the project toolchain in `dir`; for plan/show in later harness steps. */
export { terraform as runTerraform };

/** A synthesized stack folder to validate, under a key unique among those validated together. */
export interface StackToValidate {
  readonly key: string;
  readonly dir: string;
}

/**
 * Top-level blocks that mean the same in a child module as in a root module. A stack with anything
 * else (variables, which a module call would have to set; import blocks, root-only; an output marked
 * ephemeral, child-only) is validated on its own, as a root (see {@link validateStacks}).
 */
const MODULE_SAFE_BLOCKS = new Set(['//', 'terraform', 'provider', 'resource', 'data', 'ephemeral', 'output', 'locals', 'check', 'moved']);

/** Why `config` cannot be validated as a child module, or undefined when it can. */
export function rootOnlyReason(config: StackConfig): string | undefined {
  const other = Object.keys(config).find((block) => !MODULE_SAFE_BLOCKS.has(block));
  if (other) return `top-level "${other}" block`;
  const outputs = (config.output ?? {}) as Record<string, JsonBlock>;
  const ephemeral = Object.keys(outputs).find((name) => outputs[name]?.ephemeral !== undefined);
  if (ephemeral) return `output "${ephemeral}" sets ephemeral`;
  return undefined;
}

/** The stack's `import` blocks when every one is a plain `{ to, id }` of literals (movable to the root), else undefined. */
export function hoistableImports(imports: unknown): { to: string; id: string }[] | undefined {
  const list: unknown[] = Array.isArray(imports) ? imports : imports && typeof imports === 'object' ? [imports] : [];
  if (list.length === 0) return undefined;
  const plain = list.every((block) => {
    if (!block || typeof block !== 'object') return false;
    const { to, id, ...rest } = block as JsonBlock;
    return typeof to === 'string' && /^[A-Za-z0-9_.-]+$/.test(to) && typeof id === 'string' && !id.includes('${') && Object.keys(rest).length === 0;
  });
  return plain ? (list as { to: string; id: string }[]) : undefined;
}

/** True when `value` holds no Terraform expression (`${...}`): the same wherever it is written. */
function isLiteral(value: unknown): boolean {
  return !JSON.stringify(value).includes('${');
}

/**
 * Provider configurations the shared root can hold instead of the stack: for each provider type whose
 * every configuration in the stack is literal (a reference to the stack's own resources could not
 * move), the configurations by local address (`aws`, `aws.replica`). The stack's `provider` block
 * loses those types.
 */
function takeLiteralProviders(config: StackConfig): Map<string, JsonBlock> {
  const taken = new Map<string, JsonBlock>();
  for (const [type, value] of Object.entries(config.provider ?? {})) {
    const list = Array.isArray(value) ? value : [value];
    if (!list.every(isLiteral)) continue;
    for (const block of list) {
      const { alias, ...settings } = block;
      taken.set(typeof alias === 'string' ? `${type}.${alias}` : type, settings);
    }
    delete config.provider![type];
  }
  if (config.provider && Object.keys(config.provider).length === 0) delete config.provider;
  return taken;
}

/**
 * Validates many synthesized stacks with ONE `terraform init` and ONE `terraform validate`: each
 * distinct stack's prepared copy becomes a child module (`module "sN" { source = "./stacks/sN" }`)
 * of a temporary root. Terraform loads each provider's schema once per process, and loading the AWS
 * provider's is most of a validate (about 6 s of CPU per stack when each is validated alone).
 *
 * Terraform starts one provider process per provider configuration (half a second of CPU each for
 * the AWS provider), so configurations that are literal are moved to the root, each distinct one
 * once (`providers-pN.tf.json`, aliased `pN`), and handed to the modules through `providers`; the
 * module declares the aliases it receives (`configuration_aliases`). A diagnostic in such a file is
 * given to every stack that uses it. Stacks whose prepared content is identical (an environment whose
 * failover synth leaves a stack unchanged) are validated once and share the verdict.
 *
 * cdktf writes asset paths relative to the stack folder (`assets/<name>/<hash>/archive.zip`) and
 * Terraform resolves them against its working folder, so every stack's assets are also copied to
 * the root's `assets/` (their folders are named by content hash: the same name in two stacks is the
 * same file, which is checked). Diagnostics are given to the stack whose file or module address they
 * name; one that names neither is given to every stack. Stacks with blocks whose meaning differs in a
 * child module ({@link rootOnlyReason}) are validated on their own, as roots, as before; plain
 * `import` blocks (a literal `to` and `id`, no provider or for_each: what the failback environments
 * emit) are the exception, moved to the root as `imports-sN.tf.json` with `to` prefixed by the module
 * address (Terraform allows an import into a child module from the root only), so their stack still
 * shares the one run and Terraform still checks that each import target exists.
 */
export async function validateStacks(stacks: readonly StackToValidate[], options: PrepareOptions = {}): Promise<Map<string, ValidateResult>> {
  const results = new Map<string, ValidateResult>();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-validate-all-'));
  try {
    /** Module name by the stack's content (configuration, hoisted imports, assets). */
    const byContent = new Map<string, string>();
    const modules: { key: string; dir: string; name: string }[] = [];
    /** Root provider alias (`pN`) by provider type and settings; and the modules using each. */
    const rootProviders = new Map<string, string>();
    const providerUsers = new Map<string, Set<string>>();
    const requiredProviders: Record<string, JsonBlock> = {};
    const calls: Record<string, JsonBlock> = {};
    const alone: StackToValidate[] = [];
    for (const stack of stacks) {
      const work = prepareStackDir(stack.dir, options);
      const config = JSON.parse(fs.readFileSync(path.join(work, 'cdk.tf.json'), 'utf8')) as StackConfig;
      const { import: imports, ...withoutImports } = config;
      const hoisted = hoistableImports(imports);
      if (rootOnlyReason(hoisted ? withoutImports : config)) {
        fs.rmSync(work, { recursive: true, force: true });
        alone.push(stack);
        continue;
      }
      const contentKey = createHash('sha256')
        // A stack that reaches here has no import blocks or only hoistable ones.
        .update(JSON.stringify([withoutImports, hoisted ?? null]))
        .update(assetDigest(path.join(work, 'assets')))
        .digest('hex');
      const same = byContent.get(contentKey);
      if (same) {
        fs.rmSync(work, { recursive: true, force: true });
        modules.push({ key: stack.key, dir: stack.dir, name: same });
        continue;
      }
      const name = `s${byContent.size}`;
      byContent.set(contentKey, name);
      const moduleConfig = hoisted ? withoutImports : config;
      const passed: Record<string, string> = {};
      const aliases: Record<string, string[]> = {};
      for (const [local, settings] of takeLiteralProviders(moduleConfig)) {
        const type = local.split('.')[0];
        const settingsKey = JSON.stringify([type, settings]);
        let alias = rootProviders.get(settingsKey);
        if (!alias) {
          alias = `p${rootProviders.size}`;
          rootProviders.set(settingsKey, alias);
          providerUsers.set(alias, new Set());
          fs.writeFileSync(path.join(root, `providers-${alias}.tf.json`), JSON.stringify({ provider: { [type]: [{ alias, ...settings }] } }, null, 2));
        }
        passed[local] = `${type}.${alias}`;
        if (local.includes('.')) (aliases[type] ??= []).push(local);
        providerUsers.get(alias)!.add(name);
        const required = moduleConfig.terraform?.required_providers?.[type];
        if (required && !requiredProviders[type]) requiredProviders[type] = { ...required };
      }
      for (const [type, list] of Object.entries(aliases)) {
        const required = (moduleConfig.terraform ??= {}).required_providers ?? {};
        moduleConfig.terraform.required_providers = required;
        required[type] = { ...(required[type] ?? { source: `hashicorp/${type}` }), configuration_aliases: list };
      }
      fs.writeFileSync(path.join(work, 'cdk.tf.json'), JSON.stringify(moduleConfig, null, 2));
      if (hoisted) {
        fs.writeFileSync(
          path.join(root, `imports-${name}.tf.json`),
          JSON.stringify({ import: hoisted.map((block) => ({ ...block, to: `module.${name}.${block.to}` })) }, null, 2),
        );
      }
      const moduleDir = path.join(root, 'stacks', name);
      fs.mkdirSync(path.dirname(moduleDir), { recursive: true });
      fs.cpSync(work, moduleDir, { recursive: true });
      fs.rmSync(work, { recursive: true, force: true });
      copyAssets(path.join(moduleDir, 'assets'), path.join(root, 'assets'));
      calls[name] = { source: `./stacks/${name}`, ...(Object.keys(passed).length > 0 ? { providers: passed } : {}) };
      modules.push({ key: stack.key, dir: stack.dir, name });
    }
    if (modules.length > 0) {
      fs.writeFileSync(
        path.join(root, 'main.tf.json'),
        JSON.stringify(
          { ...(Object.keys(requiredProviders).length > 0 ? { terraform: { required_providers: requiredProviders } } : {}), module: calls },
          null,
          2,
        ),
      );
      await init(root);
      const all = await validateDiagnostics(root);
      const verdicts = new Map<string, Omit<ValidateResult, 'stackDir'>>();
      for (const name of new Set(modules.map((m) => m.name))) {
        const belongs = all.filter((d) => {
          if (d.file === undefined) return d.address === undefined || d.address === `module.${name}` || d.address.startsWith(`module.${name}.`);
          if (d.file.startsWith(`stacks/${name}/`) || d.file === `imports-${name}.tf.json`) return true;
          const provider = /^providers-(p\d+)\.tf\.json$/.exec(d.file);
          // A diagnostic in main.tf.json (the module calls and requirements) concerns every stack.
          return provider ? (providerUsers.get(provider[1])?.has(name) ?? false) : d.file === 'main.tf.json';
        });
        const diagnostics = belongs.map(({ file: _file, ...d }) => d);
        const errorCount = diagnostics.filter((d) => d.severity === 'error').length;
        verdicts.set(name, { valid: errorCount === 0, errorCount, warningCount: diagnostics.length - errorCount, diagnostics });
      }
      for (const m of modules) results.set(m.key, { stackDir: m.dir, ...verdicts.get(m.name)! });
    }
    for (const stack of alone) results.set(stack.key, await validateStack(stack.dir, options));
    return results;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** SHA-256 over every file under `dir` (relative path and bytes), or of nothing when there is none. */
function assetDigest(dir: string): string {
  const hash = createHash('sha256');
  if (fs.existsSync(dir)) {
    const files = fs
      .readdirSync(dir, { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name))
      .sort();
    for (const file of files) hash.update(path.relative(dir, file)).update('\0').update(fs.readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

/** Copies every file under `from` to the same relative path under `to`; a file already there must be identical. */
function copyAssets(from: string, to: string): void {
  if (!fs.existsSync(from)) return;
  for (const entry of fs.readdirSync(from, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const source = path.join(entry.parentPath, entry.name);
    const target = path.join(to, path.relative(from, source));
    if (fs.existsSync(target)) {
      if (!fs.readFileSync(target).equals(fs.readFileSync(source))) throw new Error(`two stacks hold different files at assets/${path.relative(from, source)}`);
      continue;
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(source, target);
  }
}

/** `terraform validate -json` diagnostics with the file each names (relative to `dir`), if any. */
async function validateDiagnostics(dir: string): Promise<(Diagnostic & { file?: string })[]> {
  const result = await terraform(dir, ['validate', '-json', '-no-color']);
  let parsed: { diagnostics: { severity: 'error' | 'warning'; summary: string; detail?: string; address?: string; range?: { filename?: string } }[] };
  try {
    parsed = JSON.parse(result.stdout) as typeof parsed;
  } catch {
    throw new Error(`terraform validate printed no JSON in ${dir}:\n${result.stderr || result.stdout}`);
  }
  return parsed.diagnostics.map((d) => ({
    severity: d.severity,
    summary: d.summary,
    detail: d.detail,
    address: d.address,
    ...(d.range?.filename ? { file: d.range.filename.split(path.sep).join('/') } : {}),
  }));
}
