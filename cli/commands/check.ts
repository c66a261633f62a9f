import * as fs from 'fs';
import * as path from 'path';
import { InputError, UsageError } from '../../common/errors';
import { checkOutputPath, displayPath, writeFileAtomic } from '../../common/files';
import { checkPaths } from '../../gate/gate';
import { FORMATS, Format, isFormat, render, summaryLine, verdict } from '../../gate/reporters';
import { RuleSelection, checkSelection, parseSeverity, selectRules, splitList } from '../../gate/selection';
import { gateFailed } from '../../gate/types';
import { topologyAppendix } from '../../topology/appendix';
import { Command, parseCommandArgs } from './command';

/** Documented in --help, `warm-standby --help` and the README. */
export const EXIT_STATUS = '0 no unsuppressed mandatory finding among the selected rules, 1 at least one, 2 usage or input error (nothing is written then)';

/** Base name of the reports --out-dir writes. */
const OUT_DIR_NAME = 'warm-standby';

/** File extension of each format under --out-dir. */
const EXTENSIONS: Readonly<Record<Format, string>> = {
  text: 'txt',
  json: 'json',
  sarif: 'sarif',
  junit: 'junit.xml',
  github: 'github.txt',
  markdown: 'md',
};

const HELP = `usage: warm-standby check <path...> [-f FORMAT[=FILE]]... [--out FILE | --out-dir DIR]
                          [--rule ID]... [--skip-rule ID]... [--severity-threshold SEVERITY]
                          [--exceptions FILE] [--params FILE]

Evaluates the warm-standby policies against each path and prints one merged report.

A path is one of:
  a cdktf.out folder          (manifest.json -> stacks/*/cdk.tf.json; all stacks are checked together)
  one stack's cdk.tf.json     (cross-Region rules are then reported as not evaluated)
  a plan JSON                 (terraform show -json PLAN)
  an HCP Terraform policy input ({"plan": ..., "run": ...})
Several paths are evaluated one by one and their reports merged.

options:
  -f, --format FORMAT[=FILE]   ${FORMATS.join(' | ')} (default text). Repeat it for several reports in one
                               run, each to its own file: -f sarif=gate.sarif -f junit=gate.xml, or
                               -f sarif -f junit --out-dir reports/ (${OUT_DIR_NAME}.<ext> each). At most
                               one format without a file goes to stdout.
  -o, --out FILE               write the (single) report to FILE (atomically) instead of stdout
      --out-dir DIR            write each format without its own FILE to DIR/${OUT_DIR_NAME}.<ext>
  -r, --rule ID                gate on these rules only (repeatable or comma-separated; globs: WS-EKS-*)
  -s, --skip-rule ID           leave these rules out (repeatable or comma-separated; globs)
      --severity-threshold SEV report and gate on rules of this severity or higher only
                               (CRITICAL, HIGH, MEDIUM, LOW); lower ones are left out with their findings
  -e, --exceptions FILE        exceptions (JSON or YAML): {"exceptions": [{"rule", "address", "reason", "owner", "expires", "stack"?}]}
                               address is a glob: * stays within one "." segment, ** spans several.
                               Default: $WARM_STANDBY_EXCEPTIONS, else environments/<env>.exceptions.yaml
                               of the environment each input names (what synth and npm run plan use)
  -p, --params FILE            policy parameters (JSON or YAML object), laid over the environment's policyParams
  -h, --help                   show this help

\`warm-standby rules\` lists the rule ids with their severity and enforcement.

environment:
  WARM_STANDBY_POLICY_WASM  compiled policy to use instead of policies/bundle/policy.wasm
                            (which is rebuilt first when a Rego source is newer and opa is available)
  WARM_STANDBY_EXCEPTIONS   exceptions file for every input (see --exceptions)

exit status: ${EXIT_STATUS}
`;

interface Destination {
  readonly format: Format;
  /** Absolute path, or undefined for stdout. */
  readonly file?: string;
}

