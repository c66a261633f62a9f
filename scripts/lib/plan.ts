/**
 * Offline Terraform plans of synthesized stacks, for gating real plans without AWS access.
 *
 * Each stack folder is copied to a temp dir by the Terraform harness (the synthesized output is never
 * touched) with a LOCAL backend, and only that copy is made plannable offline (see
 * {@link offlinePlanTransform} for every workaround and why it is needed). Then `terraform init` (once
 * per provider set in a process, shared by linking its `.terraform`), `terraform plan -out`,
 * `terraform show -json` write `<outDir>/<stack>.json`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { JsonBlock, StackConfig, prepareStackDir, reuseInit, runTerraform } from './terraform';

/** Placeholder credentials: the AWS provider wants some, nothing ever checks them offline. */
export const PLACEHOLDER_ACCESS_KEY = 'AKIAOFFLINEPLAN00000';
export const PLACEHOLDER_SECRET_KEY = 'offline-plan-placeholder-secret-key-0000';

export interface StackPlan {
  readonly stack: string;
  /** `terraform show -json` of the saved plan, written to disk. */
  readonly planJson: string;
  readonly resourceChanges: number;
}

export interface PlanOptions {
  /** Extra edits of the stack JSON, applied after the offline workarounds (tests use it to break a stack). */
  readonly transform?: (config: StackConfig, stack: string) => void;
  /** Keep the temp copy (for debugging); it is removed otherwise. */
  readonly keepWorkDir?: boolean;
}

/**
 * Makes one stack's cdk.tf.json plannable with no AWS account and no cluster. Applied ONLY to the
 * temp copy; every workaround is listed here:
 *
 * 1. AWS provider (every alias): placeholder `access_key`/`secret_key`, `skip_credentials_validation`
 *    (no STS GetCallerIdentity), `skip_requesting_account_id` (no STS/IAM account lookup),
 *    `skip_metadata_api_check` (no EC2 IMDS probe), `skip_region_validation` (no region list lookup).
 * 2. AWS provider `allowed_account_ids` / `forbidden_account_ids` are removed: with
 *    `skip_requesting_account_id` the provider does not know the account and the allow-list check
 *    would fail ("AWS account ID not allowed"); it is a deploy-time safety net, not a plan input.
 * 3. AWS provider `assume_role` / `assume_role_with_web_identity` / `profile` /
 *    `shared_credentials_files` / `shared_config_files` are removed: each needs STS or local files.
 * 4. `helm_release` with a remote `repository` (Velero from https://vmware-tanzu.github.io/helm-charts):
 *    the Helm provider downloads the chart at PLAN time ("Error locating chart ... index.yaml: no such
 *    host"). In the copy `repository` is dropped and a stub chart of the same name and version (a
 *    bare Chart.yaml, see {@link writeStubCharts}) is written to `<copy>/<chart>/`, so Helm resolves
 *    the unchanged `chart` value ("velero") to that local folder. `chart`, `version`, `namespace` and
 *    every `set` entry stay as synthesized (what the gate reads); only `repository` is null in the plan.
 *
 * 5. Data sources (the Kubernetes stacks read their Region's cluster and node group; the replication
 *    stack reads the standby stack's state for the OpenSearch connection id): each would call AWS or
 *    read a state bucket at plan time. In the copy every data source gets `depends_on` a new
 *    `terraform_data` resource (Terraform's built-in provider, nothing to download), so Terraform
 *    defers the read to apply and plans with unknown values — what a first deploy of a fresh
 *    environment looks like. Their arguments stay as synthesized.
 *
 * Not needed (checked): the Helm provider's `kubernetes` block (host/CA from the cluster data
 * source, `exec` = `aws eks get-token`) is left alone: with the reads deferred those values are
 * unknown at plan time and the provider never contacts a cluster nor runs `aws`.
 * The Lambda loader's asset (`assets/.../archive.zip`, read by `filebase64sha256(...)`) needs no
 * workaround: the harness copies the whole stack folder, assets included.
 *
 * Not plannable offline: `kubernetes_manifest` (the failover Velero Restore) needs the cluster's API
 * at plan time to read the object's schema; {@link needsClusterAtPlan} tells the caller to skip it.
 */
