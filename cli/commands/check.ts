import * as path from 'path';
import { UsageError } from '../../common/errors';
import { checkOutputPath, displayPath, writeFileAtomic } from '../../common/files';
import { checkPaths } from '../../gate/gate';
import { FORMATS, isFormat, render, summaryLine, verdict } from '../../gate/reporters';
import { gateFailed } from '../../gate/types';
import { topologyAppendix } from '../../topology/appendix';
import { Command, parseCommandArgs } from './command';

const HELP = `usage: warm-standby check <path...> [--format FORMAT] [--out FILE] [--exceptions FILE] [--params FILE]

Evaluates the warm-standby policies against each path and prints one merged report.

A path is one of:
  a cdktf.out folder          (manifest.json -> stacks/*/cdk.tf.json; all stacks are checked together)
  one stack's cdk.tf.json     (cross-Region rules are then reported as not evaluated)
  a plan JSON                 (terraform show -json PLAN)
  an HCP Terraform policy input ({"plan": ..., "run": ...})
Several paths are evaluated one by one and their reports merged.

options:
  -f, --format FORMAT    ${FORMATS.join(' | ')} (default text)
  -o, --out FILE         write the report to FILE (atomically) instead of stdout
  -e, --exceptions FILE  exceptions (JSON or YAML): {"exceptions": [{"rule", "address", "reason", "owner", "expires", "stack"?}]}
                         address is a glob: * stays within one "." segment, ** spans several
  -p, --params FILE      policy parameters (JSON or YAML object), laid over the environment's policyParams
  -h, --help             show this help

environment:
  WARM_STANDBY_POLICY_WASM  compiled policy to use instead of policies/bundle/policy.wasm
                            (which is rebuilt first when a Rego source is newer and opa is available)

exit status: 0 no unsuppressed mandatory finding, 1 at least one, 2 usage or input error
`;

export const checkCommand: Command = {
  name: 'check',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseCheckArgs(args);
    if (values.help) {
      io.stdout(HELP);
      return 0;
    }
    const format = values.format ?? 'text';
    if (!isFormat(format)) throw new UsageError(`unknown format "${format}"`, `--format: one of ${FORMATS.join(', ')}`);
    if (positionals.length === 0) throw new UsageError('check needs at least one path', 'try warm-standby check --help');

    const resolve = (file: string | undefined): string | undefined => (file === undefined ? undefined : path.resolve(io.cwd, file));
    if (values.out !== undefined) {
      // Refused before any work: a report must never replace what the run reads.
      const reads = [...positionals, values.exceptions, values.params].filter((p): p is string => p !== undefined).map((p) => path.resolve(io.cwd, p));
      checkOutputPath(path.resolve(io.cwd, values.out), reads, '--out', displayPath(values.out, io.cwd), io.cwd);
    }
    const report = await checkPaths(positionals, { exceptionsFile: resolve(values.exceptions), paramsFile: resolve(values.params), cwd: io.cwd });
    // The pull-request comment (markdown) also shows the checked app's topology, drawn from the same cdktf.out.
    const output = render(format, report) + (format === 'markdown' ? topologyAppendix(positionals.map((p) => path.resolve(io.cwd, p))) : '');
    if (values.out) {
      writeFileAtomic(path.resolve(io.cwd, values.out), output);
      io.stdout(`warm-standby: ${verdict(report.summary)} (${summaryLine(report.summary)}); ${format} report written to ${displayPath(values.out, io.cwd)}\n`);
    } else {
      io.stdout(output);
    }
    return gateFailed(report) ? 1 : 0;
  },
};

function parseCheckArgs(args: readonly string[]) {
  return parseCommandArgs('check', args, {
    format: { type: 'string', short: 'f' },
    out: { type: 'string', short: 'o' },
    exceptions: { type: 'string', short: 'e' },
    params: { type: 'string', short: 'p' },
    help: { type: 'boolean', short: 'h' },
  });
}
