import * as fs from 'fs';
import * as path from 'path';

/**
 * The layout the README draws: policies/ is Rego only; each program is a top-level folder; imports
 * run one way (cli -> gate | readiness | objectives -> naming | common; environments -> stacks ->
 * modules) with no cycles; ARNs are built only by the naming layer and the modules' partition-aware
 * helpers.
 */
const ROOT = path.resolve(__dirname, '..', '..');

/** What each top-level folder may import from the project (besides itself). */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  // common/dated-facts.ts reads the dated-facts table, a JSON file of the policy bundle.
  common: ['policies'],
  modules: ['common'],
  environments: ['modules', 'common'],
  naming: ['environments', 'modules'],
  stacks: ['naming', 'environments', 'modules'],
  objectives: ['naming', 'environments', 'modules', 'common'],
  readiness: ['objectives', 'naming', 'environments', 'modules', 'common'],
  gate: ['objectives', 'naming', 'environments', 'modules', 'common'],
  topology: ['common'],
  // drill/ runs the environment on an emulator (npm run drill); it reads the synthesized stacks, not the code.
  drill: ['naming', 'environments', 'modules', 'common'],
  cli: ['gate', 'readiness', 'objectives', 'topology', 'naming', 'environments', 'modules', 'common', 'stacks'],
};

function tsFiles(dir: string): string[] {
  const full = path.join(ROOT, dir);
  if (!fs.existsSync(full)) return [];
  return fs.readdirSync(full, { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : tsFiles(rel);
    return entry.name.endsWith('.ts') ? [rel] : [];
  });
}

/** A file's relative `import`/`require` specifiers (`./x`, `../y/z`). */
function relativeSpecifiers(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  return [...text.matchAll(/(?:from\s+|require\(\s*|import\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]);
}

/** Top-level project folders a file imports, from its relative specifiers (root files such as package.json excluded). */
function importedFolders(file: string): string[] {
  return relativeSpecifiers(file)
    .map((spec) => path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, file)), spec)).split(path.sep))
    .filter((parts) => parts.length > 1)
    .map((parts) => parts[0]);
}

test('policies/ holds the Rego only: no TypeScript under it', () => {
  expect(tsFiles('policies')).toEqual([]);
});

test.each(Object.keys(ALLOWED))('%s/ imports only the folders below it', (folder) => {
  const upward = tsFiles(folder).flatMap((file) =>
    importedFolders(file)
      .filter((target) => target !== folder && !ALLOWED[folder].includes(target))
      .map((target) => `${file} -> ${target}/`),
  );
  expect(upward).toEqual([]);
});

test('no ARN is spelled with a literal partition outside naming/ and the modules', () => {
  // Code only: a string or template literal that starts an ARN in the `aws` partition.
  const literal = /['"`]arn:aws:/;
  const offenders = ['stacks', 'gate', 'readiness', 'objectives', 'topology', 'cli', 'common', 'environments/index.ts', 'environments/defaults.ts', 'main.ts']
    .flatMap((entry) => (entry.endsWith('.ts') ? [entry] : tsFiles(entry)))
    .flatMap((file) =>
      fs
        .readFileSync(path.join(ROOT, file), 'utf8')
        .split('\n')
        .map((line, i) => [line, i + 1] as const)
        .filter(([line]) => literal.test(line) && !/^\s*(\*|\/\/)/.test(line))
        .map(([, n]) => `${file}:${n}`),
    );
  expect(offenders).toEqual([]);
});

/** Project files `file` loads, directly or through others (relative specifiers resolved to .ts or index.ts). */
function loadedFiles(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const spec of relativeSpecifiers(file)) {
    const base = path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, file)), spec));
    const target = [`${base}.ts`, path.join(base, 'index.ts')].find((f) => fs.existsSync(path.join(ROOT, f)));
    if (target) loadedFiles(target, seen);
  }
  return seen;
}

test('loading environments/ loads no Terraform provider bindings (k8s-runner and the failback scripts load it on every call)', () => {
  const heavy = [...loadedFiles('environments/index.ts')].filter((f) => /from\s+['"]@cdktf\/provider-/.test(fs.readFileSync(path.join(ROOT, f), 'utf8')));
  expect(heavy).toEqual([]);
  // The walk follows imports: the stacks load the providers through the modules.
  expect([...loadedFiles('stacks/index.ts')].some((f) => f.startsWith('modules/') && f.endsWith('-release.ts'))).toBe(true);
});
