/**
 * scripts/node-modules-match.js: setup's quick judgement of a shared (symlinked) node_modules against
 * package-lock.json, from npm's hidden lockfile. It may only say "matches" when the installed tree is
 * the locked one; anything else falls back to `npm ls` in setup, so each case below must be refused.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { mismatch } = require('../../scripts/node-modules-match.js') as { mismatch: (root: string) => string | undefined };

const ROOT = path.resolve(__dirname, '..', '..');

interface Entry {
  version: string;
  resolved?: string;
  integrity?: string;
  optional?: boolean;
  dev?: boolean;
}

/** A project whose lock holds `left-pad` (direct), `lodash` (nested) and an optional platform binary. */
function project(): { root: string; lock: { packages: Record<string, Entry | Record<string, unknown>> }; hidden: { packages: Record<string, Entry> } } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nm-match-'));
  const manifest = { name: 'p', dependencies: { 'left-pad': '1.3.0' } };
  const pad: Entry = { version: '1.3.0', resolved: 'https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz', integrity: 'sha512-a' };
  const lodash: Entry = { version: '4.17.21', resolved: 'https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz', integrity: 'sha512-b' };
  const lock = {
    packages: {
      '': { name: 'p', dependencies: manifest.dependencies },
      'node_modules/left-pad': pad,
      'node_modules/left-pad/node_modules/lodash': lodash,
      'node_modules/@esbuild/darwin-arm64': { version: '0.25.0', optional: true },
    },
  };
  const hidden = { packages: { 'node_modules/left-pad': { ...pad }, 'node_modules/left-pad/node_modules/lodash': { ...lodash } } };
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify(manifest));
  fs.writeFileSync(path.join(root, 'package-lock.json'), JSON.stringify(lock));
  fs.mkdirSync(path.join(root, 'node_modules', 'left-pad', 'node_modules', 'lodash'), { recursive: true });
  write(root, hidden);
  return { root, lock, hidden };
}

/** Writes the hidden lockfile, dated after the package folders (as npm leaves it). */
function write(root: string, hidden: unknown, lock?: unknown): void {
  if (lock) fs.writeFileSync(path.join(root, 'package-lock.json'), JSON.stringify(lock));
  const file = path.join(root, 'node_modules', '.package-lock.json');
  fs.writeFileSync(file, JSON.stringify(hidden));
  const later = new Date(Date.now() + 5_000);
  fs.utimesSync(file, later, later);
}

const roots: string[] = [];
afterAll(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));
function fresh(): ReturnType<typeof project> {
  const p = project();
  roots.push(p.root);
  return p;
}

test('the installed tree of the lock matches; an optional package for another platform may be absent', () => {
  expect(mismatch(fresh().root)).toBeUndefined();
});

test("this checkout's node_modules matches its package-lock.json", () => {
  expect(mismatch(ROOT)).toBeUndefined();
});

test.each([
  [
    'another version installed',
    (p: ReturnType<typeof project>) =>
      write(p.root, { packages: { ...p.hidden.packages, 'node_modules/left-pad': { ...p.hidden.packages['node_modules/left-pad'], version: '1.2.0' } } }),
    /node_modules\/left-pad is installed as 1\.2\.0, package-lock\.json has 1\.3\.0/,
  ],
  [
    'a required nested package missing',
    (p: ReturnType<typeof project>) => write(p.root, { packages: { 'node_modules/left-pad': p.hidden.packages['node_modules/left-pad'] } }),
    /lodash is not installed/,
  ],
  [
    'a package installed that the lock does not hold',
    (p: ReturnType<typeof project>) => write(p.root, { packages: { ...p.hidden.packages, 'node_modules/extra': { version: '1.0.0' } } }),
    /node_modules\/extra is installed but not in package-lock\.json/,
  ],
  [
    'package.json asks for what the lock was not made from',
    (p: ReturnType<typeof project>) =>
      fs.writeFileSync(path.join(p.root, 'package.json'), JSON.stringify({ name: 'p', dependencies: { 'left-pad': '1.3.0', chalk: '5.0.0' } })),
    /package\.json dependencies differ/,
  ],
  [
    'a package folder changed after the last install',
    (p: ReturnType<typeof project>) => {
      const later = new Date(Date.now() + 60_000);
      fs.utimesSync(path.join(p.root, 'node_modules', 'left-pad'), later, later);
    },
    /node_modules\/left-pad changed after the last install/,
  ],
  [
    'a locked package whose folder is gone',
    (p: ReturnType<typeof project>) => fs.rmSync(path.join(p.root, 'node_modules', 'left-pad'), { recursive: true }),
    /node_modules\/left-pad is listed as installed but its folder is missing/,
  ],
  [
    'no hidden lockfile (npm never installed here)',
    (p: ReturnType<typeof project>) => fs.rmSync(path.join(p.root, 'node_modules', '.package-lock.json')),
    /cannot read/,
  ],
])('refused: %s', (_name, change, reason) => {
  const p = fresh();
  change(p);
  expect(mismatch(p.root)).toMatch(reason);
});
