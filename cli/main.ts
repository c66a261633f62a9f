/* eslint-disable @typescript-eslint/no-require-imports -- each command is required only when run, to keep start-up lean */
import * as fs from 'fs';
import * as path from 'path';
import type { Command, CommandIO } from './commands/command';
import { GateError, UsageError, oneLine } from '../common/errors';
import { sourceDir } from '../common/source';

/** A subcommand as the dispatcher knows it: loaded only when run, so each keeps start-up lean. */
export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  readonly load: () => Command;
}

/** Every subcommand; a new one is a file under commands/ plus one entry here. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'check',
    summary: 'evaluate the policies against a cdktf.out folder, stack file, plan JSON or HCP policy input',
    load: () => (require('./commands/check') as typeof import('./commands/check')).checkCommand,
  },
  {
    name: 'rules',
    summary: 'list the rules (id, severity, enforcement, scope, title); the same --rule/--skip-rule/--severity-threshold as check',
    load: () => (require('./commands/rules') as typeof import('./commands/rules')).rulesCommand,
  },
  {
    name: 'policy-set',
    summary: 'write an HCP Terraform OPA policy set (policies.hcl, Rego, parameters) of the stack-local rules',
    load: () => (require('./commands/policy-set') as typeof import('./commands/policy-set')).policySetCommand,
  },
  {
    name: 'objectives',
    summary: 'estimate RPO/RTO per component of a cdktf.out folder beside the targets',
    load: () => (require('./commands/objectives') as typeof import('./commands/objectives')).objectivesCommand,
  },
  {
    name: 'runbook',
    summary: 'write the failover and failback runbook of a cdktf.out folder',
    load: () => (require('./commands/objectives') as typeof import('./commands/objectives')).runbookCommand,
  },
  {
    name: 'topology',
    summary: 'draw the Regions, stacks, components, replication paths and DNS switch of a cdktf.out folder (Mermaid)',
    load: () => (require('./commands/topology') as typeof import('./commands/topology')).topologyCommand,
  },
  {
    name: 'readiness',
    summary: 'check a deployed environment (replicas, lag, health check, standby nodes, backups, queues) read-only through the AWS SDK',
    load: () => (require('./commands/readiness') as typeof import('./commands/readiness')).readinessCommand,
  },
];

const HELP = `usage: warm-standby <command> [options]

Policy gate for the multi-Region warm-standby architecture: evaluates the warm-standby invariants
(compiled Rego, run in-process as WebAssembly) against synthesized cdktf apps and Terraform plans.

commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n')}

options:
  -h, --help     show this help
  -V, --version  print the version (warm-standby <version>)

Run \`warm-standby <command> --help\` for a command's options.

exit status:
  0  success; for check: no unsuppressed mandatory finding among the selected rules
  1  check: at least one unsuppressed mandatory finding; objectives: an estimate misses its target
  2  usage or input error (unknown command or option, bad file, malformed or expired exception),
     reported as one line on stderr: warm-standby: <what> (<where>)
`;

/**
 * The package version (package.json), what --version prints. Read from the repository root, found
 * from this file's folder: a relative require would look in dist/ once compiled (and in nothing at
 * all once bundled).
 */
export function version(): string {
  const root = sourceDir(path.resolve(__dirname, '..'));
  return (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
}

const DEFAULT_IO: CommandIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
};

/**
 * Runs the CLI and returns the exit code: the command's own (0 or 1 for `check`), or 2 after
 * printing ONE line, `warm-standby: <what> (<where>)`, for usage and input errors. Stack traces
 * only with WARM_STANDBY_DEBUG=1.
 */
export async function main(argv: readonly string[], io: CommandIO = DEFAULT_IO): Promise<number> {
  try {
    const [name, ...rest] = argv;
    if (name === undefined) {
      io.stderr(HELP);
      return 2;
    }
    if (name === '--help' || name === '-h' || name === 'help') {
      io.stdout(HELP);
      return 0;
    }
    if (name === '--version' || name === '-V' || name === 'version') {
      io.stdout(`warm-standby ${version()}\n`);
      return 0;
    }
    const entry = COMMANDS.find((c) => c.name === name);
    if (!entry) throw new UsageError(`unknown command "${name}"`, `commands: ${COMMANDS.map((c) => c.name).join(', ')}`);
    return await entry.load().run(rest, io);
  } catch (err) {
    if (err instanceof GateError) {
      io.stderr(`warm-standby: ${err.message}\n`);
    } else {
      io.stderr(`warm-standby: internal error: ${oneLine(err instanceof Error ? err.message : String(err))} (set WARM_STANDBY_DEBUG=1 for a stack trace)\n`);
      if (process.env.WARM_STANDBY_DEBUG) io.stderr(`${err instanceof Error ? err.stack : String(err)}\n`);
    }
    return 2;
  }
}
