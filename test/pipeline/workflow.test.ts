/**
 * The GitHub Actions workflow users get: every script and path it runs exists, deploys go
 * primary -> standby -> replication, failover deploys the standby stack alone, actions are pinned.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadEnvironment } from '../../environments';
import { kubernetesRunnerLabel } from '../../scripts/k8s-runner';
import { parse } from 'yaml';
import { synthEnvironment } from '../support/synth';

const ROOT = path.resolve(__dirname, '..', '..');
const WORKFLOW = path.join(ROOT, '.github', 'workflows', 'warm-standby.yml');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
  'working-directory'?: string;
}
interface Job {
  needs?: string | string[];
  if?: string;
  env?: Record<string, string>;
  'runs-on'?: string;
  steps: Step[];
}

const workflow = parse(fs.readFileSync(WORKFLOW, 'utf8')) as { on: Record<string, unknown>; jobs: Record<string, Job> };
const jobs = Object.entries(workflow.jobs);
// The local setup action's steps count as the steps of every job that uses it.
const setupAction = parse(fs.readFileSync(path.join(ROOT, '.github', 'actions', 'setup', 'action.yml'), 'utf8')) as { runs: { steps: Step[] } };
const steps = jobs.flatMap(([job, j]) =>
  j.steps.flatMap((s) => (s.uses === './.github/actions/setup' ? setupAction.runs.steps : [s]).map((st) => ({ job, ...st }))),
);
const runs = steps.filter((s) => typeof s.run === 'string').map((s) => ({ job: s.job, run: s.run as string }));
const needsOf = (j: Job): string[] => (j.needs === undefined ? [] : Array.isArray(j.needs) ? j.needs : [j.needs]);

/** Jobs whose steps run `cdktf deploy`, with the stack argument of each deploy. */
function deploys(): { job: string; stacks: string[] }[] {
  return jobs
    .map(([job, j]) => ({
      job,
      stacks: j.steps.flatMap((s) => [...(s.run ?? '').matchAll(/cdktf deploy\s+("?)([^\s"]+)\1/g)].map((m) => m[2])),
    }))
    .filter((d) => d.stacks.length > 0);
}

