import * as fs from 'node:fs';
import * as path from 'node:path';
import { GateError } from '../common/errors';
import { renderTopologyMarkdown } from './render';
import { topologyFromDir } from './topology';

/**
 * The topology section appended to the gate's Markdown report (the pull-request comment): one
 * collapsible diagram per cdktf.out folder among the checked paths. Plans and single stack files
 * have no topology; a folder that cannot be drawn gets a one-line note instead of failing the gate.
 */
export function topologyAppendix(paths: readonly string[]): string {
  const sections: string[] = [];
  for (const dir of paths) {
    if (!fs.existsSync(path.join(dir, 'manifest.json'))) continue;
    try {
      const topology = topologyFromDir(dir);
      const body = renderTopologyMarkdown(topology, { heading: '' }).trimStart();
      sections.push(
        `<details><summary>Topology: ${topology.environment}${topology.mode === 'failover' ? ' (failover synth)' : ''}</summary>\n\n${body}\n</details>`,
      );
    } catch (err) {
      if (!(err instanceof GateError)) throw err;
      sections.push(`_Topology not drawn: ${err.message}_`);
    }
  }
  return sections.length ? `\n${sections.join('\n\n')}\n` : '';
}
