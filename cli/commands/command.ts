import { parseArgs, ParseArgsConfig } from 'util';
import { UsageError } from '../../common/errors';

/** Where a command writes; injectable so tests can run commands in-process. */
export interface CommandIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
}

/**
 * A `warm-standby <name>` subcommand; each lives in its own file under `commands/` and is listed
 * (with its one-line summary) in `COMMANDS` in cli.ts.
 */
export interface Command {
  readonly name: string;
  /** Full help for `warm-standby <name> --help`. */
  readonly help: string;
  /** Returns the exit code; throws a GateError for usage and input problems (exit 2). */
  run(args: readonly string[], io: CommandIO): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** `util.parseArgs` with its errors turned into one-line {@link UsageError}s. */
export function parseCommandArgs<O extends Options>(command: string, args: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (err) {
    const e = err as Error & { code?: string };
    const quoted = /'([^']+)'/.exec(e.message)?.[1] ?? '';
    const option = /--[\w-]+/.exec(quoted)?.[0] ?? quoted.split(' ')[0];
    const where = `try warm-standby ${command} --help`;
    if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`unknown option ${option}`, where);
    if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new UsageError(`option ${option} needs a value`, where);
    throw new UsageError(e.message.split('.')[0], where);
  }
}
