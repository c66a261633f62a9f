import * as path from 'node:path';
import { Command, parseCommandArgs } from './command';
import { UsageError } from '../../common/errors';
import { estimate, loadSynthesized, OBJECTIVES_FORMATS, ObjectivesFormat, renderObjectives } from '../../objectives/estimate';
import { buildRunbook, renderRunbook, RUNBOOK_FORMATS, RunbookFormat } from '../../objectives/runbook';
import { renderTopologyMarkdown } from '../../topology/render';
import { topologyFromDir } from '../../topology/topology';

const OBJECTIVES_HELP = `usage: warm-standby objectives <cdktf.out> [--format text|json|markdown]

Estimates RPO and RTO per component (DNS, RDS, Velero, EKS, ElastiCache, OpenSearch, Redshift feed)
from the synthesized configuration, beside the environment's targets. The model's constants and
their sources are in objectives/model-constants.ts.

exit status: 0 every estimate meets its target, 1 at least one misses, 2 usage or input error
`;

const RUNBOOK_HELP = `usage: warm-standby runbook <cdktf.out> [--format markdown|json]

Writes the ordered failover procedure (detect, decide, switch, data tier, compute, traffic, verify)
with each step's commands and expected duration, the total (= the RTO estimate), what to run first
on a cold machine, the environment's topology (Mermaid), and the failback through <env>-failback.
Works from the normal synth or the failover synth (WARM_STANDBY_FAILOVER=1).
`;

/** One-line summaries for the COMMANDS list in cli/main.ts. */
export const OBJECTIVES_SUMMARY = 'estimate RPO/RTO per component of a cdktf.out folder beside the targets';
export const RUNBOOK_SUMMARY = 'write the failover and failback runbook of a cdktf.out folder';

function oneDir(command: string, positionals: string[], cwd: string): string {
  if (positionals.length !== 1) throw new UsageError(`${command} needs exactly one cdktf.out folder`, `try warm-standby ${command} --help`);
  return path.resolve(cwd, positionals[0]);
}

/** Runs a synchronous command body; a throw reaches the dispatcher as a rejection, like an async body's. */
function asCommandResult(body: () => number): Promise<number> {
  return new Promise<number>((resolve) => resolve(body()));
}

export const objectivesCommand: Command = {
  name: 'objectives',
  help: OBJECTIVES_HELP,
  run: (args, io) =>
    asCommandResult(() => {
      const { values, positionals } = parseCommandArgs('objectives', args, { format: { type: 'string', short: 'f' }, help: { type: 'boolean', short: 'h' } });
      if (values.help) {
        io.stdout(OBJECTIVES_HELP);
        return 0;
      }
      const format = (values.format ?? 'text') as ObjectivesFormat;
      if (!OBJECTIVES_FORMATS.includes(format)) throw new UsageError(`unknown format "${format}"`, `--format: one of ${OBJECTIVES_FORMATS.join(', ')}`);
      const report = estimate(loadSynthesized(oneDir('objectives', positionals, io.cwd)));
      io.stdout(renderObjectives(report, format));
      return report.overall.meets ? 0 : 1;
    }),
};

export const runbookCommand: Command = {
  name: 'runbook',
  help: RUNBOOK_HELP,
  run: (args, io) =>
    asCommandResult(() => {
      const { values, positionals } = parseCommandArgs('runbook', args, { format: { type: 'string', short: 'f' }, help: { type: 'boolean', short: 'h' } });
      if (values.help) {
        io.stdout(RUNBOOK_HELP);
        return 0;
      }
      const format = (values.format ?? 'markdown') as RunbookFormat;
      if (!RUNBOOK_FORMATS.includes(format)) throw new UsageError(`unknown format "${format}"`, `--format: one of ${RUNBOOK_FORMATS.join(', ')}`);
      const dir = oneDir('runbook', positionals, io.cwd);
      // A failover synth (the standby Region alone) is enough for the runbook; the picture comes from the same folder.
      const runbook = buildRunbook(loadSynthesized(dir, { allowFailoverSynth: true }));
      const topology = format === 'markdown' ? renderTopologyMarkdown(topologyFromDir(dir), { heading: '## Topology' }) : undefined;
      io.stdout(renderRunbook(runbook, format, { topology }));
      return 0;
    }),
};

/** Handlers by name, for callers that dispatch on their own. */
export const objectives = (args: readonly string[], io: Parameters<Command['run']>[1]) => objectivesCommand.run(args, io);
export const runbook = (args: readonly string[], io: Parameters<Command['run']>[1]) => runbookCommand.run(args, io);
