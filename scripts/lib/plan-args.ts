import * as path from 'node:path';

/** What `npm run plan` was asked to do, and the arguments it hands to `warm-standby check`. */
export interface PlanArgs {
  /** An existing synthesis to plan. @default - the selected environment is synthesized */
  readonly from?: string;
  /** Where `<stack>.json` plans go. @default cdktf.out/plans */
  readonly outDir: string;
  /** @default true */
  readonly gate: boolean;
  /** After `check <plans...>`: formats, outputs, rule selection, exceptions and parameters. */
  readonly checkArgs: readonly string[];
  readonly help: boolean;
}

export const PLAN_USAGE = `usage: plan [--from CDKTF_OUT] [--out-dir DIR] [--no-gate]
            [-f FORMAT[=FILE]]... [--gate-out FILE | --gate-out-dir DIR]
            [--rule ID]... [--skip-rule ID]... [--severity-threshold SEVERITY]
            [--exceptions FILE] [--params FILE]
  --out-dir DIR          where the plan JSONs go (default cdktf.out/plans)
  --gate-out FILE        the gate's --out (one report); --gate-out-dir DIR its --out-dir
  -f/--format, -r/--rule, -s/--skip-rule, --severity-threshold, -e/--exceptions, -p/--params
                         passed to warm-standby check as they are (see warm-standby check --help)
environment: WARM_STANDBY_ENV, WARM_STANDBY_FAILOVER=1
`;

/** Options passed through to `warm-standby check` unchanged (long and short names). */
const PASS_THROUGH: Readonly<Record<string, string>> = {
  '--format': '--format',
  '-f': '--format',
  '--rule': '--rule',
  '-r': '--rule',
  '--skip-rule': '--skip-rule',
  '-s': '--skip-rule',
  '--severity-threshold': '--severity-threshold',
  '--exceptions': '--exceptions',
  '-e': '--exceptions',
  '--params': '--params',
  '-p': '--params',
  // plan's own --out-dir is the plans' folder, so the gate's outputs have names of their own.
  '--gate-out': '--out',
  '--gate-out-dir': '--out-dir',
};

/**
 * Parses `npm run plan` arguments (`--flag VALUE` or `--flag=VALUE`). Throws an Error naming the
 * option for an unknown option or a missing value; check validates the values it receives.
 */
export function parsePlanArgs(argv: readonly string[]): PlanArgs {
  let from: string | undefined;
  let outDir = path.join('cdktf.out', 'plans');
  let gate = true;
  let help = false;
  const checkArgs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value\n${PLAN_USAGE}`);
      return v;
    };
    if (flag === '--from') from = value();
    else if (flag === '--out-dir') outDir = value();
    else if (flag === '--no-gate') gate = false;
    else if (flag === '--help' || flag === '-h') help = true;
    else if (PASS_THROUGH[flag]) checkArgs.push(PASS_THROUGH[flag], value());
    else throw new Error(`unknown option ${arg}\n${PLAN_USAGE}`);
  }
  return { from, outDir, gate, checkArgs, help };
}
