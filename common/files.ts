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
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const offset = jsonErrorOffset(text);
    const where = offset === undefined ? '' : ` at ${lineColumn(text, offset)}`;
    const detail = String((err as Error).message)
      .replace(/, (?:\.\.\.)?".*is not valid JSON$/s, '')
      .replace(/ in JSON at position \d+.*$/s, '');
    throw new InputError(`bad JSON${where}: ${detail}`, shown);
  }
}

export function readJson(file: string, what = 'file', shown: string = displayPath(file)): unknown {
  return parseJson(readText(file, what, shown), shown);
}

/** Reads a JSON (`.json`) or YAML (any other extension) file. */
export function readStructured(file: string, what = 'file', shown: string = displayPath(file)): unknown {
  const text = readText(file, what, shown);
  if (path.extname(file).toLowerCase() === '.json') return parseJson(text, shown);
  try {
    return parseYaml(text, { uniqueKeys: true }) as unknown;
  } catch (err) {
    if (err instanceof YAMLError) {
      const pos = err.linePos?.[0];
      const at = pos ? ` at line ${pos.line} column ${pos.col}` : '';
      const detail = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      throw new InputError(`bad YAML${at}: ${detail}`, shown);
    }
    throw err;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Writes a file atomically: the content goes to a temporary file beside the target, which is then
 * renamed over it, so readers never see half a report and a failed write leaves the old file alone.
 */
export function writeFileAtomic(file: string, content: string): void {
  const target = path.resolve(file);
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
  try {
    fs.writeFileSync(temp, content, { encoding: 'utf8', flag: 'wx' });
    fs.renameSync(temp, target);
  } catch (err) {
    fs.rmSync(temp, { force: true });
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'directory does not exist' : (code ?? String(err));
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
