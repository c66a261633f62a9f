/**
 * Errors the gate reports as one line, `<what> (<where>)`, and exit code 2. Anything else that
 * escapes is a bug.
 */
export class GateError extends Error {
  /**
   * @param what what is wrong, e.g. `bad JSON at line 3 column 7: Unexpected token }`
   * @param where the file, entry or option concerned, e.g. `cdktf.out/manifest.json`
   */
  constructor(
    readonly what: string,
    readonly where: string,
  ) {
    super(where ? `${oneLine(what)} (${oneLine(where)})` : oneLine(what));
    this.name = new.target.name;
  }
}

/** An input, exceptions or params file that is missing, unreadable, malformed or of unknown shape. */
export class InputError extends GateError {}

/** A bad command line: unknown option, format or subcommand, missing path. */
export class UsageError extends GateError {}

/** The policy bundle is missing, cannot be built, or answered something outside the contract. */
export class PolicyError extends GateError {}

/** Collapses whitespace so a message stays on one line. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
