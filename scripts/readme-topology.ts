/**
 * Regenerates README.md's topology sections (one per environment) from a fresh synth of each
 * environment: `npx ts-node --transpile-only scripts/readme-topology.ts`. test/topology/readme.test.ts
 * fails when the README drifts from what this writes.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'cdktf';
import { ENVIRONMENTS, loadEnvironment } from '../environments';
import { buildEnvironment } from '../stacks';
import { readmeSection, withReadmeSection } from '../topology/readme';
import { topologyFromDir } from '../topology/topology';

const README = path.join(__dirname, '..', 'README.md');
let readme = fs.readFileSync(README, 'utf8');
for (const name of Object.keys(ENVIRONMENTS)) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `readme-topology-${name}-`));
  const app = new App({ outdir });
  buildEnvironment(app, loadEnvironment(name), { failover: false });
  app.synth();
  readme = withReadmeSection(readme, name, readmeSection(topologyFromDir(outdir)));
  fs.rmSync(outdir, { recursive: true, force: true });
}
fs.writeFileSync(README, readme);
process.stdout.write(`README.md topology sections: ${Object.keys(ENVIRONMENTS).join(', ')}\n`);
