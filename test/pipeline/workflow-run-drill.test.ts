/**
 * Issue 15.5, schedule (readiness, drill) and workflow_dispatch drill. Runs the workflow's jobs in clean clones with test/pipeline/workflow-runner.ts (see there what
 * stands in for the runner). The events are split over four suites so jest runs them on both cores.
 */
import { Job, runEvent, workflow } from './workflow-runner';

// Each job set up and synthesized in its own copy: minutes on a loaded machine.
jest.setTimeout(900_000);

describe('every workflow job runs in a clean clone: schedule and the drill', () => {
  test('schedule: the nightly readiness job and the drill run and write their summaries', () => {
    const runs = runEvent('schedule');
    expect(Object.keys(runs).sort()).toEqual(['drill', 'readiness', 'resolve']);
    expect(runs.readiness[0].summary).toContain('### readiness');
    expect(runs.drill[0].log).toMatch(/stub: npm run drill -- --env example \(no emulator\)/);
    expect(runs.drill[0].summary).toContain('### drill');
  });

  test('workflow_dispatch drill: only the drill runs, for the chosen environment', () => {
    const runs = runEvent('workflow_dispatch', { action: 'drill', environment: 'prod-eu', break_glass_reason: '' });
    expect(Object.keys(runs).sort()).toEqual(['drill', 'resolve']);
    expect(runs.drill[0].log).toMatch(/stub: npm run drill -- --env prod-eu \(no emulator\)/);
  });

  test('the drill job stays under 30 minutes and uploads its report', () => {
    const job = workflow.jobs.drill as Job & { 'timeout-minutes': number };
    expect(job['timeout-minutes']).toBeLessThanOrEqual(30);
    const upload = job.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(String(upload?.with?.path)).toContain('cdktf.out/drill/drill-report.md');
  });
});
