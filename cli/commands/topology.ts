import * as path from 'node:path';
import { UsageError } from '../../common/errors';
import { displayPath, writeFileAtomic } from '../../common/files';
import { isTopologyFormat, renderTopology, TOPOLOGY_FORMATS } from '../../topology/render';
import { topologyFromDir } from '../../topology/topology';
import { Command, parseCommandArgs } from './command';

const HELP = `usage: warm-standby topology <cdktf.out> [--format markdown|mermaid|json] [--out FILE]

Draws the synthesized environment as a Mermaid flowchart: each Region, the stacks in it (with where
their state lives), the components each stack creates, the replication paths between the Regions
(RDS read replica, ElastiCache Global Datastore, OpenSearch cross-cluster replication, S3 replication
of the Velero bucket, the feed's cross-Region SNS subscriptions) and the DNS failover records with
the operator switch. Everything comes from manifest.json and each stack's cdk.tf.json.

options:
  -f, --format FORMAT  markdown (default: a heading, a \`\`\`mermaid block and the stack table),
                       mermaid (the diagram source only) or json (the model)
  -o, --out FILE       write to FILE (atomically) instead of stdout
  -h, --help           show this help

exit status: 0 written, 2 usage or input error
`;

export const TOPOLOGY_SUMMARY = 'draw the Regions, stacks, components, replication paths and DNS switch of a cdktf.out folder (Mermaid)';

export const topologyCommand: Command = {
  name: 'topology',
  help: HELP,
  run(args, io) {
    const { values, positionals } = parseCommandArgs('topology', args, {
      format: { type: 'string', short: 'f' },
      out: { type: 'string', short: 'o' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      io.stdout(HELP);
      return Promise.resolve(0);
    }
    const format = values.format ?? 'markdown';
    if (!isTopologyFormat(format)) throw new UsageError(`unknown format "${format}"`, `--format: one of ${TOPOLOGY_FORMATS.join(', ')}`);
    if (positionals.length !== 1) throw new UsageError('topology needs exactly one cdktf.out folder', 'try warm-standby topology --help');
    const output = renderTopology(topologyFromDir(path.resolve(io.cwd, positionals[0])), format);
    if (values.out) {
      writeFileAtomic(path.resolve(io.cwd, values.out), output);
      io.stdout(`warm-standby: ${format} topology written to ${displayPath(values.out, io.cwd)}\n`);
    } else {
      io.stdout(output);
    }
    return Promise.resolve(0);
  },
};
