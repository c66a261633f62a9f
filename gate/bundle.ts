import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { PolicyError, oneLine } from '../common/errors';
import { sourceDir } from '../common/source';

/** The wasm entrypoint: `data.warm_standby.main.report`. */
export const ENTRYPOINT = 'warm_standby/main/report';

/** Rego production sources, relative to the repository root. */
export const POLICY_SOURCES: readonly string[] = ['policies/main.rego', 'policies/lib', 'policies/rules'];

/**
 * File and directory names left out of the bundle (`opa build --ignore`, matched against base
 * names at any depth): Rego tests and their fixtures.
 */
export const IGNORED_NAMES: readonly string[] = ['*_test.rego', 'testdata', 'fixtures', '.*'];

/**
 * `opa eval` arguments that load the production Rego the bundle is compiled from (tests and fixtures
 * ignored), as HCP Terraform evaluates the exported set. The sources' own data files (e.g.
 * policies/lib/dated_facts/data.json) come with them: do not pass the bundle's data.json as well.
 */
export function regoSourceArgs(root: string = repoRoot()): string[] {
  return [...IGNORED_NAMES.flatMap((name) => ['--ignore', name]), ...POLICY_SOURCES.flatMap((source) => ['-d', path.join(root, source)])];
}

export interface BundlePaths {
  readonly dir: string;
  /** `opa build` output. */
  readonly tarball: string;
  /** The compiled policy, extracted from the tarball. */
  readonly wasm: string;
  /** Base data of the bundle (data files under the sources), extracted from the tarball. */
  readonly data: string;
}

/** The repository root: this file lives in `<root>/gate/` (or its compiled copy in `<root>/dist/gate/`). */
export function repoRoot(): string {
  return sourceDir(path.resolve(__dirname, '..'));
}

export function bundlePaths(root: string = repoRoot()): BundlePaths {
  const dir = path.join(root, 'policies', 'bundle');
  return { dir, tarball: path.join(dir, 'bundle.tar.gz'), wasm: path.join(dir, 'policy.wasm'), data: path.join(dir, 'data.json') };
}

/** The `opa` binary: `$OPA`, then `PATH`, then `<root>/.tools/bin/opa`; undefined when none exists. */
export function findOpa(root: string = repoRoot(), env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [
    ...(env.OPA ? [env.OPA] : []),
    ...(env.PATH ?? '')
      .split(path.delimiter)
      .filter(Boolean)
      .map((dir) => path.join(dir, 'opa')),
    path.join(root, '.tools', 'bin', 'opa'),
  ];
  return candidates.find((file) => {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  });
}

/** Every file that goes into the bundle (Rego and data files, tests and fixtures excluded). */
export function policySourceFiles(root: string = repoRoot()): string[] {
  const ignored = IGNORED_NAMES.map(globToRegExp);
  const out: string[] = [];
  const visit = (file: string): void => {
    if (ignored.some((re) => re.test(path.basename(file)))) return;
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      return;
    }
    if (stat.isDirectory()) for (const entry of fs.readdirSync(file).sort()) visit(path.join(file, entry));
    else if (/\.(rego|json|ya?ml)$/.test(file)) out.push(file);
  };
  for (const source of POLICY_SOURCES) visit(path.join(root, source));
  return out;
}

/** True when the wasm is missing or a source file is newer than the bundle. */
export function isBundleStale(root: string = repoRoot()): boolean {
  const { tarball, wasm } = bundlePaths(root);
  if (!fs.existsSync(wasm) || !fs.existsSync(tarball)) return true;
  const built = fs.statSync(tarball).mtimeMs;
  return policySourceFiles(root).some((file) => fs.statSync(file).mtimeMs > built);
}

export interface BuildOptions {
  /** @default - {@link repoRoot} */
  readonly root?: string;
  /** @default - {@link findOpa} */
  readonly opa?: string;
}

/**
 * Compiles the production Rego to wasm: `opa build -t wasm -e warm_standby/main/report` into
 * `policies/bundle/bundle.tar.gz`, then extracts `policy.wasm` and `data.json` beside it. Each file
 * is written to a temporary name and renamed, so concurrent readers see the old or the new bundle.
 */
export function buildBundle(options: BuildOptions = {}): BundlePaths {
  const root = options.root ?? repoRoot();
  const opa = options.opa ?? findOpa(root);
  if (!opa) throw new PolicyError('opa not found: put it on PATH or in .tools/bin, or set OPA', 'policy bundle');
  if (!fs.existsSync(path.join(root, 'policies', 'main.rego'))) {
    throw new PolicyError('no Rego entry point to build', 'policies/main.rego');
  }
  const paths = bundlePaths(root);
  fs.mkdirSync(paths.dir, { recursive: true });
  const work = fs.mkdtempSync(path.join(paths.dir, '.build-'));
  try {
    const tarball = path.join(work, 'bundle.tar.gz');
    const sources = POLICY_SOURCES.filter((source) => fs.existsSync(path.join(root, source)));
    runTool(
      opa,
      ['build', '-t', 'wasm', '-e', ENTRYPOINT, ...IGNORED_NAMES.flatMap((name) => ['--ignore', name]), '-o', tarball, ...sources],
      root,
      'opa build',
    );
    runTool('tar', ['-xzf', tarball, '-C', work, '-m', '--no-same-owner', '--no-same-permissions', '/policy.wasm', '/data.json'], root, 'tar');
    for (const file of ['policy.wasm', 'data.json']) fs.chmodSync(path.join(work, file), 0o644);
    // Rename the tarball last: its mtime is what staleness checks compare against.
    fs.renameSync(path.join(work, 'policy.wasm'), paths.wasm);
    fs.renameSync(path.join(work, 'data.json'), paths.data);
    fs.renameSync(tarball, paths.tarball);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return paths;
}

/** Rebuilds the bundle when stale and `opa` is available; fails only when no usable wasm exists. */
export function ensureBundle(root: string = repoRoot(), env: NodeJS.ProcessEnv = process.env): BundlePaths {
  const paths = bundlePaths(root);
  if (!isBundleStale(root)) return paths;
  const opa = findOpa(root, env);
  if (opa) return buildBundle({ root, opa });
  if (fs.existsSync(paths.wasm)) return paths;
  throw new PolicyError('policy bundle not built and opa not found; run `npm run policy:build`', path.relative(root, paths.wasm));
}

/**
 * Runs a tool (opa, tar) in `cwd` and returns its stdout; a failure is a {@link PolicyError} with the
 * first lines of what it said. Also used by the policy-set export.
 */
export function runTool(command: string, args: readonly string[], cwd: string, label: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new PolicyError(`${label} failed to start: ${result.error.message}`, command);
  if (result.status !== 0) {
    const detail = (result.stderr || result.stdout)
      .split('\n')
      .filter((line) => line.trim())
      .slice(0, 3)
      .join('; ');
    throw new PolicyError(`${label} failed: ${oneLine(detail) || `exit ${result.status}`}`, 'policies/');
  }
  return result.stdout;
}

function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/** `scripts/build-policies`: builds and prints one line; returns the exit code. */
export function buildPoliciesMain(root: string = repoRoot()): number {
  try {
    const paths = buildBundle({ root });
    const size = fs.statSync(paths.wasm).size;
    process.stdout.write(`built ${path.relative(root, paths.wasm)} (${size} bytes) from ${policySourceFiles(root).length} policy files\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`build-policies: ${(err as Error).message}\n`);
    return 1;
  }
}
