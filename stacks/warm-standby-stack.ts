import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudBackend, NamedCloudWorkspace, S3Backend, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { EnvironmentConfig, Role } from '../environments';
import { Naming } from './naming';

/** Which stack of an environment: one per Region, plus the links deployed last in the primary Region. */
export type StackKind = Role | 'replication';

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
export abstract class WarmStandbyStack extends TerraformStack {
  readonly env: EnvironmentConfig;
  readonly naming: Naming;
  readonly kind: StackKind;
  readonly region: string;
  readonly failover: boolean;

  constructor(scope: Construct, props: WarmStandbyStackProps) {
    const naming = new Naming(props.env);
    super(scope, naming.stackName(props.kind));
    this.env = props.env;
    this.naming = naming;
    this.kind = props.kind;
    this.failover = props.failover;
    this.region = props.kind === 'standby' ? props.env.standbyRegion : props.env.primaryRegion;

    new AwsProvider(this, 'aws', {
      region: this.region,
      allowedAccountIds: [props.env.accountId],
      defaultTags: [{
        tags: {
          ...props.env.tags,
          'warm-standby/environment': props.env.name,
          'warm-standby/role': props.kind,
          ManagedBy: 'cdktf',
        },
      }],
    });
    this.configureBackend();

    const metadata = new TerraformOutput(this, 'StackMetadata', {
      description: 'Environment, role and Region of this stack, read by the warm-standby policy gate',
      value: {
        environment: props.env.name,
        role: props.kind,
        region: this.region,
        peer_region: this.region === props.env.primaryRegion ? props.env.standbyRegion : props.env.primaryRegion,
        failover: props.failover,
        objectives: { rpo_seconds: props.env.objectives.rpoSeconds, rto_seconds: props.env.objectives.rtoSeconds },
        // What the standby must reach on failover; lets the gate check a standby stack on its own.
        primary_desired_nodes: props.env.eks.primary.desiredNodes,
        // Whether the environment runs its database Multi-AZ; a promoted replica must follow (WS-RDS-005).
        db_multi_az: props.env.rds.multiAz,
      },
    });
    metadata.overrideLogicalId(STACK_METADATA_OUTPUT);
  }

  /** Role of this stack's Region (the replication stack runs in the primary Region). */
  get regionRole(): Role {
    return this.kind === 'standby' ? 'standby' : 'primary';
  }

  private configureBackend(): void {
    const backend = this.env.backend;
    if (backend.kind === 's3') {
      new S3Backend(this, {
        bucket: `${backend.bucketPrefix}-${this.region}`,
        key: this.naming.stateKey(this.kind),
        region: this.region,
        dynamodbTable: backend.lockTable,
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
