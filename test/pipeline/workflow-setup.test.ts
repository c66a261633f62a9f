/**
 * Issue 15, items 1, 2, 3, 4, 6 and 18, on the workflow as written (workflow-run-*.test.ts run it):
 * every job that synthesizes, plans or deploys runs the README's set-up at the versions of
 * tool-versions.json; failover has its own concurrency group and an approval environment; every
 * job has a timeout; break-glass reaches the failover synth; the PR gate covers every environment;
 * setup writes no absolute paths; Node is a supported LTS line.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { ENVIRONMENTS } from '../../environments';

const ROOT = path.resolve(__dirname, '..', '..');
const read = (file: string): string => fs.readFileSync(path.join(ROOT, file), 'utf8');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}
interface Job {
  if?: string;
  needs?: string | string[];
  environment?: string;
  'timeout-minutes'?: number;
  concurrency?: { group: string; 'cancel-in-progress': boolean | string };
  strategy?: { matrix: Record<string, unknown> };
  env?: Record<string, string>;
  steps: Step[];
}
const workflowText = read('.github/workflows/warm-standby.yml');
const workflow = parse(workflowText) as { on: Record<string, any>; concurrency?: unknown; env?: Record<string, string>; jobs: Record<string, Job> };
const actionText = read('.github/actions/setup/action.yml');
const action = parse(actionText) as { runs: { using: string; steps: Step[] } };
const versions = JSON.parse(read('tool-versions.json')) as {
  node: { lts: string; accepted: string[] };
  go: string;
  opa: string;
  terraform: { version: string; minimum: string };
};
const semverGe = (a: string, b: string): boolean => {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) > (pb[i] ?? 0);
  return true;
};

describe('tool versions: one source of truth', () => {
  test('tool-versions.json pins versions that can build and read the stacks', () => {
    // OPA v1.22.3 needs Go >= 1.26 (actions/setup-go sets GOTOOLCHAIN=local: no automatic toolchain download).
    expect(semverGe(versions.go, '1.26')).toBe(true);
    // Ephemeral blocks and write-only arguments need Terraform >= 1.11.
    expect(semverGe(versions.terraform.minimum, '1.11.0')).toBe(true);
    expect(semverGe(versions.terraform.version, versions.terraform.minimum)).toBe(true);
  });

  test('Node: the project targets an LTS line supported on 2026-12-03 and still runs on Node 20 here', () => {
    // nodejs/Release schedule: 22.x and 24.x Maintenance LTS (EOL 2027-04-30, 2028-04-30), 26.x Active LTS from 2026-10-28; 20.x EOL 2026-04-30.
    const supported: Record<string, string> = { '22': '2027-04-30', '24': '2028-04-30', '26': '2029-04-30' };
    expect(supported[versions.node.lts] > '2026-12-03').toBe(true);
    expect(versions.node.accepted).toEqual(expect.arrayContaining(['20', versions.node.lts]));
    const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
    for (const major of versions.node.accepted) expect(engines).toMatch(new RegExp(`\\^${major}\\b`));
  });

  test('no tool version is written in the workflow or the setup action: they come from tool-versions.json', () => {
    for (const text of [workflowText, actionText]) {
      expect(text).not.toMatch(/node-version:\s*['"]?\d/);
      expect(text).not.toMatch(/go-version:\s*['"]?\d/);
      expect(text).not.toMatch(/terraform_version:\s*['"]?\d/);
      expect(text).not.toContain(versions.opa);
    }
    expect(workflow.env?.NODE_VERSION).toBeUndefined();
    expect(workflow.env?.TERRAFORM_VERSION).toBeUndefined();
    const by = (prefix: string): Step | undefined => action.runs.steps.find((s) => s.uses?.startsWith(prefix));
    expect(action.runs.steps[0].run).toBe('node scripts/tool-versions.js >> "$GITHUB_OUTPUT"');
    expect(by('actions/setup-node@')?.with?.['node-version']).toBe('${{ steps.versions.outputs.node }}');
    expect(by('actions/setup-go@')?.with?.['go-version']).toBe('${{ steps.versions.outputs.go }}');
    expect(by('hashicorp/setup-terraform@')?.with?.terraform_version).toBe('${{ steps.versions.outputs.terraform }}');
    const printed = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'tool-versions.js')], { encoding: 'utf8' }).stdout;
    expect(printed).toContain(`node=${versions.node.lts}\n`);
    expect(printed).toContain(`go=${versions.go}\n`);
    expect(printed).toContain(`terraform=${versions.terraform.version}\n`);
    // scripts/setup reads the same file.
    expect(read('scripts/setup')).toContain('tool-versions.json');
    expect(read('scripts/setup')).not.toMatch(/OPA_VERSION="\d|TERRAFORM_MIN="\d|AWS_PROVIDER="\d/);
  });

  test('the setup action ends with the README set-up, bash scripts/setup', () => {
    expect(action.runs.using).toBe('composite');
    expect(action.runs.steps[action.runs.steps.length - 1].run).toBe('bash scripts/setup');
  });
});

describe('workflow jobs', () => {
  const jobs = Object.entries(workflow.jobs);
  const usesTools = (job: Job): boolean =>
    job.steps.some((s) =>
      /npm run (synth|drill)|cdktf (deploy|synth)|bin\/warm-standby\.js|warm-standby readiness|scripts\/plan\.ts|ts-node/.test(s.run ?? ''),
    );

  test('every job that synthesizes, plans, deploys or runs the CLI runs the setup action first (no bare npm ci)', () => {
    const needing = jobs.filter(([, j]) => usesTools(j)).map(([name]) => name);
    expect(needing.sort()).toEqual(Object.keys(workflow.jobs).sort());
    for (const [name, job] of jobs) {
      const setupAt = job.steps.findIndex((s) => s.uses === './.github/actions/setup');
      const firstTool = job.steps.findIndex((s) =>
        /npm run (synth|drill)|cdktf deploy|bin\/warm-standby|warm-standby readiness|scripts\/plan\.ts|ts-node/.test(s.run ?? ''),
      );
      expect({ job: name, setupBeforeTools: setupAt >= 0 && setupAt < firstTool }).toEqual({ job: name, setupBeforeTools: true });
      expect(job.steps.some((s) => /\bnpm ci\b/.test(s.run ?? ''))).toBe(false);
    }
  });

  test('every job has a timeout', () => {
    for (const [name, job] of jobs)
      expect({ job: name, timeout: typeof job['timeout-minutes'] === 'number' && job['timeout-minutes'] > 0 }).toEqual({ job: name, timeout: true });
  });

  test('failover: its own concurrency group, never cancelled, no workflow-level group to queue behind, an approval environment', () => {
    expect(workflow.concurrency).toBeUndefined();
    const failoverJobs = jobs.filter(([, j]) => /inputs\.action == 'failover'/.test(j.if ?? ''));
    expect(failoverJobs.map(([n]) => n).sort()).toEqual(['failover', 'failover-k8s']);
    const failoverGroups = new Set(failoverJobs.map(([, j]) => j.concurrency?.group));
    expect([...failoverGroups]).toEqual(['warm-standby-failover-${{ needs.resolve.outputs.env }}']);
    for (const [, job] of failoverJobs) {
      expect(job.concurrency?.['cancel-in-progress']).toBe(false);
      expect(job.environment).toBe('${{ needs.resolve.outputs.env }}-failover');
    }
    for (const [name, job] of jobs.filter(([, j]) => !/workflow_dispatch/.test(j.if ?? ''))) {
      expect({ job: name, group: job.concurrency?.group ?? '' }).not.toEqual({ job: name, group: expect.stringContaining('failover') });
      expect({ job: name, environment: job.environment ?? '' }).not.toEqual({ job: name, environment: expect.stringMatching(/-failover$/) });
    }
    // Deploys never overlap per environment and stack, and are never cancelled half-way.
    for (const name of ['deploy-primary', 'deploy-primary-k8s', 'deploy-standby', 'deploy-standby-k8s', 'deploy-replication']) {
      expect(workflow.jobs[name].concurrency?.group).toMatch(/^warm-standby-deploy-\$\{\{ needs\.resolve\.outputs\.env \}\}-/);
      expect(workflow.jobs[name].concurrency?.['cancel-in-progress']).toBe(false);
    }
  });

  test('break-glass: a dispatch input whose reason, with the actor, reaches the failover synth', () => {
    expect(workflow.on.workflow_dispatch.inputs.break_glass_reason).toMatchObject({ type: 'string', required: false });
    for (const name of ['failover', 'failover-k8s']) {
      expect(workflow.jobs[name].env?.WARM_STANDBY_BREAK_GLASS_REASON).toBe('${{ inputs.break_glass_reason }}');
      expect(workflow.jobs[name].env?.WARM_STANDBY_BREAK_GLASS_BY).toMatch(/github\.actor/);
    }
    for (const name of Object.keys(workflow.jobs).filter((n) => !n.startsWith('failover'))) {
      expect(workflow.jobs[name].env?.WARM_STANDBY_BREAK_GLASS_REASON).toBeUndefined();
    }
  });

  test('the PR gate runs for every environment, and its comment, artifact and SARIF category name the environment', () => {
    const gate = workflow.jobs.gate;
    expect(gate.strategy?.matrix.environment).toEqual(Object.keys(ENVIRONMENTS));
    expect(gate.env?.WARM_STANDBY_ENV).toBe('${{ matrix.environment }}');
    const comment = gate.steps.find((s) => s.uses?.startsWith('actions/github-script@'));
    expect(comment?.env?.GATE_ENVIRONMENT).toBe('${{ matrix.environment }}');
    expect(String(comment?.with?.script)).toContain('<!-- warm-standby-gate:${environment} -->');
    expect(String(comment?.with?.script)).toContain('### warm-standby gate: \\`${environment}\\`');
    const upload = gate.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.with?.name).toBe('warm-standby-gate-${{ matrix.environment }}');
    const sarif = gate.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(sarif?.with?.category).toBe('warm-standby-gate-${{ matrix.environment }}');
    expect(gate.concurrency?.group).toContain('${{ matrix.environment }}');
  });
});

describe('setup writes no absolute paths (15.6)', () => {
  test('.tools/toolchain.json and .tools/terraformrc of this checkout hold none', () => {
    const tools = path.join(ROOT, '.tools');
    if (!fs.existsSync(path.join(tools, 'toolchain.json'))) throw new Error('run bash scripts/setup first');
    for (const file of ['toolchain.json', 'terraformrc']) {
      const text = fs.readFileSync(path.join(tools, file), 'utf8');
      expect({ file, absolute: text.match(/"\/[^"]*"/g) ?? [] }).toEqual({ file, absolute: [] });
    }
  });

  test('a copied checkout resolves the tools and the Terraform mirror inside its own .tools/', () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'moved-checkout-'));
    try {
      fs.mkdirSync(path.join(copy, 'scripts'));
      fs.copyFileSync(path.join(ROOT, 'scripts', 'toolchain.js'), path.join(copy, 'scripts', 'toolchain.js'));
      fs.cpSync(path.join(ROOT, '.tools', 'toolchain.json'), path.join(copy, '.tools', 'toolchain.json'));
      fs.cpSync(path.join(ROOT, '.tools', 'terraformrc'), path.join(copy, '.tools', 'terraformrc'));
      fs.mkdirSync(path.join(copy, '.tools', 'bin'));
      const out = spawnSync(
        process.execPath,
        [
          '-e',
          `const t=require(${JSON.stringify(path.join(copy, 'scripts', 'toolchain.js'))});const e=t.toolEnv({PATH:'/usr/bin'});console.log(JSON.stringify({path:e.PATH,rc:require('fs').readFileSync(e.TF_CLI_CONFIG_FILE,'utf8')}))`,
        ],
        { encoding: 'utf8' },
      );
      const { path: envPath, rc } = JSON.parse(out.stdout) as { path: string; rc: string };
      expect(envPath.split(':')[0]).toBe(path.join(copy, '.tools', 'bin'));
      expect(envPath).not.toContain(path.join(ROOT, '.tools'));
      expect(rc).toContain(`path    = "${path.join(copy, '.tools', 'providers')}"`);
      expect(rc).toContain(`plugin_cache_dir = "${path.join(copy, '.tools', 'plugin-cache')}"`);
      expect(rc).not.toContain(ROOT);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});
