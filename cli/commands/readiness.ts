import * as path from 'path';
import { DEFAULT_ENVIRONMENT, ENVIRONMENTS, EnvironmentConfig, UnknownEnvironmentError, loadEnvironment } from '../../environments';
import { ReadinessClients, defaultClients } from '../../readiness/clients';
import { ArcEndpoint, DEFAULT_MAX_FEED_BACKLOG } from '../../readiness/check';
import { READINESS_FORMATS, isReadinessFormat, readinessSummaryLine, renderReadiness } from '../../readiness/report';
import { runReadiness } from '../../readiness/run';
import { readinessExitCode } from '../../readiness/types';
import { InputError, UsageError, oneLine } from '../../common/errors';
import { checkOutputPath, displayPath, isRecord, readJson, writeFileAtomic } from '../../common/files';
import { Command, parseCommandArgs } from './command';

const HELP = `usage: warm-standby readiness [--env NAME] [--format FORMAT] [--out FILE] [--max-feed-backlog N] [--arc-endpoints FILE]

Checks a DEPLOYED environment, read-only, through the AWS SDK: the standby RDS replica and its lag,
the ElastiCache Global Datastore members, the OpenSearch follower connection and its lag, the backup
bucket's replication (rule, failures, backlog), the primary's Route 53 health check, the standby EKS
node group, the age of the newest replicated Velero backup, and the feed queues and dead-letter queues.
Every name comes from the environment's configuration and deterministic naming, never from state.
Credentials come from the default AWS chain (environment, profile, web identity, instance role);
endpoints from the SDK's own resolution (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>, endpoint_url).

options:
  -e, --env NAME             environment (default: $WARM_STANDBY_ENV, else ${DEFAULT_ENVIRONMENT}); known: ${Object.keys(ENVIRONMENTS).join(', ')}
  -f, --format FORMAT        ${READINESS_FORMATS.join(' | ')} (default text)
  -o, --out FILE             write the report to FILE (atomically) instead of stdout
      --max-feed-backlog N   messages a feed queue may hold (default ${DEFAULT_MAX_FEED_BACKLOG}); dead-letter queues must be empty
      --s3-path-style        address S3 buckets by path, not by virtual host (S3-compatible endpoints)
      --arc-endpoints FILE   the ARC cluster's data-plane endpoints, JSON [{"endpoint", "region"}] as
                             terraform output -json dns_arc_cluster_endpoints (standby stack) prints it;
                             needed to read the routing controls of dns.switch.kind arc
  -h, --help                 show this help

Progress goes to stderr. Each check has an id (RDY-<AREA>-NNN), a status (ok, not_ready, error), the
observed value, the threshold and a recommended action. IAM actions needed: see the README.

exit status: 0 ready; 1 at least one check not ready; 2 could not check (an AWS call failed:
credentials, network or permission, named in the report, and no check found anything not ready),
or a usage error
`;

/** What tests inject; the CLI uses the defaults. */
export interface ReadinessCommandDeps {
  /** @default - SDK clients with the default credential chain */
  readonly clients?: ReadinessClients;
  /** @default - the system clock */
  readonly now?: () => Date;
}

export function createReadinessCommand(deps: ReadinessCommandDeps = {}): Command {
  return {
    name: 'readiness',
    help: HELP,
    async run(args, io) {
      const { values, positionals } = parseCommandArgs('readiness', args, {
        env: { type: 'string', short: 'e' },
        format: { type: 'string', short: 'f' },
        out: { type: 'string', short: 'o' },
        'max-feed-backlog': { type: 'string' },
        's3-path-style': { type: 'boolean' },
        'arc-endpoints': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      });
      if (values.help) {
        io.stdout(HELP);
        return 0;
      }
      if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`, 'try warm-standby readiness --help');
      const format = values.format ?? 'text';
      if (!isReadinessFormat(format)) throw new UsageError(`unknown format "${format}"`, `--format: one of ${READINESS_FORMATS.join(', ')}`);
      const backlog = values['max-feed-backlog'];
      const maxFeedBacklog = backlog === undefined ? undefined : Number(backlog);
      if (maxFeedBacklog !== undefined && !(Number.isInteger(maxFeedBacklog) && maxFeedBacklog >= 0)) {
        throw new UsageError(`--max-feed-backlog must be a whole number >= 0 (got "${backlog}")`, 'try warm-standby readiness --help');
      }
      const env = environment(values.env ?? process.env.WARM_STANDBY_ENV ?? DEFAULT_ENVIRONMENT);
      const arcEndpoints =
        values['arc-endpoints'] === undefined ? undefined : readArcEndpoints(path.resolve(io.cwd, values['arc-endpoints']), values['arc-endpoints']);
      // Checked before the AWS calls, so a bad --out never throws a finished run away.
      if (values.out !== undefined) checkOutputPath(path.resolve(io.cwd, values.out), [], '--out', displayPath(values.out, io.cwd), io.cwd);

      const report = await runReadiness({
        env,
        clients: deps.clients ?? (values['s3-path-style'] ? defaultClients({ s3PathStyle: true }) : undefined),
        now: deps.now,
        thresholds: { maxFeedBacklog },
        arcEndpoints,
        progress: (line) => io.stderr(`warm-standby readiness: ${line}\n`),
      });
      const output = renderReadiness(format, report);
      if (values.out) {
        writeFileAtomic(path.resolve(io.cwd, values.out), output);
        io.stdout(
          `warm-standby readiness: ${report.verdict} (${readinessSummaryLine(report)}); ${format} report written to ${displayPath(values.out, io.cwd)}\n`,
        );
      } else {
        io.stdout(output);
      }
      return readinessExitCode(report);
    },
  };
}

export const readinessCommand: Command = createReadinessCommand();

function environment(name: string): EnvironmentConfig {
  try {
    return loadEnvironment(name);
  } catch (err) {
    if (err instanceof UnknownEnvironmentError) throw new UsageError(`unknown environment "${name}"`, `--env: one of ${Object.keys(ENVIRONMENTS).join(', ')}`);
    throw new InputError(`environment "${name}" is invalid: ${oneLine(err instanceof Error ? err.message : String(err))}`, `environments/${name}.ts`);
  }
}

/** `--arc-endpoints`: a JSON list of `{ endpoint, region }` (what the standby stack's output holds). */
function readArcEndpoints(file: string, shown: string): ArcEndpoint[] {
  const doc = readJson(file, '--arc-endpoints file', shown);
  if (!Array.isArray(doc) || doc.length === 0) {
    throw new InputError(
      `--arc-endpoints: ${shown} must hold a non-empty JSON list of {"endpoint", "region"} (got ${Array.isArray(doc) ? 'an empty list' : typeof doc})`,
      shown,
    );
  }
  return doc.map((entry: unknown, i) => {
    const endpoint = isRecord(entry) ? entry.endpoint : undefined;
    const region = isRecord(entry) ? entry.region : undefined;
    if (typeof endpoint !== 'string' || !/^https:\/\/\S+$/.test(endpoint)) {
      throw new InputError(`--arc-endpoints: [${i}].endpoint must be an https URL (got ${JSON.stringify(endpoint ?? null)})`, shown);
    }
    if (typeof region !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
      throw new InputError(`--arc-endpoints: [${i}].region must be an AWS Region name (got ${JSON.stringify(region ?? null)})`, shown);
    }
    return { endpoint, region };
  });
}
