import { UsageError } from '../../common/errors';
import { ruleCatalogue } from '../../gate/gate';
import { checkSelection, parseSeverity, RuleSelection, selected, splitList } from '../../gate/selection';
import { Command, parseCommandArgs } from './command';

const FORMATS = ['text', 'json'] as const;

const HELP = `usage: warm-standby rules [--format text|json] [--rule ID] [--skip-rule ID] [--severity-threshold SEVERITY]

Lists the rules of the compiled policy (the one \`check\` and synth run): id, severity, enforcement,
scope and title; --format json adds the description and the recommended action. The selection
options are those of \`check\`, so a selection can be previewed before it gates anything.

options:
  -f, --format FORMAT          text | json (default text)
  -r, --rule ID                only these rules (repeatable or comma-separated; globs such as WS-EKS-*)
  -s, --skip-rule ID           leave these rules out (repeatable or comma-separated; globs)
      --severity-threshold SEV only rules of this severity or higher: CRITICAL, HIGH, MEDIUM, LOW
  -h, --help                   show this help

exit status: 0 listed, 2 usage error (an unknown format, severity, or a --rule/--skip-rule that matches no rule)
`;

export const rulesCommand: Command = {
  name: 'rules',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs('rules', args, {
      format: { type: 'string', short: 'f' },
      rule: { type: 'string', short: 'r', multiple: true },
      'skip-rule': { type: 'string', short: 's', multiple: true },
      'severity-threshold': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      io.stdout(HELP);
      return 0;
    }
    if (positionals.length > 0) throw new UsageError(`rules takes no path (got "${positionals[0]}")`, 'try warm-standby rules --help');
    const format = values.format ?? 'text';
    if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format "${format}"`, `--format: one of ${FORMATS.join(', ')}`);
    const selection: RuleSelection = {
      rules: splitList(values.rule),
      skipRules: splitList(values['skip-rule']),
      severityThreshold: values['severity-threshold'] === undefined ? undefined : parseSeverity(values['severity-threshold']),
    };
    const all = await ruleCatalogue();
    checkSelection(
      selection,
      all.map((r) => r.id),
    );
    const rules = all.filter((r) => selected(selection, r.id, r.severity));
    if (format === 'json') {
      io.stdout(`${JSON.stringify({ rules }, null, 2)}\n`);
      return 0;
    }
    const rows = [['ID', 'SEVERITY', 'ENFORCEMENT', 'SCOPE', 'TITLE'], ...rules.map((r) => [r.id, r.severity, r.enforcement, r.scope, r.title])];
    const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
    const line = (row: string[]): string =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i])))
        .join('  ')
        .trimEnd();
    io.stdout(`${rows.map(line).join('\n')}\n${rules.length} of ${all.length} rules\n`);
    return 0;
  },
};
