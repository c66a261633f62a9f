import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml, YAMLError } from 'yaml';
import { InputError } from './errors';

/** A path as the user should read it: relative to the working directory when inside it, forward slashes. */
export function displayPath(file: string, cwd: string = process.cwd()): string {
  const absolute = path.resolve(cwd, file);
  const relative = path.relative(cwd, absolute);
  const shown = relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : absolute;
  return shown.split(path.sep).join('/');
}

/**
 * Reads a UTF-8 file; a missing or unreadable file is an {@link InputError} naming it.
 * @param shown how errors name the file. @default - {@link displayPath} of `file`
 */
export function readText(file: string, what = 'file', shown: string = displayPath(file)): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(`${what} not found`, shown);
    if (code === 'EISDIR') throw new InputError(`${what} is a directory, expected a file`, shown);
    throw new InputError(`cannot read ${what}: ${code ?? String(err)}`, shown);
  }
}

/** Parses JSON; a syntax error becomes an {@link InputError} with line and column, naming `shown`. */
export function parseJson(text: string, shown: string): unknown {
  let doc: unknown;
  try {
    doc = JSON.parse(text) as unknown;
  } catch (err) {
    let offset: number | undefined;
    try {
      offset = jsonErrorOffset(text);
    } catch {
      // Nesting too deep for the position finder: report without a position.
      offset = undefined;
    }
    const where = offset === undefined ? '' : ` at ${lineColumn(text, offset)}`;
    const detail = String((err as Error).message)
      .replace(/, (?:\.\.\.)?".*is not valid JSON$/s, '')
      .replace(/ in JSON at position \d+.*$/s, '');
    throw new InputError(`bad JSON${where}: ${detail}`, shown);
  }
  checkDepth(doc, shown);
  return doc;
}

/**
 * Deepest nesting of objects and arrays accepted in an input. Terraform plans and cdktf stacks stay
 * far below it; far deeper documents would overflow the stack of the code that walks them.
 */
export const MAX_DEPTH = 256;

/** Throws an {@link InputError} when `doc` nests objects/arrays deeper than {@link MAX_DEPTH} (iterative, never overflows). */
export function checkDepth(doc: unknown, shown: string, limit: number = MAX_DEPTH): void {
  const stack: [unknown, number][] = [[doc, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > limit) throw new InputError(`document nests deeper than ${limit} levels; not a Terraform or cdktf document`, shown);
    for (const child of Object.values(value as Record<string, unknown>)) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
}

export function readJson(file: string, what = 'file', shown: string = displayPath(file)): unknown {
  return parseJson(readText(file, what, shown), shown);
}

/** Reads a JSON (`.json`) or YAML (any other extension) file. */
export function readStructured(file: string, what = 'file', shown: string = displayPath(file)): unknown {
  const text = readText(file, what, shown);
  if (path.extname(file).toLowerCase() === '.json') return parseJson(text, shown);
  let doc: unknown;
  try {
    doc = parseYaml(text, { uniqueKeys: true }) as unknown;
  } catch (err) {
    if (err instanceof YAMLError) {
      const pos = err.linePos?.[0];
      const at = pos ? ` at line ${pos.line} column ${pos.col}` : '';
      const first = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      const detail = /Maximum call stack/.test(first) ? 'nesting too deep' : first;
      throw new InputError(`bad YAML${at}: ${detail}`, shown);
    }
    // The yaml package throws a ReferenceError for alias expansion beyond maxAliasCount (a
    // "billion laughs" document) and stack overflows surface as RangeError.
    if (err instanceof ReferenceError && /alias/i.test(err.message)) {
      throw new InputError('bad YAML: too many alias expansions (an alias bomb?); write the values out', shown);
    }
    if (err instanceof RangeError) throw new InputError('bad YAML: nesting too deep', shown);
    throw err;
  }
  checkDepth(doc, shown);
  return doc;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Where writing `file` really lands: the file itself, or, for a symbolic link, the file it points
 * to (the link is kept, as editors and `cp` do).
 */
export function outputTarget(file: string): string {
  const absolute = path.resolve(file);
  let link: string | undefined;
  try {
    if (fs.lstatSync(absolute).isSymbolicLink()) link = fs.readlinkSync(absolute);
  } catch {
    return absolute;
  }
  if (link === undefined) return absolute;
  try {
    return fs.realpathSync(absolute);
  } catch {
    // A dangling link: write the file it names.
    return path.resolve(path.dirname(absolute), link);
  }
}

function realOrResolved(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

function errorCode(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? String(err);
}

/**
 * Checks, before any work is done, that `file` can be written as an output: not a directory, in an
 * existing, writable directory (probed by creating a file there, so it holds for root too), and
 * not one of the run's `inputs` or a file inside an input folder that the run reads (a cdktf.out's
 * manifest.json or stacks/). Returns the real target ({@link outputTarget}). Every problem is an
 * {@link InputError} naming `option` and the path.
 */
export function checkOutputPath(
  file: string,
  inputs: readonly string[] = [],
  option = '--out',
  shown: string = displayPath(file),
  cwd: string = process.cwd(),
): string {
  const target = outputTarget(file);
  const where = `${option} ${shown}`;
  let existing: fs.Stats | undefined;
  try {
    existing = fs.statSync(target);
  } catch (err) {
    if (errorCode(err) === 'ENOTDIR') throw new InputError('cannot write there: a parent of it is a file, not a directory', where);
    if (errorCode(err) !== 'ENOENT') throw new InputError(`cannot write there: ${errorCode(err)}`, where);
  }
  if (existing?.isDirectory()) throw new InputError('is a directory; give a file name', where);
  const dir = path.dirname(target);
  try {
    if (!fs.statSync(dir).isDirectory()) throw new InputError('cannot write there: a parent of it is a file, not a directory', where);
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = errorCode(err);
    throw new InputError(
      code === 'ENOENT'
        ? 'directory does not exist'
        : code === 'ENOTDIR'
          ? 'cannot write there: a parent of it is a file, not a directory'
          : `cannot write there: ${code}`,
      where,
    );
  }
  for (const input of inputs) {
    const real = realOrResolved(input);
    if (real === target) throw new InputError(`would overwrite the input ${displayPath(input, cwd)}; write the report elsewhere`, where);
    const inside = path.relative(real, target);
    const readByRun = inside === 'manifest.json' || inside === 'cdk.tf.json' || inside.startsWith(`stacks${path.sep}`);
    if (inside && !inside.startsWith('..') && !path.isAbsolute(inside) && readByRun) {
      throw new InputError(`would overwrite ${inside.split(path.sep).join('/')} of the input ${displayPath(input, cwd)}; write the report elsewhere`, where);
    }
  }
  const probe = tempBeside(target);
  try {
    fs.writeFileSync(probe, '', { flag: 'wx' });
  } catch (err) {
    throw new InputError(`cannot write in ${displayPath(dir)}: ${errorCode(err)}`, where);
  } finally {
    removeQuietly(probe);
  }
  return target;
}

function tempBeside(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
}

/**
 * Writes a file atomically: the content goes to a temporary file in the target's own folder, which
 * is then renamed over it, so readers never see half a report and a failed write leaves the old
 * file alone. A symbolic link is kept: its target is what gets replaced.
 */
export function writeFileAtomic(file: string, content: string): void {
  const target = outputTarget(file);
  const temp = tempBeside(target);
  try {
    fs.writeFileSync(temp, content, { encoding: 'utf8', flag: 'wx' });
    fs.renameSync(temp, target);
  } catch (err) {
    removeQuietly(temp);
    const code = errorCode(err);
    const why = code === 'ENOENT' ? 'directory does not exist' : code === 'ENOTDIR' ? 'a parent of it is a file, not a directory' : code;
    throw new InputError(`cannot write report: ${why}`, displayPath(file));
  }
}

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `line ${line} column ${column}`;
}

/**
 * Offset of the first JSON syntax error in `text` (V8 does not always say where). A small
 * recursive-descent checker; only called after `JSON.parse` has failed.
 */
export function jsonErrorOffset(text: string): number | undefined {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const fail = (): never => {
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- the offset unwinds the recursion to the catch below
    throw i;
  };
  const literal = (word: string): void => {
    for (const ch of word)
      if (text[i++] !== ch) {
        i--;
        fail();
      }
  };
  const str = (): void => {
    if (text[i] !== '"') fail();
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) fail();
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          for (let k = 1; k <= 4; k++)
            if (!/[0-9a-fA-F]/.test(text[i + k] ?? '')) {
              i += k;
              fail();
            }
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? '') || i >= text.length) fail();
      }
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  const num = (): void => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m) fail();
    else i += m[0].length;
  };
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        str();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail();
      }
    } else if (ch === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail();
      }
    } else if (ch === '"') str();
    else if (ch === 't') literal('true');
    else if (ch === 'f') literal('false');
    else if (ch === 'n') literal('null');
    else num();
  };
  try {
    value();
    ws();
    return i < text.length ? i : undefined;
  } catch (offset) {
    if (typeof offset === 'number') return Math.min(offset, text.length);
    throw offset;
  }
}

