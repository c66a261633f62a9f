import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import {
  CloudBackend,
  DataTerraformRemoteState,
  DataTerraformRemoteStateS3,
  NamedCloudWorkspace,
  S3Backend,
  TerraformOutput,
  TerraformRemoteState,
  TerraformStack,
} from 'cdktf';
import { Construct } from 'constructs';
import { EnvironmentConfig, FAILBACK_SUFFIX, Role } from '../environments';
import { AlarmTarget, AlertTopic, ROUTE53_METRICS_REGION, alertTopicName } from '../modules/alarms';
import { Naming } from '../naming';
// Side effect: cdktf's `terraform version` checks run once per process, not once per stack.
import './terraform-version-check';

/**
 * Which stack of an environment: one AWS stack per Region, one Kubernetes stack per Region (Helm
 * releases and manifests, applied after its Region's cluster and node group exist), and the links
 * deployed last in the primary Region.
 */
export type StackKind = Role | KubernetesStackKind | 'replication';

/** The Kubernetes stack of a Region: everything that talks to that Region's cluster API. */
export type KubernetesStackKind = `${Role}-k8s`;

/** Region role of a stack kind: the replication stack runs in the primary Region. */
export function regionRoleOf(kind: StackKind): Role {
  return kind === 'standby' || kind === 'standby-k8s' ? 'standby' : 'primary';
}

/** True for the per-Region Kubernetes stacks. */
export function isKubernetesKind(kind: StackKind): kind is KubernetesStackKind {
  return kind === 'primary-k8s' || kind === 'standby-k8s';
}

export interface WarmStandbyStackProps {
  readonly env: EnvironmentConfig;
  readonly kind: StackKind;
  /** Synthesize the state after losing the primary Region (see README, Failover). */
  readonly failover: boolean;
}

/** Name of the output that tells the policy gate which environment, role and Region a stack is. */
export const STACK_METADATA_OUTPUT = 'warm_standby_stack';

/**
 * Base of every stack: one AWS provider in the stack's Region, state in that same Region, and a
 * metadata output the policy gate reads (it is visible in synthesized JSON and in plan JSON alike).
 */
/** `required_version` of every stack (ephemeral resources: 1.10; write-only arguments: 1.11). */
export const TERRAFORM_REQUIRED_VERSION = '>= 1.11.0';

/**
 * Account guard of every AWS provider: `allowed_account_ids`, checked against the account one STS
 * GetCallerIdentity call returns, in the stack's own Region. With credential validation on (the
 * default), aws-sdk-go-base `GetAwsAccountIDAndPartition` takes the account from that call alone;
 * only `skip_credentials_validation = true` makes it try iam:GetUser first (IAM: a global control
 * plane, retried `max_retries` times when unreachable), and `skip_requesting_account_id = true`
 * leaves the account empty, which `allowed_account_ids` then refuses (`VerifyAccountIDAllowed`).
 * So neither skip is set, and `sts_region` pins the call to `homeRegion` (an aliased provider for
 * another Region, such as us-east-1, would otherwise ask that Region's STS). WS-FO-007 keeps it so.
 */
export function accountGuard(accountId: string, homeRegion: string): { allowedAccountIds: string[]; stsRegion: string } {
  return { allowedAccountIds: [accountId], stsRegion: homeRegion };
}

export abstract class WarmStandbyStack extends TerraformStack {
  readonly env: EnvironmentConfig;
  readonly naming: Naming;
  readonly kind: StackKind;
  readonly region: string;
  readonly failover: boolean;
  /** Remote-state reads made so far, one per stack read (see remoteStateOf). */
  private readonly remoteStates = new Map<StackKind, TerraformRemoteState>();
  /** The us-east-1 provider and alert topic of Route 53 alarms, created on first use (see route53AlarmTarget). */
  private route53Alarms?: AlarmTarget;

  constructor(scope: Construct, props: WarmStandbyStackProps) {
    const naming = new Naming(props.env);
    super(scope, naming.stackName(props.kind));
    this.env = props.env;
    this.naming = naming;
    this.kind = props.kind;
    this.failover = props.failover;
    this.region = regionRoleOf(props.kind) === 'standby' ? props.env.standbyRegion : props.env.primaryRegion;

    new AwsProvider(this, 'aws', {
      region: this.region,
      ...accountGuard(props.env.accountId, this.region),
      defaultTags: [{ tags: this.defaultTags() }],
    });
    this.configureBackend();
    // Ephemeral blocks and write-only arguments need Terraform 1.11; older CLIs then stop at init with
    // a version error instead of a parse error.
    this.addOverride('terraform.required_version', TERRAFORM_REQUIRED_VERSION);

    const metadata = new TerraformOutput(this, 'StackMetadata', {
      description: 'Environment, role and Region of this stack, read by the warm-standby policy gate',
      value: {
        environment: props.env.name,
        // What WARM_STANDBY_ENV selects this synth with: `<name>-failback` for the environment with the
        // Regions swapped, which keeps the name (the runbook written from it must synthesize it again).
        environment_selector: props.env.failback ? `${props.env.name}${FAILBACK_SUFFIX}` : props.env.name,
        stack: naming.stackName(props.kind),
        // A Kubernetes stack stands for its Region's role; `layer` tells it apart from the AWS stack.
        role: isKubernetesKind(props.kind) ? regionRoleOf(props.kind) : props.kind,
        layer: isKubernetesKind(props.kind) ? 'kubernetes' : 'aws',
        region: this.region,
        peer_region: this.region === props.env.primaryRegion ? props.env.standbyRegion : props.env.primaryRegion,
        failover: props.failover,
        objectives: { rpo_seconds: props.env.objectives.rpoSeconds, rto_seconds: props.env.objectives.rtoSeconds },
        // What the standby must reach on failover; lets the gate check a standby stack on its own.
        primary_desired_nodes: props.env.eks.primary.desiredNodes,
        // Whether the environment runs its database Multi-AZ; a promoted replica must follow (WS-RDS-005).
        db_multi_az: props.env.rds.multiAz,
        // How long the environment keeps audit logs (logging.retentionDays, 0 = never expire); the gate
        // holds the OpenSearch and Redshift audit log groups to it (WS-OS-008, WS-FEED-009).
        audit_log_retention_days: props.env.logging.retentionDays,
        // Region whose prefix the Global Datastore id carries (WS-CACHE-003): where it was created, the
        // live primary Region also for the environment with the Regions swapped (failback).
        global_datastore_region: props.env.failback?.originalPrimaryRegion ?? props.env.primaryRegion,
      },
    });
    metadata.overrideLogicalId(STACK_METADATA_OUTPUT);
  }

