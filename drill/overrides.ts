/**
 * Terraform override files (`drill_override.tf.json`) that turn a synthesized stack into one the
 * emulator can apply: a local backend, every `aws` provider (and alias) pointed at the emulator,
 * and `terraform_remote_state` reads pointed at the local state files of the stacks they name.
 * Terraform merges `*_override.tf.json` over the stack's own `cdk.tf.json`, so the synthesized
 * configuration itself is applied unchanged.
 */
import * as fs from 'fs';
import * as path from 'path';
import { EMULATOR_GAPS, EmulatorGap } from './emulator-gaps';

/**
 * AWS provider 5.100.0 endpoint names of the services the stacks call (resources, data sources,
 * ephemeral resources and the provider's own STS call). A service missing here would reach real AWS,
 * so `endpointServices` is checked against the synthesized resource types by the unit test.
 */
export const EMULATED_SERVICES: readonly string[] = [
  'cloudwatch',
  'ec2',
  'eks',
  'elasticache',
  'events',
  'iam',
  'kms',
  'lambda',
  'logs',
  'opensearch',
  'rds',
  'redshift',
  'route53',
  'route53recoverycontrolconfig',
  's3',
  'secretsmanager',
  'sns',
  'sqs',
  'sts',
];

/** Resource type prefix -> endpoint name, for the types whose prefix is not the endpoint name. */
const TYPE_TO_SERVICE: readonly [string, string][] = [
  ['aws_cloudwatch_log_', 'logs'],
  // EventBridge rules and targets keep the CloudWatch Events names but call the `events` endpoint.
  ['aws_cloudwatch_event_', 'events'],
  ['aws_cloudwatch_', 'cloudwatch'],
  ['aws_db_', 'rds'],
  ['aws_vpc', 'ec2'],
  ['aws_subnet', 'ec2'],
  ['aws_eip', 'ec2'],
  ['aws_flow_log', 'ec2'],
  ['aws_internet_gateway', 'ec2'],
  ['aws_nat_gateway', 'ec2'],
  ['aws_route_table', 'ec2'],
  ['aws_route', 'ec2'],
  ['aws_security_group', 'ec2'],
  ['aws_route53recoverycontrolconfig_', 'route53recoverycontrolconfig'],
  ['aws_route53_', 'route53'],
];

/** The endpoint name a resource type calls (`aws_s3_bucket` -> `s3`). */
export function serviceOf(resourceType: string): string {
  for (const [prefix, service] of TYPE_TO_SERVICE) if (resourceType.startsWith(prefix)) return service;
  return resourceType.replace(/^aws_/, '').split('_')[0];
}

/** Where each stack's local state lives and which endpoint each stack's providers call. */
export interface OverrideOptions {
  /** Absolute path of this stack's local state file. */
  readonly statePath: string;
  /** Base URL of the emulator (or the Region-loss proxy) for every provider of this stack. */
  readonly endpoint: string;
  /** Stack name -> absolute local state path, for `terraform_remote_state` reads. */
  readonly stateOf: (stackName: string) => string;
  /**
   * The provider's `max_retries` (default 25). Behind the Region-loss proxy every refused call is a
   * retryable 503; with this override's `skip_credentials_validation` the provider's account lookup
   * tries iam:GetUser before STS, so with IAM refused the default spends minutes in back-off before
   * it falls through to STS (the stacks validate credentials, and ask STS only: `accountGuard`).
   */
  readonly maxRetries?: number;
}

/**
 * Create timeouts shortened for the emulator. AWS provider 5.100.0 waits a fixed 10 minutes before
 * its first look at a new OpenSearch domain (internal/service/opensearch/wait.go,
 * waitForDomainCreation: tfresource.WithDelay(10*time.Minute)); on a timeout it looks once more
 * and succeeds when the domain is no longer processing and has an endpoint, which moto reports at
 * once. Measured: `timeouts { create = "40s" }` -> "Creation complete after 40s".
 */
