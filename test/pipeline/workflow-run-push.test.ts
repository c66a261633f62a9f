/**
 * Issue 15.5, push: resolve and the five deploys. Runs the workflow's jobs in clean clones with test/pipeline/workflow-runner.ts (see there what
 * stands in for the runner). The events are split over four suites so jest runs them on both cores.
 */
import { runEvent } from './workflow-runner';

// Each job set up and synthesized in its own copy: minutes on a loaded machine.
jest.setTimeout(900_000);

describe('every workflow job runs in a clean clone: push', () => {
  test('push: resolve, then the five deploys in order, each set up and synthesized (apply stubbed)', () => {
    const runs = runEvent('push');
    expect(Object.keys(runs).sort()).toEqual(['deploy-primary', 'deploy-primary-k8s', 'deploy-replication', 'deploy-standby', 'deploy-standby-k8s', 'resolve']);
    expect(runs.resolve[0].outputs).toEqual({ env: 'example', key: 'EXAMPLE', k8s_runner: 'payments-deploy' });
    for (const job of ['deploy-primary', 'deploy-standby', 'deploy-replication'])
      expect(runs[job][0].log).toMatch(/stub: synthesized and gated; terraform apply of example-/);
  });
});