  /** Role of this stack's Region (the replication stack runs in the primary Region). */
  get regionRole(): Role {
    return regionRoleOf(this.kind);
  }

  /**
   * Reads the outputs of another stack of this environment from its own state (an explicit
   * `terraform_remote_state`, not cdktf's automatic cross-stack references, so every such read is
   * visible here and in the gate). Only for reads that cannot break failover: never from the standby
   * Region's stacks into the primary Region (WS-STATE-003). On HCP Terraform the read workspace must
   * share its state with this one (workspace setting "Remote state sharing").
   */
  protected remoteStateOf(kind: StackKind): TerraformRemoteState {
    const backend = this.env.backend;
    const region = regionRoleOf(kind) === 'standby' ? this.env.standbyRegion : this.env.primaryRegion;
    const existing = this.remoteStates.get(kind);
    if (existing) return existing;
    const id = `RemoteState-${this.naming.stackName(kind)}`;
    const state =
      backend.kind === 's3'
        ? new DataTerraformRemoteStateS3(this, id, { bucket: `${backend.bucketPrefix}-${region}`, key: this.naming.stateKey(kind), region })
        : new DataTerraformRemoteState(this, id, {
            organization: backend.organization,
            hostname: backend.hostname,
            workspaces: { name: `${backend.workspacePrefix}-${this.naming.stackName(kind)}` },
          });
    this.remoteStates.set(kind, state);
    return state;
  }

  /**
   * Where an alarm on a Route 53 health check goes: Route 53 publishes HealthCheckStatus in us-east-1
   * only, so from a stack in another Region the alarm and an alert topic of its own (with its own key)
   * go through an aliased us-east-1 provider, created once. In us-east-1 itself, `local` (the Region's
   * alert topic) is used.
   */
  protected route53AlarmTarget(local: AlarmTarget): AlarmTarget {
    if (this.region === ROUTE53_METRICS_REGION) return local;
    if (this.route53Alarms) return this.route53Alarms;
    const provider = new AwsProvider(this, 'aws-us-east-1', {
      alias: 'us_east_1',
      region: ROUTE53_METRICS_REGION,
      // The account lookup stays in this stack's Region, not us-east-1.
      ...accountGuard(this.env.accountId, this.region),
      defaultTags: [{ tags: this.defaultTags() }],
    });
    const topic = new AlertTopic(this, 'HealthCheckAlertTopic', {
      topicName: alertTopicName(`${this.naming.prefix(this.regionRole)}-dns`),
      region: ROUTE53_METRICS_REGION,
      accountId: this.env.accountId,
      emailEndpoints: this.env.alerts.email,
      externalSubscriber: this.env.alerts.externalSubscriber,
      provider,
    });
    this.route53Alarms = { region: ROUTE53_METRICS_REGION, alarmTopic: topic.ref, provider };
    return this.route53Alarms;
  }

  private defaultTags(): Record<string, string> {
    return {
      ...this.env.tags,
      'warm-standby/environment': this.env.name,
      'warm-standby/role': this.kind,
      ManagedBy: 'cdktf',
    };
  }

  private configureBackend(): void {
    const backend = this.env.backend;
    if (backend.kind === 's3') {
      new S3Backend(this, {
        bucket: `${backend.bucketPrefix}-${this.region}`,
        key: this.naming.stateKey(this.kind),
        region: this.region,
        // S3 native locking unless an existing lock table is named (DynamoDB locking is deprecated since Terraform 1.11).
        ...(backend.lockTable === undefined ? { useLockfile: true } : { dynamodbTable: backend.lockTable }),
        encrypt: true,
      });
    } else {
      new CloudBackend(this, {
        organization: backend.organization,
        hostname: backend.hostname,
        workspaces: new NamedCloudWorkspace(`${backend.workspacePrefix}-${this.naming.stackName(this.kind)}`),
      });
    }
  }
}
