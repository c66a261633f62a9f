import * as path from 'path';
import * as ts from 'typescript';
import { isDeepStrictEqual } from 'util';
import { DEFAULTS } from '../../environments/defaults';

/**
 * Every value in DEFAULTS is written down where users read the field: a `@default <value>` tag on
 * that property in environments/types.ts. Changing a default without its documentation fails here.
 */
const TYPES_FILE = path.join(__dirname, '..', '..', 'environments', 'types.ts');

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length > 0;
}

/** Leaf paths of DEFAULTS with their values; empty objects and arrays are leaves. */
function leaves(value: unknown, prefix: string[] = []): Array<[string[], unknown]> {
  if (!isPlainObject(value)) return [[prefix, value]];
  return Object.entries(value).flatMap(([key, child]) => leaves(child, [...prefix, key]));
}

/**
 * The `@default` of the field at `fieldPath`, or of the nearest enclosing field whose `@default`
 * documents the whole object (e.g. `healthCheck`), as [documented text, path it documents].
 */
function documentedDefault(checker: ts.TypeChecker, root: ts.Type, fieldPath: string[]): [string, string[]] | undefined {
  let type = root;
  let found: [string, string[]] | undefined;
  for (const [depth, key] of fieldPath.entries()) {
    const symbol = checker.getPropertyOfType(checker.getApparentType(type), key);
    if (!symbol) return found;
    const tag = symbol.getJsDocTags(checker).find((t) => t.name === 'default');
    if (tag) found = [ts.displayPartsToString(tag.text).trim(), fieldPath.slice(0, depth + 1)];
    type = checker.getNonNullableType(checker.getTypeOfSymbol(symbol));
  }
  return found;
}

/** `@default` values are JSON, so a reader can paste them into an environment file. */
function parsesTo(text: string, expected: unknown): boolean {
  try {
    return isDeepStrictEqual(JSON.parse(text), expected);
  } catch {
    return false;
  }
}

function valueAt(value: unknown, fieldPath: string[]): unknown {
  return fieldPath.reduce<unknown>((v, key) => (v as Record<string, unknown>)[key], value);
}

test('every default in environments/defaults.ts is documented with @default on its field in types.ts', () => {
  const program = ts.createProgram([TYPES_FILE], { strict: true, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(TYPES_FILE)!;
  const decl = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'EnvironmentConfig');
  expect(decl).toBeDefined();
  const root = checker.getTypeAtLocation(decl!);
  const problems = leaves(DEFAULTS).flatMap(([fieldPath, value]) => {
    const documented = documentedDefault(checker, root, fieldPath);
    if (documented === undefined) return [`${fieldPath.join('.')}: expected @default ${JSON.stringify(value)}, found none`];
    const [text, documentedPath] = documented;
    const expected = valueAt(DEFAULTS, documentedPath);
    return parsesTo(text, expected) ? [] : [`${documentedPath.join('.')}: expected @default ${JSON.stringify(expected)}, found @default ${text}`];
  });
  expect(problems).toEqual([]);
});