describe('warm-standby workflow', () => {
  test('runs on pull_request, push to main, a nightly schedule and workflow_dispatch', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'push', 'schedule', 'workflow_dispatch']);
    expect((workflow.on.push as { branches: string[] }).branches).toEqual(['main']);
  });

  test('every `npm run X` names a script in package.json', () => {
    const scripts = Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts);
    const used = runs.flatMap((r) => [...r.run.matchAll(/npm run(?:-script)?\s+([\w:.-]+)/g)].map((m) => m[1]));
    expect(used.length).toBeGreaterThan(0);
    for (const name of used) expect(scripts).toContain(name);
  });

  test('every bash scripts/..., node scripts/..., node bin/... and ts-node path exists', () => {
    const paths = runs.flatMap((r) => [...r.run.matchAll(/(?:\bbash|\bnode|ts-node(?:\s+--[\w-]+)*)\s+((?:scripts|bin)\/[\w./-]+)/g)].map((m) => m[1]));
    expect(paths).toEqual(expect.arrayContaining(['scripts/setup', 'bin/warm-standby.js', 'scripts/with-tools.js', 'scripts/plan.ts']));
    for (const p of paths) expect(fs.existsSync(path.join(ROOT, p))).toBe(true);
  });

  test('the pull-request gate writes every format before failing, and fails on a failed gate', () => {
    const gate = workflow.jobs.gate;
    expect(gate.if).toMatch(/pull_request/);
    const check = gate.steps.find((s) => /warm-standby\.js check cdktf\.out/.test(s.run ?? ''));
    expect(check?.run).toMatch(/set \+e/);
    for (const format of ['sarif', 'junit', 'markdown']) expect(check?.run).toContain(format);
    const uses = gate.steps.map((s) => s.uses ?? '');
    expect(uses.some((u) => u.startsWith('github/codeql-action/upload-sarif@'))).toBe(true);
    expect(uses.some((u) => u.startsWith('actions/github-script@'))).toBe(true);
    const comment = gate.steps.find((s) => s.uses?.startsWith('actions/github-script@'));
    expect(String(comment?.with?.script)).toContain('<!-- warm-standby-gate:${environment} -->');
    expect(String(comment?.with?.script)).toMatch(/updateComment/);
    expect(String(comment?.with?.script)).toMatch(/createComment/);
    const last = gate.steps[gate.steps.length - 1];
    expect(last.run).toMatch(/steps\.gate\.outputs\.rc/);
  });

  test('push deploys each Region (AWS, then its Kubernetes stack), then the links, each needing the one before', () => {
    const pushDeploys = deploys().filter((d) => /push/.test(workflow.jobs[d.job].if ?? ''));
    const byStack = (suffix: string) => {
      const found = pushDeploys.filter((d) => d.stacks.every((s) => s.endsWith(`-${suffix}`)));
      expect(found).toHaveLength(1);
      expect(found[0].stacks).toHaveLength(1);
      return found[0].job;
    };
    const primary = byStack('primary');
    const primaryK8s = byStack('primary-k8s');
    const standby = byStack('standby');
    const standbyK8s = byStack('standby-k8s');
    const replication = byStack('replication');
    expect(pushDeploys).toHaveLength(5);
    expect(needsOf(workflow.jobs[primaryK8s])).toContain(primary);
    expect(needsOf(workflow.jobs[standby])).toContain(primary);
    expect(needsOf(workflow.jobs[standbyK8s])).toContain(standby);
    expect(needsOf(workflow.jobs[replication])).toContain(standby);
    expect(needsOf(workflow.jobs[primary])).not.toContain(standby);
    expect(needsOf(workflow.jobs[primary])).not.toContain(replication);
    for (const job of [primary, primaryK8s, standby, standbyK8s, replication]) {
      const run = workflow.jobs[job].steps.map((s) => s.run ?? '').join('\n');
      // One stack per job: cdktf would otherwise refuse a stack whose dependency is not deployed in the same run.
      expect(run).toMatch(/npx cdktf deploy .*--auto-approve --ignore-missing-stack-dependencies/);
    }
  });

  test("the push deploy jobs' needs graph follows every stack dependency the app declares (manifest.json), transitively", () => {
    const app = synthEnvironment('example');
    const manifest = JSON.parse(fs.readFileSync(path.join(app.outdir, 'manifest.json'), 'utf8')) as { stacks: Record<string, { dependencies: string[] }> };
    const pushDeploys = deploys().filter((d) => /push/.test(workflow.jobs[d.job].if ?? ''));
    // Stack name (with the environment as `${WARM_STANDBY_ENV}`) -> the job that deploys it.
    const jobOf = new Map(pushDeploys.map((d) => [d.stacks[0].replace('${WARM_STANDBY_ENV}', 'example'), d.job]));
    const ancestors = (job: string, seen = new Set<string>()): Set<string> => {
      for (const n of needsOf(workflow.jobs[job])) if (!seen.has(n)) ancestors(n, seen.add(n));
      return seen;
    };
    const missing: string[] = [];
    for (const [stack, { dependencies }] of Object.entries(manifest.stacks)) {
      const job = jobOf.get(stack);
      expect({ stack, job }).toEqual({ stack, job: expect.any(String) });
      for (const dependency of dependencies) {
        const before = jobOf.get(dependency)!;
        if (!ancestors(job!).has(before)) missing.push(`${job} (${stack}) does not wait for ${before} (${dependency})`);
      }
    }
    expect(missing).toEqual([]);
  });

  test("the README's one-pass deploy order is a deploy order of the declared stack dependencies", () => {
    const app = synthEnvironment('example');
    const manifest = JSON.parse(fs.readFileSync(path.join(app.outdir, 'manifest.json'), 'utf8')) as { stacks: Record<string, { dependencies: string[] }> };
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const sentence = /Deploy order on a new environment, in one pass:\s+([a-z0-9,\s-]+?)\s*\(/.exec(readme);
    expect(sentence).not.toBeNull();
    const order = sentence![1].split(/,\s*/).map((s) => `example-${s.trim()}`);
    expect([...order].sort()).toEqual(Object.keys(manifest.stacks).sort());
    for (const [stack, { dependencies }] of Object.entries(manifest.stacks)) {
      for (const dependency of dependencies)
        expect({ stack, dependency, before: order.indexOf(dependency) < order.indexOf(stack) }).toMatchObject({ before: true });
    }
  });

  test('the Kubernetes stacks deploy on the runner the environment names (eks.endpoint.deployRunner)', () => {
    const k8sJobs = deploys().filter((d) => d.stacks.every((s) => s.endsWith('-k8s')));
    expect(k8sJobs.map((d) => d.job).sort()).toEqual(['deploy-primary-k8s', 'deploy-standby-k8s', 'failover-k8s']);
    for (const { job } of k8sJobs) expect(workflow.jobs[job]['runs-on']).toBe('${{ needs.resolve.outputs.k8s_runner }}');
    const resolveRun = workflow.jobs.resolve.steps.map((s) => s.run ?? '').join('\n');
    expect(resolveRun).toContain('scripts/k8s-runner.ts');
    expect(kubernetesRunnerLabel(loadEnvironment('example'))).toBe('payments-deploy');
    // prod-eu's clusters are private: HCP Terraform applies on the agent pool in the VPC.
    expect(kubernetesRunnerLabel(loadEnvironment('prod-eu'))).toBe('ubuntu-latest');
  });

  test('failover deploys only the standby Region: its AWS stack first (targeted, no refresh, no global control plane), then its Kubernetes stack, both with WARM_STANDBY_FAILOVER', () => {
    const failoverJobs = jobs.filter(([, j]) => /workflow_dispatch/.test(j.if ?? '') && /failover/.test(j.if ?? ''));
    expect(failoverJobs.map(([name]) => name)).toEqual(['failover', 'failover-k8s']);
    const [[awsName, aws], [k8sName, k8s]] = failoverJobs;
    // The AWS half: a targeted plan of the standby stack only, without refresh, gated, then applied.
    const awsRun = aws.steps.map((s) => s.run ?? '').join('\n');
    expect(awsRun).not.toMatch(/cdktf deploy/);
    expect(aws.steps.find((s) => /terraform apply/.test(s.run ?? ''))?.['working-directory']).toBe('cdktf.out/stacks/${{ needs.resolve.outputs.env }}-standby');
    expect(awsRun).toContain('scripts/failover-targets.ts cdk.tf.json');
    expect(awsRun).toMatch(/terraform plan -input=false -refresh=false "\$\{targets\[@\]\}" -out=failover\.tfplan/);
    expect(awsRun).toContain('warm-standby.js check');
    expect(awsRun).toContain('terraform apply -input=false failover.tfplan');
    expect(deploys().find((d) => d.job === k8sName)?.stacks).toEqual(['${WARM_STANDBY_ENV}-standby-k8s']);
    for (const job of [aws, k8s]) {
      const flag = job.env?.WARM_STANDBY_FAILOVER ?? job.steps.find((s) => s.env?.WARM_STANDBY_FAILOVER)?.env?.WARM_STANDBY_FAILOVER;
      expect(String(flag)).toBe('1');
    }
    expect(needsOf(k8s)).toContain(awsName);
  });

  test('deploys use OIDC credentials with the role ARN from repository variables', () => {
    for (const { job } of deploys()) {
      const aws = workflow.jobs[job].steps.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
      expect(aws).toBeDefined();
      expect(String(aws?.with?.['role-to-assume'])).toMatch(/vars\[/);
      expect((workflow.jobs[job] as Job & { permissions?: Record<string, string> }).permissions?.['id-token']).toBe('write');
    }
  });

  test('every action is pinned to a version tag or a commit SHA', () => {
    const uses = steps.filter((s) => s.uses && !s.uses.startsWith('./')).map((s) => s.uses as string);
    expect(uses.length).toBeGreaterThan(0);
    for (const u of uses) {
      const ref = u.split('@')[1];
      expect({ uses: u, pinned: /^(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/.test(ref ?? '') }).toEqual({ uses: u, pinned: true });
    }
  });

  describe('nightly readiness job', () => {
    const readiness = workflow.jobs.readiness as Job & { permissions?: Record<string, string>; environment?: string };
    const step = readiness.steps.find((st) => /warm-standby readiness/.test(st.run ?? ''));

    test('a daily cron schedule triggers only the readiness job (and resolve), never a deploy', () => {
      const schedule = workflow.on.schedule as { cron: string }[];
      expect(schedule).toHaveLength(1);
      const fields = schedule[0].cron.split(' ');
      expect(fields).toHaveLength(5);
      expect(fields.slice(2)).toEqual(['*', '*', '*']);
      expect(fields.slice(0, 2).every((f) => /^\d+$/.test(f))).toBe(true);
      expect(readiness.if).toBe("github.event_name == 'schedule'");
      expect(needsOf(readiness)).toEqual(['resolve']);
      expect(workflow.jobs.resolve.if).toBe("github.event_name != 'pull_request'");
      for (const { job } of deploys()) expect(workflow.jobs[job].if ?? '').not.toMatch(/schedule/);
      expect(deploys().map((d) => d.job)).not.toContain('readiness');
    });

    test('uses OIDC with a read-only role variable per environment, in its own GitHub Environment', () => {
      expect(readiness.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
      expect(readiness.environment).toBe('${{ needs.resolve.outputs.env }}-readiness');
      const aws = readiness.steps.find((st) => st.uses?.startsWith('aws-actions/configure-aws-credentials@'));
      const deployAws = workflow.jobs['deploy-standby'].steps.find((st) => st.uses?.startsWith('aws-actions/configure-aws-credentials@'));
      expect(aws?.uses).toBe(deployAws?.uses);
      expect(aws?.with?.['role-to-assume']).toBe("${{ vars[format('AWS_READINESS_ROLE_ARN_{0}', needs.resolve.outputs.key)] }}");
      expect(String(aws?.with?.['aws-region'])).toMatch(/AWS_STANDBY_REGION_/);
      expect(readiness.env?.TF_TOKEN_app_terraform_io).toBeUndefined();
      const setupAt = readiness.steps.findIndex((st) => st.uses === './.github/actions/setup');
      expect(setupAt).toBeGreaterThanOrEqual(0);
      expect(setupAt).toBeLessThan(readiness.steps.indexOf(step as Step));
    });

    test('runs `warm-standby readiness --env <env> --format markdown` into the job summary', () => {
      expect(step?.run).toMatch(/npx (--no-install )?warm-standby readiness --env "\$WARM_STANDBY_ENV" --format markdown > readiness\.md/);
      expect(step?.run).toMatch(/>> "\$GITHUB_STEP_SUMMARY"/);
      expect(readiness.env?.WARM_STANDBY_ENV).toBe('${{ needs.resolve.outputs.env }}');
    });

    // Runs the step's script with a stand-in `npx` that prints a report and exits with a given code.
    test.each([0, 1, 2])('the step writes the summary and passes on readiness exit code %i', (rc) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-step-'));
      const bin = path.join(dir, 'bin');
      fs.mkdirSync(bin);
      fs.writeFileSync(path.join(bin, 'npx'), `#!/bin/sh\necho "args: $*"\necho "### report"\nexit ${rc}\n`, { mode: 0o755 });
      const summary = path.join(dir, 'summary.md');
      const r = spawnSync('bash', ['-eo', 'pipefail', '-c', step?.run ?? 'exit 99'], {
        cwd: dir,
        encoding: 'utf8',
        env: { PATH: `${bin}:${process.env.PATH}`, GITHUB_STEP_SUMMARY: summary, WARM_STANDBY_ENV: 'prod-eu' },
      });
      expect(r.status).toBe(rc);
      expect(fs.readFileSync(summary, 'utf8')).toBe('args: --no-install warm-standby readiness --env prod-eu --format markdown\n### report\n');
    });
  });
});
