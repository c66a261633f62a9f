import * as fs from 'fs';
import * as path from 'path';
import { InputError } from '../common/errors';
import { displayPath, isRecord, readStructured } from '../common/files';
import { repoRoot } from './bundle';
import { PolicyException } from './types';

/** Shortest accepted `reason`: a suppression must say why. */
export const MIN_REASON_LENGTH = 10;

const FIELDS = ['rule', 'address', 'reason', 'owner', 'expires'] as const;
const OPTIONAL_FIELDS = ['stack'] as const;
const RULE_ID = /^WS-[A-Z0-9]+-\d{3}$/;

/** Environment variable naming an exceptions file that replaces the environment's own. */
export const EXCEPTIONS_VARIABLE = 'WARM_STANDBY_EXCEPTIONS';

/** Where an environment's exceptions live: beside its configuration. */
export function environmentExceptionsFile(envName: string, root: string = repoRoot()): string {
  return path.join(root, 'environments', `${envName}.exceptions.yaml`);
}

/**
 * The exceptions file of an environment, the same for every entry point (synth, `check`,
 * `npm run plan`, `policy-set`): `$WARM_STANDBY_EXCEPTIONS` when set, else
 * `environments/<env>.exceptions.yaml` when it exists, else none. `envName` comes from the checked
 * input, so only a plain name is looked up beside the configuration, never a path.
 */
export function exceptionsFileFor(envName: string | undefined, vars: NodeJS.ProcessEnv = process.env, root: string = repoRoot()): string | undefined {
  const fromVariable = vars[EXCEPTIONS_VARIABLE];
  if (fromVariable) return fromVariable;
  if (envName === undefined || !/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(envName)) return undefined;
  const besideConfig = environmentExceptionsFile(envName, root);
  return fs.existsSync(besideConfig) ? besideConfig : undefined;
}

export interface ExceptionOptions {
  /** The day expiry is judged against, `YYYY-MM-DD` or a Date (UTC day). @default - today (UTC) */
  readonly today?: string | Date;
}

/**
 * Reads and validates an exceptions file (JSON or YAML):
 * `{"exceptions": [{"rule", "address", "reason", "owner", "expires", "stack"?}]}`.
 *
 * `address` is a Terraform address or an OPA glob over it with `.` as separator: `*` stays within
 * one segment (`aws_db_instance.replica_*`), `**` spans several (`module.*.aws_db_instance.**`).
 * The resource type must be literal: a glob that can match several types (`a**`, `module.db.**`)
 * is refused. `stack` optionally narrows the exception to one stack.
 *
 * An exception applies through its `expires` day. Any malformed or expired entry is an
 * {@link InputError} naming the entry: a bad exception never suppresses anything.
 */
export function loadExceptions(file: string, options: ExceptionOptions = {}): PolicyException[] {
  return validateExceptions(readStructured(file, 'exceptions file'), displayPath(file), options);
}

/** Validates an exceptions document already parsed; `source` names it in errors. */
export function validateExceptions(doc: unknown, source: string, options: ExceptionOptions = {}): PolicyException[] {
  const today = isoDay(options.today ?? new Date());
  if (!isRecord(doc) || !Array.isArray(doc.exceptions)) {
    throw new InputError('exceptions file must be an object with an `exceptions` list', source);
  }
  const extra = Object.keys(doc).filter((key) => key !== 'exceptions');
  if (extra.length) throw new InputError(`exceptions file has unknown key(s) ${extra.join(', ')}`, source);
  return doc.exceptions.map((entry, index) => validateEntry(entry, index, source, today));
}

