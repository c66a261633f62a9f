/**
 * Issue 15.5, pull_request: the gate job of every environment. Runs the workflow's jobs in clean clones with test/pipeline/workflow-runner.ts (see there what
 * stands in for the runner). The events are split over four suites so jest runs them on both cores.
 */
import { runEvent } from './workflow-runner';

// Each job set up and synthesized in its own copy: minutes on a loaded machine.
jest.setTimeout(900_000);

describe('every workflow job runs in a clean clone: pull_request', () => {
  test('pull_request: the gate job of every environment synthesizes, gates and writes every report', () => {
    const runs = runEvent('pull_request');
    expect(Object.keys(runs)).toEqual(['gate']);
    expect(runs.gate).toHaveLength(2);
    for (const run of runs.gate) {
      expect(run.log).toMatch(/setup: \[\d\d:\d\d:\d\d \+\d+s\] done/);
      // One check writes every report; the annotations go to the log.
      expect(run.log).toMatch(/check: exit 0/);
      expect(run.log).toMatch(/sarif report written to gate\.sarif, junit report written to gate\.junit\.xml, markdown report written to gate\.md/);
      // npm run plan walked every stack of the synthesis with the workflow's options (terraform stubbed).
      for (const role of ['primary', 'primary-k8s', 'standby', 'standby-k8s', 'replication'])
        expect(run.log).toMatch(new RegExp(`plan: [\\w-]+-${role}: 0 resource changes -> cdktf\\.out/plans/[\\w-]+-${role}\\.json`));
      expect(run.log).toMatch(/synth: 0, gate: 0, plans: 0/);
    }
  });
});