export function offlinePlanTransform(config: StackConfig): StubChart[] {
  const providers = config.provider ?? {};
  for (const aws of asList(providers.aws)) {
    for (const key of [
      'allowed_account_ids',
      'forbidden_account_ids',
      'assume_role',
      'assume_role_with_web_identity',
      'profile',
      'shared_credentials_files',
      'shared_config_files',
    ]) {
      delete aws[key];
    }
    Object.assign(aws, {
      access_key: PLACEHOLDER_ACCESS_KEY,
      secret_key: PLACEHOLDER_SECRET_KEY,
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
      skip_metadata_api_check: 'true',
      skip_region_validation: true,
    });
  }
  deferDataSources(config);
  const stubs: StubChart[] = [];
  for (const release of Object.values(config.resource?.helm_release ?? {})) {
    if (typeof release.repository !== 'string' || !/^(https?|oci):\/\//.test(release.repository)) continue;
    if (typeof release.chart !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(release.chart)) continue;
    stubs.push({ name: release.chart, version: typeof release.version === 'string' ? release.version : '0.0.0' });
    delete release.repository;
  }
  return stubs;
}

/** Name of the resource every data source of an offline plan waits for (see workaround 5). */
export const DEFER_READS_RESOURCE = 'offline_plan_defer_reads';

function deferDataSources(config: StackConfig): void {
  const reads = Object.values(config.data ?? {}).flatMap((byName) => Object.values(byName));
  if (reads.length === 0) return;
  config.resource = config.resource ?? {};
  config.resource.terraform_data = { ...config.resource.terraform_data, [DEFER_READS_RESOURCE]: {} };
  for (const read of reads) read.depends_on = [...((read.depends_on as string[] | undefined) ?? []), `terraform_data.${DEFER_READS_RESOURCE}`];
}

/**
 * Why a stack cannot be planned offline, or undefined: `kubernetes_manifest` reads the object's
 * schema from the cluster's API at plan time, and there is no cluster here.
 */
export function needsClusterAtPlan(config: StackConfig): string | undefined {
  const manifests = Object.keys(config.resource?.kubernetes_manifest ?? {});
  if (manifests.length === 0) return undefined;
  return `kubernetes_manifest (${manifests.join(', ')}) reads its schema from the cluster API at plan time`;
}

/** A local stand-in for a remote chart: same name and version, no templates. */
export interface StubChart {
  readonly name: string;
  readonly version: string;
}

/** Writes `<dir>/<chart>/Chart.yaml` so Helm resolves the chart name to a local folder. */
export function writeStubCharts(dir: string, stubs: readonly StubChart[]): void {
  for (const { name, version } of stubs) {
    const chartDir = path.join(dir, name);
    fs.mkdirSync(chartDir, { recursive: true });
    fs.writeFileSync(
      path.join(chartDir, 'Chart.yaml'),
      `apiVersion: v2\nname: ${name}\nversion: ${version}\ndescription: offline-plan stand-in; the real chart is fetched at deploy time\n`,
    );
  }
}

function asList(value: unknown): JsonBlock[] {
  if (Array.isArray(value)) return value as JsonBlock[];
  return value && typeof value === 'object' ? [value as JsonBlock] : [];
}

/** Stack names of a synthesized app folder (`cdktf.out`), in the manifest's order. */
export function stacksOf(outdir: string): { name: string; dir: string }[] {
  const manifestPath = path.join(outdir, 'manifest.json');
  if (!fs.existsSync(manifestPath)) throw new Error(`${manifestPath} does not exist: synthesize first (npm run synth)`);
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as {
    stacks: Record<string, { workingDirectory?: string; synthesizedStackPath: string }>;
  };
  return Object.entries(manifest.stacks).map(([name, entry]) => ({
    name,
    dir: path.join(outdir, path.dirname(entry.synthesizedStackPath)),
  }));
}

/** Plans one synthesized stack folder offline and writes `<outDir>/<stack>.json`. */
export async function planStack(stack: string, stackDir: string, outDir: string, options: PlanOptions = {}): Promise<StackPlan> {
  let stubs: StubChart[] = [];
  const work = prepareStackDir(stackDir, {
    backend: 'local',
    transform: (config) => {
      stubs = offlinePlanTransform(config);
      options.transform?.(config, stack);
    },
  });
  try {
    writeStubCharts(work, stubs);
    // One init per provider set in this process (the local backend keeps state in the copy itself).
    await reuseInit(work);
    const planFile = path.join(work, 'offline.tfplan');
    const plan = await runTerraform(work, ['plan', '-input=false', '-no-color', '-lock=false', '-refresh=false', `-out=${planFile}`]);
    if (plan.code !== 0) throw new Error(`terraform plan failed for ${stack} (${work}):\n${plan.stderr || plan.stdout}`);
    const show = await runTerraform(work, ['show', '-json', '-no-color', planFile]);
    if (show.code !== 0) throw new Error(`terraform show failed for ${stack}:\n${show.stderr || show.stdout}`);
    const doc = JSON.parse(show.stdout) as { resource_changes?: unknown[] };
    fs.mkdirSync(outDir, { recursive: true });
    const planJson = path.join(outDir, `${stack}.json`);
    fs.writeFileSync(planJson, `${JSON.stringify(doc, null, 2)}\n`);
    return { stack, planJson, resourceChanges: doc.resource_changes?.length ?? 0 };
  } finally {
    if (!options.keepWorkDir) fs.rmSync(work, { recursive: true, force: true });
  }
}

/** A stack left out of the offline plans, and why. */
export interface SkippedStack {
  readonly stack: string;
  readonly reason: string;
}

/**
 * Plans every stack of a synthesized app folder that can be planned offline, one after the other
 * (Terraform is CPU-hungry); the others are returned as skipped, with the reason.
 */
export async function planApp(outdir: string, outDir: string, options: PlanOptions = {}): Promise<{ plans: StackPlan[]; skipped: SkippedStack[] }> {
  const plans: StackPlan[] = [];
  const skipped: SkippedStack[] = [];
  for (const { name, dir } of stacksOf(outdir)) {
    const config = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')) as StackConfig;
    const reason = needsClusterAtPlan(config);
    if (reason) skipped.push({ stack: name, reason });
    else plans.push(await planStack(name, dir, outDir, options));
  }
  return { plans, skipped };
}

/** A fresh temp folder for a synthesized app. */
export function tempOutdir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