function validateEntry(entry: unknown, index: number, source: string, today: string): PolicyException {
  const label = (): string => {
    const rule = isRecord(entry) && typeof entry.rule === 'string' ? entry.rule : '?';
    const address = isRecord(entry) && typeof entry.address === 'string' ? entry.address : '?';
    return `${source}: exceptions[${index}] ${rule} ${address}`;
  };
  const bad = (problem: string): never => {
    throw new InputError(`bad exception: ${problem}`, label());
  };
  if (!isRecord(entry)) return bad('entry is not an object');
  const allowed: readonly string[] = [...FIELDS, ...OPTIONAL_FIELDS];
  const unknown = Object.keys(entry).filter((key) => !allowed.includes(key));
  if (unknown.length) bad(`unknown field(s) ${unknown.join(', ')} (allowed: ${allowed.join(', ')})`);
  for (const field of FIELDS) {
    const value = entry[field];
    if (typeof value !== 'string' || value.trim() === '') bad(`${field} is required and must be a non-empty string`);
  }
  const { rule, address, reason, owner, expires } = entry as Record<(typeof FIELDS)[number], string>;
  if (!RULE_ID.test(rule)) bad(`rule must be a rule id like WS-EKS-002 (got "${rule}")`);
  if (!/[A-Za-z0-9_-]/.test(address.replace(/\[[^\]]*\]|\{[^}]*\}/g, ''))) {
    bad(`address "${address}" matches every resource; name the resource (a glob such as aws_db_instance.* is fine)`);
  }
  const globProblem = addressGlobProblem(address);
  if (globProblem) bad(`address "${address}" ${globProblem}`);
  else if (spansResourceTypes(address)) {
    bad(
      `address "${address}" has a wildcard where the resource type goes, so it can match resources of any type; name the type (aws_db_instance.*, module.*.aws_db_instance.x)`,
    );
  }
  if (reason.trim().length < MIN_REASON_LENGTH) {
    bad(`reason must be at least ${MIN_REASON_LENGTH} characters (got ${reason.trim().length})`);
  }
  if (!isValidDay(expires)) bad(`expires must be a date YYYY-MM-DD (got "${expires}")`);
  if (expires < today) bad(`expired on ${expires} (today is ${today}); renew or remove it`);
  const stack = entry.stack;
  if (stack !== undefined && (typeof stack !== 'string' || stack.trim() === '')) bad('stack, when given, must be a non-empty string');
  return { rule, address, reason: reason.trim(), owner: owner.trim(), expires, ...(typeof stack === 'string' ? { stack } : {}) };
}

const WILDCARD = /[*?[\]{}\\]/;

/**
 * Why an address glob is unusable, or undefined. The policy matches it with OPA's `glob.match`,
 * which fails evaluation on an unclosed `[` or `{`, so those are refused here. The resource type
 * (the first segment, or the second after `data`) must be written out: `a**` or `aws_*.x` would
 * match resources of every type.
 */
export function addressGlobProblem(address: string): string | undefined {
  let inClass = false;
  let braces = 0;
  for (let i = 0; i < address.length; i++) {
    const ch = address[i];
    if (ch === '\\') {
      if (i === address.length - 1) return 'ends with a lone backslash';
      i++;
    } else if (inClass) {
      if (ch === ']') inClass = false;
    } else if (ch === '[') {
      if (address[i + 1] === ']') return 'has an empty [] character class';
      inClass = true;
    } else if (ch === '{') braces++;
    else if (ch === '}') {
      if (braces === 0) return 'has a } without {';
      braces--;
    }
  }
  if (inClass) return 'has a [ without ]';
  if (braces > 0) return 'has a { without }';
  const segments = address.split('.');
  const type = segments[0] === 'data' ? (segments[1] ?? '') : segments[0];
  if (WILDCARD.test(type) || segments[0] === '**' || WILDCARD.test(segments[0])) {
    return 'must name the resource type literally (e.g. aws_db_instance.replica_*): a wildcard there matches resources of every type';
  }
  return undefined;
}

/**
 * True when the glob's resource-type segment (after `module.<name>.` pairs and `data.`) is not a
 * literal type name, or a `**` before it could stand for it: `a**` or `**.x` would suppress the
 * rule for every resource type.
 */
function spansResourceTypes(address: string): boolean {
  const segments = address.replace(/\[[^\]]*\]/g, '').split('.');
  let i = 0;
  while (segments[i] === 'module' && i + 2 < segments.length) i += 2;
  if (segments[i] === 'data') i += 1;
  const type = segments[i];
  return type === undefined || !/^[a-z][a-z0-9]*_[a-z0-9_]*$/.test(type) || segments.slice(0, i).some((s) => s.includes('**'));
}

function isValidDay(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === value;
}

function isoDay(day: string | Date): string {
  if (typeof day === 'string') {
    if (!isValidDay(day)) throw new InputError(`today must be YYYY-MM-DD (got "${day}")`, 'exceptions');
    return day;
  }
  return day.toISOString().slice(0, 10);
}

/** Exceptions no finding was suppressed by (compared by value with each finding's `exception`). */
export function unusedExceptions(exceptions: readonly PolicyException[], used: readonly (PolicyException | null)[]): PolicyException[] {
  const key = (e: PolicyException): string => [e.rule, e.address, e.expires, e.owner, e.stack ?? ''].join('\u0000');
  const seen = new Set(used.filter((e): e is PolicyException => e !== null).map(key));
  return exceptions.filter((e) => !seen.has(key(e)));
}
