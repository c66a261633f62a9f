/**
 * README.md's topology sections are generated: each must equal what the generator draws from a
 * fresh synth of its environment, so a change to the stacks that moves the picture fails here until
 * `npx ts-node --transpile-only scripts/readme-topology.ts` rewrites them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ENVIRONMENTS } from '../../environments';
import { readmeSection, readmeSectionOf, withReadmeSection } from '../../topology/readme';
import { topologyFromDir } from '../../topology/topology';
import { synthEnvironment } from '../support/synth';

const README = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

describe('README topology sections', () => {
  test.each(Object.keys(ENVIRONMENTS))('%s matches the synthesized app (regenerate with scripts/readme-topology.ts)', (name) => {
    const expected = readmeSection(topologyFromDir(synthEnvironment(name).outdir));
    expect(readmeSectionOf(README, name)).toBe(expected);
  });

  test('a drifted section is detected and rewritten in place, the rest of the README untouched', () => {
    const drifted = README.replace(/(<!-- topology:example:begin[^\n]*\n[\s\S]*?)payments-example-usw2-pg/, '$1payments-example-usw2-OLD');
    expect(drifted).not.toBe(README);
    const current = readmeSectionOf(README, 'example');
    expect(readmeSectionOf(drifted, 'example')).not.toBe(current);
    expect(withReadmeSection(drifted, 'example', current)).toBe(README);
  });

  test('a README without the markers is an error naming them', () => {
    expect(() => readmeSectionOf('# no sections\n', 'example')).toThrow(/no generated topology section for example \(expected <!-- topology:example:begin/);
  });
});
