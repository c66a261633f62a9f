/** Text helpers shared by the gate's and readiness's reporters. */

/** Characters XML 1.0 cannot carry at all (JUnit reports of the gate and of readiness). */
export const INVALID_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** `::name key=value,...::message`, escaped as the Actions runner expects. */
export function command(name: string, props: Readonly<Record<string, string>>, message: string): string {
  const list = Object.entries(props)
    .map(([key, value]) => `${key}=${escapeProperty(value)}`)
    .join(',');
  return `::${name}${list ? ` ${list}` : ''}::${escapeData(message)}`;
}

export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Edit distance (insertions, deletions, substitutions) between two strings. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

/**
 * The candidate closest to `word` (case-insensitive edit distance), or undefined when none is
 * close enough to be a plausible typo (more than a third of the word changed).
 */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return bestDistance <= Math.max(2, Math.ceil(word.length / 3)) ? best : undefined;
}

/** ` (did you mean x?)` when a candidate is close, else ` (known: a, b, c)`. */
export function suggestion(word: string, candidates: readonly string[]): string {
  const near = nearest(word, candidates);
  return near ? ` (did you mean ${near}?)` : ` (known: ${candidates.join(', ')})`;
}

const NAMED_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\e' };

/**
 * A value from an input (resource attribute, address, exception reason) made safe to print on one
 * line of a report: control characters (C0, DEL, C1, line/paragraph separators, bidirectional
 * overrides) become visible escapes such as `\n`, `\e` or `\u202e`, so a value cannot start a new
 * line, colour or rewrite the terminal, or reorder text. A value that would begin a line with a
 * GitHub Actions workflow command (`::`, after leading blanks: the runner trims them) or carries a
 * v1 command (`##[`, matched anywhere in a line) is defused with a backslash.
 */
export function safeText(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  return text
    .replace(
      // eslint-disable-next-line no-control-regex -- matching control characters is the point
      /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
      (ch) => NAMED_ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
    )
    .replace(/^(\s*):(?=:)/, '$1\\:')
    .replace(/##\[/g, '##\\[');
}