export const EMULATOR_TIMEOUTS: Readonly<Record<string, Record<string, string>>> = {
  aws_opensearch_domain: { create: '30s' },
};

interface SynthesizedStack {
  resource?: Record<string, Record<string, unknown>>;
  provider?: Record<string, Record<string, unknown>[]>;
  data?: Record<string, Record<string, { backend?: string; config?: Record<string, unknown> }>>;
}

/** The override document for one synthesized stack (pure: the caller writes it). */
export function overrideFor(stack: SynthesizedStack, options: OverrideOptions, gaps: readonly EmulatorGap[] = EMULATOR_GAPS): Record<string, unknown> {
  const endpoints = Object.fromEntries(EMULATED_SERVICES.map((s) => [s, options.endpoint]));
  const aws = (stack.provider?.aws ?? []).map((p) => ({
    ...(p.alias === undefined ? {} : { alias: p.alias }),
    // The emulator has no credential or metadata service; it answers GetCallerIdentity with its
    // default account (123456789012), which the stacks' allowed_account_ids accept.
    skip_credentials_validation: true,
    skip_metadata_api_check: true,
    skip_region_validation: true,
    // Buckets by path: the emulator has no wildcard DNS for virtual-host addressing.
    s3_use_path_style: true,
    ...(options.maxRetries === undefined ? {} : { max_retries: options.maxRetries }),
    endpoints: [endpoints],
  }));
  const out: Record<string, unknown> = {
    terraform: { backend: { local: { path: options.statePath } } },
  };
  if (aws.length) out.provider = { aws };
  const resource: Record<string, Record<string, unknown>> = {};
  for (const [type, timeouts] of Object.entries(EMULATOR_TIMEOUTS)) {
    for (const name of Object.keys(stack.resource?.[type] ?? {})) (resource[type] ??= {})[name] = { timeouts };
  }
  for (const gap of gaps.filter((g) => g.how === 'ignore' && g.ignoreChanges?.length)) {
    for (const [name, body] of Object.entries(stack.resource?.[gap.type] ?? {})) {
      // Terraform merges lifecycle argument by argument: keep the stack's own ignore_changes.
      const own = ((body as { lifecycle?: { ignore_changes?: string[] } }).lifecycle?.ignore_changes ?? []).filter((a) => a !== 'all');
      const entry = ((resource[gap.type] ??= {})[name] ??= {}) as Record<string, unknown>;
      entry.lifecycle = { ignore_changes: [...new Set([...own, ...(gap.ignoreChanges ?? [])])] };
    }
  }
  if (Object.keys(resource).length) out.resource = resource;
  const remote = stack.data?.terraform_remote_state ?? {};
  if (Object.keys(remote).length) {
    const reads: Record<string, unknown> = {};
    for (const [name, block] of Object.entries(remote)) {
      reads[name] = { backend: 'local', config: { path: options.stateOf(stackNameOfState(block.config ?? {}, name)) } };
    }
    out.data = { terraform_remote_state: reads };
  }
  return out;
}

/**
 * The stack a remote-state read names: the data block is `RemoteState-<stack>` (stacks/), whatever
 * the backend; an S3 read's state key (`<env>/<region>/<stack>.tfstate`) is the fallback.
 */
export function stackNameOfState(config: Record<string, unknown>, blockName: string): string {
  if (blockName.startsWith('RemoteState-')) return blockName.slice('RemoteState-'.length);
  if (typeof config.key === 'string') return path.basename(config.key).replace(/\.tfstate$/, '');
  throw new Error(`remote state read "${blockName}": cannot tell which stack it reads (no RemoteState- prefix, no state key)`);
}

/** Writes the override next to the stack's cdk.tf.json; returns its path. */
export function writeOverride(stackDir: string, options: OverrideOptions): string {
  const stack = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')) as SynthesizedStack;
  const file = path.join(stackDir, 'drill_override.tf.json');
  fs.writeFileSync(file, JSON.stringify(overrideFor(stack, options), null, 2) + '\n');
  return file;
}
