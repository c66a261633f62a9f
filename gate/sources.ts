import * as fs from 'fs';
import * as path from 'path';
import { repoRoot } from './bundle';

/**
 * Where in the tracked TypeScript a synthesized resource comes from, so code scanning can annotate
 * the source a reviewer edits rather than the generated cdktf.out. Found statically: every
 * `new X(scope, 'Id', ...)` in stacks/ and modules/ is indexed by class, and a cdktf construct path
 * (`example-standby/NodeGroup/NodeGroup`) is followed from a stack class down through the module
 * classes it instantiates. No TypeScript is loaded or run.
 */
export interface SourceLocation {
  /** Repository-relative, `/`-separated: what a SARIF `artifactLocation.uri` relative to the checkout means. */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
}

interface Creation {
  readonly type: string;
  /** The construct id as written; template literals become `.+`. */
  readonly id: RegExp;
  readonly line: number;
}

interface ClassInfo {
  readonly file: string;
  readonly base?: string;
  readonly creations: Creation[];
}

interface SourceIndex {
  readonly classes: ReadonlyMap<string, ClassInfo>;
  /** Classes declared under stacks/: where a construct path starts. */
  readonly roots: readonly string[];
}

const indexes = new Map<string, SourceIndex>();

function tsFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : tsFiles(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') && !e.name.endsWith('.test.ts') ? [full] : [];
  });
}

function idPattern(quote: string, raw: string): RegExp {
  const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (quote !== '`') return new RegExp(`^${escape(raw)}$`);
  return new RegExp(
    `^${raw
      .split(/\$\{[^}]*\}/)
      .map(escape)
      .join('.+')}$`,
  );
}

function buildIndex(root: string): SourceIndex {
  const classes = new Map<string, ClassInfo>();
  const roots: string[] = [];
  for (const folder of ['stacks', 'modules']) {
    for (const file of tsFiles(path.join(root, folder))) {
      const text = fs.readFileSync(file, 'utf8');
      const rel = path.relative(root, file).split(path.sep).join('/');
      const lineAt = (offset: number): number => text.slice(0, offset).split('\n').length;
      const declarations = [...text.matchAll(/^(?:export\s+)?(?:abstract\s+)?class\s+(\w+)(?:\s+extends\s+(\w+))?/gm)];
      declarations.forEach((decl, i) => {
        const start = decl.index;
        const end = i + 1 < declarations.length ? declarations[i + 1].index : text.length;
        const body = text.slice(start, end);
        const creations = [...body.matchAll(/new\s+(\w+)\(\s*[\w.]+\s*,\s*(['"`])((?:(?!\2)[^\n\\])*)\2/g)].map((m) => ({
          type: m[1],
          id: idPattern(m[2], m[3]),
          line: lineAt(start + m.index),
        }));
        classes.set(decl[1], { file: rel, ...(decl[2] ? { base: decl[2] } : {}), creations });
        if (folder === 'stacks') roots.push(decl[1]);
      });
    }
  }
  return { classes, roots };
}

function indexOf(root: string): SourceIndex {
  let index = indexes.get(root);
  if (!index) {
    index = buildIndex(root);
    indexes.set(root, index);
  }
  return index;
}

interface Resolved {
  readonly location: SourceLocation;
  readonly depth: number;
}

function resolve(index: SourceIndex, className: string, segments: readonly string[], guard: number): Resolved | undefined {
  if (segments.length === 0 || guard > 32) return undefined;
  let best: Resolved | undefined;
  for (let cls: string | undefined = className; cls !== undefined; cls = index.classes.get(cls)?.base) {
    const info = index.classes.get(cls);
    if (!info) break;
    for (const creation of info.creations) {
      if (!creation.id.test(segments[0])) continue;
      const here: Resolved = { location: { file: info.file, line: creation.line }, depth: 1 };
      const deeper = index.classes.has(creation.type) ? resolve(index, creation.type, segments.slice(1), guard + 1) : undefined;
      const candidate = deeper ? { location: deeper.location, depth: deeper.depth + 1 } : here;
      if (!best || candidate.depth > best.depth) best = candidate;
    }
  }
  return best;
}

/**
 * The line that creates the construct at `constructPath` (its first segment is the stack), in the
 * deepest stacks/ or modules/ class the path can be followed into; undefined when not even the
 * stack's child can be found (or the sources are not there, e.g. an installed package).
 */
export function constructSource(constructPath: string, root: string = repoRoot()): SourceLocation | undefined {
  const segments = constructPath.split('/').slice(1);
  const index = indexOf(root);
  const found = index.roots.map((stackClass) => resolve(index, stackClass, segments, 0)).filter((r): r is Resolved => r !== undefined);
  const depth = Math.max(0, ...found.map((r) => r.depth));
  const deepest = new Set(found.filter((r) => r.depth === depth).map((r) => `${r.location.file}:${r.location.line}`));
  // Two stack classes that follow the path equally far (both create a 'Cluster') cannot be told
  // apart without the construct tree: no location rather than a wrong one.
  return deepest.size === 1 ? found.find((r) => r.depth === depth)?.location : undefined;
}

/** Which configuration key a finding without a construct path is about, by its address. */
const ENVIRONMENT_KEYS: readonly [RegExp, RegExp][] = [
  [/^terraform\.(backend|cloud)\b/, /^\s*backend\s*:/],
  [/^output\.warm_standby_stack$/, /^\s*objectives\s*:/],
];

/**
 * The environment's configuration file (`environments/<env>.ts`), at the key the address is about
 * (backend, objectives) or else at its first line; undefined when the file does not exist.
 */
export function environmentSource(environment: string, address: string, root: string = repoRoot()): SourceLocation | undefined {
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(environment)) return undefined;
  const rel = `environments/${environment}.ts`;
  const file = path.join(root, rel);
  if (!fs.existsSync(file)) return undefined;
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const key = ENVIRONMENT_KEYS.find(([addr]) => addr.test(address))?.[1];
  const at = key ? lines.findIndex((l) => key.test(l)) : -1;
  return { file: rel, line: at >= 0 ? at + 1 : 1 };
}

const ruleFiles = new Map<string, ReadonlyMap<string, string>>();

/** The Rego file that defines a rule id (`policies/rules/<area>/<rule>.rego`), repository-relative. */
export function ruleSourceFile(id: string, root: string = repoRoot()): string | undefined {
  let map = ruleFiles.get(root);
  if (!map) {
    const found = new Map<string, string>();
    const dir = path.join(root, 'policies', 'rules');
    const walk = (d: string): void => {
      if (!fs.existsSync(d)) return;
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const full = path.join(d, e.name);
        if (e.isDirectory()) walk(full);
        else if (e.name.endsWith('.rego') && !e.name.endsWith('_test.rego')) {
          const ruleId = /^#\s+id:\s*(WS-[A-Z0-9]+-\d{3})\s*$/m.exec(fs.readFileSync(full, 'utf8'))?.[1];
          if (ruleId) found.set(ruleId, path.relative(root, full).split(path.sep).join('/'));
        }
      }
    };
    walk(dir);
    map = found;
    ruleFiles.set(root, map);
  }
  return map.get(id);
}
