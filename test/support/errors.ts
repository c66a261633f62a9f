/**
 * A construct's validation error starts with the construct path (`stack/Db: identifier must ...`).
 * `atPath('stack/Db', /^identifier must .../)` is the same pattern, anchored after that path, so
 * table-driven validation tests check both the path and the message.
 */
export function atPath(path: string, pattern: RegExp | string): RegExp {
  const prefix = `^${escapeRegExp(path)}: `;
  if (typeof pattern === 'string') return new RegExp(`${prefix}.*${escapeRegExp(pattern)}`);
  const source = pattern.source.startsWith('^') ? pattern.source.slice(1) : `.*${pattern.source}`;
  return new RegExp(`${prefix}${source}`, pattern.flags);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