/**
 * Checks, before any work, that files can be written in `dir` (created later when missing): the
 * folder, or its nearest existing ancestor, must be a directory where a file can be created.
 * Every problem is an {@link InputError} naming `shown`.
 */
export function checkWritableDir(dir: string, shown: string = displayPath(dir)): void {
  let existing = path.resolve(dir);
  for (;;) {
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(existing);
    } catch (err) {
      if (errorCode(err) === 'ENOTDIR') throw new InputError('cannot write there: a parent of it is a file, not a directory', shown);
      if (errorCode(err) !== 'ENOENT') throw new InputError(`cannot write there: ${errorCode(err)}`, shown);
    }
    if (stat && !stat.isDirectory()) {
      throw new InputError(
        existing === path.resolve(dir) ? 'is a file, not a directory' : 'cannot write there: a parent of it is a file, not a directory',
        shown,
      );
    }
    if (stat) break;
    const parent = path.dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  const probe = path.join(existing, `.write-probe.${process.pid}.${Date.now()}.tmp`);
  try {
    fs.writeFileSync(probe, '', { flag: 'wx' });
  } catch (err) {
    throw new InputError(`cannot write in ${displayPath(existing)}: ${errorCode(err)}`, shown);
  } finally {
    removeQuietly(probe);
  }
}

function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // Nothing was created there.
  }
}
