/**
 * Issue 15.5, workflow_dispatch failover: resolve, failover, failover-k8s. Runs the workflow's jobs in clean clones with test/pipeline/workflow-runner.ts (see there what
 * stands in for the runner). The events are split over four suites so jest runs them on both cores.
 */
import { runEvent } from './workflow-runner';

// Each job set up and synthesized in its own copy: minutes on a loaded machine.
jest.setTimeout(900_000);

describe('every workflow job runs in a clean clone: workflow_dispatch failover', () => {
  test('workflow_dispatch failover: the standby stacks synthesize in failover mode; break-glass reaches the log and the summary', () => {
    const runs = runEvent('workflow_dispatch', { action: 'failover', environment: '', break_glass_reason: '' });
    expect(Object.keys(runs).sort()).toEqual(['failover', 'failover-k8s', 'resolve']);
    // The targeted plan of the standby stack, gated on what it touches, then applied (stubbed).
    expect(runs.failover[0].log).toMatch(/stub: terraform plan of [1-9]\d* targets \(no AWS\)/);
    expect(runs.failover[0].log).toMatch(/PASS +0 mandatory failed, 0 advisory failed, 0 suppressed; 1 rule evaluated/);
    expect(runs.failover[0].log).toMatch(/stub: terraform apply -input=false failover.tfplan \(no AWS\)/);
  });
});