export const checkCommand: Command = {
  name: 'check',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseCheckArgs(args);
    if (values.help) {
      io.stdout(HELP);
      return 0;
    }
    const destinations = destinationsOf(values.format ?? ['text'], values.out, values['out-dir'], io.cwd);
    if (positionals.length === 0) throw new UsageError('check needs at least one path', 'try warm-standby check --help');
    const selection: RuleSelection = {
      rules: splitList(values.rule),
      skipRules: splitList(values['skip-rule']),
      severityThreshold: values['severity-threshold'] === undefined ? undefined : parseSeverity(values['severity-threshold']),
    };

    const resolve = (file: string | undefined): string | undefined => (file === undefined ? undefined : path.resolve(io.cwd, file));
    // Refused before any work: a report must never replace what the run reads.
    const reads = [...positionals, values.exceptions, values.params].filter((p): p is string => p !== undefined).map((p) => path.resolve(io.cwd, p));
    if (values['out-dir'] !== undefined) makeOutDir(path.resolve(io.cwd, values['out-dir']), io.cwd);
    const option = values.out !== undefined ? '--out' : values['out-dir'] !== undefined ? '--out-dir' : '-f';
    for (const d of destinations) if (d.file !== undefined) checkOutputPath(d.file, reads, option, displayPath(d.file, io.cwd), io.cwd);
    const full = await checkPaths(positionals, { exceptionsFile: resolve(values.exceptions), paramsFile: resolve(values.params), cwd: io.cwd });
    checkSelection(
      selection,
      full.rules.map((r) => r.id),
    );
    const report = selectRules(full, selection);
    // Every report is rendered before any is written: a failure leaves no partial set behind.
    // The pull-request comment (markdown) also shows the checked app's topology, drawn from the same cdktf.out.
    const appendix = (format: Format): string => (format === 'markdown' ? topologyAppendix(positionals.map((p) => path.resolve(io.cwd, p))) : '');
    const outputs = destinations.map((d) => ({ ...d, text: render(d.format, report) + appendix(d.format) }));
    const toStdout = outputs.find((o) => o.file === undefined);
    const written = outputs.filter((o): o is typeof o & { file: string } => o.file !== undefined);
    for (const o of written) writeFileAtomic(o.file, o.text);
    if (toStdout) io.stdout(toStdout.text);
    if (written.length > 0) {
      const files = written.map((o) => `${o.format} report written to ${displayPath(o.file, io.cwd)}`).join(', ');
      // With a report on stdout the summary goes to stderr, so stdout stays one parseable document.
      (toStdout ? io.stderr : io.stdout)(`warm-standby: ${verdict(report.summary)} (${summaryLine(report.summary)}); ${files}\n`);
    }
    return gateFailed(report) ? 1 : 0;
  },
};

function makeOutDir(dir: string, cwd: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new InputError(`cannot create --out-dir: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, displayPath(dir, cwd));
  }
}

/** `-f FORMAT[=FILE]` values, `--out` and `--out-dir` to one destination per format. */
function destinationsOf(formats: readonly string[], out: string | undefined, outDir: string | undefined, cwd: string): Destination[] {
  const specs = formats.map((spec): { format: Format; file?: string } => {
    const [format, ...rest] = spec.split('=');
    const file = rest.join('=');
    if (!isFormat(format)) throw new UsageError(`unknown format "${format}"`, `--format: one of ${FORMATS.join(', ')}`);
    if (rest.length > 0 && file === '') throw new UsageError(`--format ${spec} names no file`, 'use FORMAT=FILE, e.g. sarif=gate.sarif');
    return { format, ...(rest.length > 0 ? { file } : {}) };
  });
  const seen = new Set<string>();
  for (const s of specs) {
    if (seen.has(s.format)) throw new UsageError(`format ${s.format} given twice`, '--format');
    seen.add(s.format);
  }
  if (out !== undefined) {
    if (specs.length !== 1 || specs[0].file !== undefined) {
      throw new UsageError('--out takes exactly one format without its own file', 'for several reports use -f FORMAT=FILE or --out-dir DIR');
    }
    if (outDir !== undefined) throw new UsageError('--out and --out-dir together', 'use one of them');
    return [{ format: specs[0].format, file: path.resolve(cwd, out) }];
  }
  const destinations = specs.map((s): Destination => ({
    format: s.format,
    file:
      s.file !== undefined
        ? path.resolve(cwd, s.file)
        : outDir !== undefined
          ? path.resolve(cwd, outDir, `${OUT_DIR_NAME}.${EXTENSIONS[s.format]}`)
          : undefined,
  }));
  const onStdout = destinations.filter((d) => d.file === undefined).map((d) => d.format);
  if (onStdout.length > 1) {
    throw new UsageError(`formats ${onStdout.join(', ')} would all go to stdout`, 'give each its own file (-f sarif=gate.sarif) or use --out-dir DIR');
  }
  const files = destinations.filter((d) => d.file !== undefined).map((d) => d.file as string);
  const clash = files.find((f, i) => files.indexOf(f) !== i);
  if (clash) throw new UsageError('two reports would be written to the same file', displayPath(clash, cwd));
  return destinations;
}

function parseCheckArgs(args: readonly string[]) {
  return parseCommandArgs('check', args, {
    format: { type: 'string', short: 'f', multiple: true },
    out: { type: 'string', short: 'o' },
    'out-dir': { type: 'string' },
    rule: { type: 'string', short: 'r', multiple: true },
    'skip-rule': { type: 'string', short: 's', multiple: true },
    'severity-threshold': { type: 'string' },
    exceptions: { type: 'string', short: 'e' },
    params: { type: 'string', short: 'p' },
    help: { type: 'boolean', short: 'h' },
  });
}
