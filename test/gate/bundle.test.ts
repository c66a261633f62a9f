import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { buildBundle, bundlePaths, ensureBundle, findOpa, isBundleStale, policySourceFiles } from '../../gate/bundle';
import { PolicyEngine } from '../../gate/engine';
import { PolicyError } from '../../common/errors';
import { REPO_ROOT, STAND_IN_REGO, stackConfig, tempDir } from './fixtures';

const opa = findOpa(REPO_ROOT)!;

/** A repository layout with production Rego, tests and fixtures beside it. */
function fakeRepo(): string {
  const root = tempDir('ws-repo-');
  const put = (rel: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  put('policies/main.rego', STAND_IN_REGO);
  put('policies/lib/helpers.rego', 'package warm_standby.lib\n\nanswer := 42\n');
  put('policies/lib/helpers_test.rego', 'package warm_standby.lib_test\n\ntest_answer if data.warm_standby.lib.answer == 42\n');
  put('policies/rules/eks/standby_min.rego', 'package warm_standby.rules.eks.standby_min\n\ndeny contains "x" if false\n');
  put('policies/rules/eks/testdata/plan.json', '{"fixture": true}\n');
  put('policies/test_fixtures/app_test.rego', 'package warm_standby.test_fixtures\n\napp := {}\n');
  put('gate/unrelated.ts', 'export {};\n');
  return root;
}

/** Sets a file's mtime `seconds` from now. */
function touch(file: string, seconds: number): void {
  const when = new Date(Date.now() + seconds * 1000);
  fs.utimesSync(file, when, when);
}

describe('policy bundle', () => {
  test('builds wasm + data from main.rego, lib and rules only, leaving tests and fixtures out', async () => {
    const root = fakeRepo();
    const paths = buildBundle({ root, opa });
    expect(paths).toEqual(bundlePaths(root));
    const members = execFileSync('tar', ['-tzf', paths.tarball], { encoding: 'utf8' }).split('\n').filter(Boolean).sort();
    expect(members).toEqual([
      '/.manifest',
      '/data.json',
      '/policies/lib/helpers.rego',
      '/policies/main.rego',
      '/policies/rules/eks/standby_min.rego',
      '/policy.wasm',
    ]);
    expect(JSON.parse(fs.readFileSync(paths.data, 'utf8'))).toEqual({});
    expect(fs.readdirSync(paths.dir).sort()).toEqual(['bundle.tar.gz', 'data.json', 'policy.wasm']);

    const engine = await PolicyEngine.load(paths.wasm);
    const report = engine.evaluate({ kind: 'cdktf_app', stacks: [{ name: 's', file: 'f', config: stackConfig('s', 'primary', 'us-east-1') }] });
    expect(report.rules.map((r) => r.id).sort()).toEqual(['WS-TST-001', 'WS-TST-002', 'WS-TST-003', 'WS-TST-004']);
  });

  test('lists the sources it watches', () => {
    const root = fakeRepo();
    expect(policySourceFiles(root).map((f) => path.relative(root, f))).toEqual([
      'policies/main.rego',
      'policies/lib/helpers.rego',
      'policies/rules/eks/standby_min.rego',
    ]);
  });

  test('is stale until built, then only when a production source changes', () => {
    const root = fakeRepo();
    expect(isBundleStale(root)).toBe(true);
    const { tarball } = buildBundle({ root, opa });
    touch(tarball, -60);
    for (const f of policySourceFiles(root)) touch(f, -120);
    expect(isBundleStale(root)).toBe(false);
    touch(path.join(root, 'policies/lib/helpers_test.rego'), 0);
    touch(path.join(root, 'policies/rules/eks/testdata/plan.json'), 0);
    expect(isBundleStale(root)).toBe(false);
    touch(path.join(root, 'policies/rules/eks/standby_min.rego'), 0);
    expect(isBundleStale(root)).toBe(true);
  });

  test('ensureBundle rebuilds a stale bundle, keeps a built one without opa, and fails without either', () => {
    const root = fakeRepo();
    const noOpa = { PATH: '' };
    expect(() => ensureBundle(root, noOpa)).toThrow(PolicyError);
    expect(() => ensureBundle(root, noOpa)).toThrow('policy bundle not built and opa not found; run `npm run policy:build` (policies/bundle/policy.wasm)');
    const built = ensureBundle(root, { PATH: path.dirname(opa) });
    expect(fs.existsSync(built.wasm)).toBe(true);
    touch(path.join(root, 'policies/main.rego'), 60);
    expect(ensureBundle(root, noOpa).wasm).toBe(built.wasm);
  });

  test('a Rego error is one PolicyError line from opa', () => {
    const root = fakeRepo();
    fs.writeFileSync(path.join(root, 'policies/rules/eks/standby_min.rego'), 'package warm_standby.rules.eks.standby_min\n\ndeny contains x if {\n');
    expect(() => buildBundle({ root, opa })).toThrow(/^opa build failed: .*standby_min\.rego.* \(policies\/\)$/);
    expect(fs.existsSync(bundlePaths(root).wasm)).toBe(false);
    expect(fs.readdirSync(bundlePaths(root).dir)).toEqual([]);
  });
});

describe('scripts/build-policies', () => {
  /** The script in a fake repo whose bundle.ts only records that it ran. */
  function scriptRepo(): string {
    const root = fakeRepo();
    fs.mkdirSync(path.join(root, 'scripts'));
    fs.copyFileSync(path.join(REPO_ROOT, 'scripts', 'build-policies'), path.join(root, 'scripts', 'build-policies'));
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'));
    fs.writeFileSync(
      path.join(root, 'gate/bundle.ts'),
      "export function buildPoliciesMain(): number {\n  process.stdout.write('BUILD RAN\\n');\n  return 0;\n}\n",
    );
    const { dir, tarball, wasm } = bundlePaths(root);
    fs.mkdirSync(dir);
    fs.writeFileSync(tarball, '');
    fs.writeFileSync(wasm, '');
    for (const f of policySourceFiles(root)) touch(f, -120);
    touch(tarball, -60);
    return root;
  }
  const run = (root: string, ...args: string[]) => spawnSync('bash', [path.join(root, 'scripts', 'build-policies'), ...args], { cwd: root, encoding: 'utf8' });

  test('skips when no production source is newer than the bundle, even if a test changed', () => {
    const root = scriptRepo();
    touch(path.join(root, 'policies/lib/helpers_test.rego'), 0);
    const r = run(root);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('policy bundle up to date (policies/bundle/policy.wasm)\n');
  });

  test('builds when a Rego source is newer, or with --force', () => {
    const root = scriptRepo();
    expect(run(root, '--force').stdout).toBe('BUILD RAN\n');
    touch(path.join(root, 'policies/lib/helpers.rego'), 0);
    const r = run(root);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('BUILD RAN\n');
  });
});
