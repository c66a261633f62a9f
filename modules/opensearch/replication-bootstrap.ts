import * as path from 'path';
import { Construct } from 'constructs';
import { AssetType, Fn, ITerraformDependable, TerraformAsset } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaInvocation } from '@cdktf/provider-aws/lib/lambda-invocation';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import {
  Component,
  LAMBDA_TRUST_POLICY,
  arnPartition,
  auditLogTags,
  componentTags,
  isUnresolved,
  lambdaVpcAccessPolicyArn,
  requireLogRetention,
  requireProp,
  validatedConstruct,
} from '../core';
import { LAMBDA_NODEJS_RUNTIME, bundleHandler } from '../redshift-feed/bundle';
import { CrossClusterConnection } from './cross-cluster-connection';
import { OpenSearchDomain } from './domain';
import type { BootstrapEvent, StopReplicationConfig } from './handler';
import { SearchPrincipalsRef, searchBootstrapRoleName } from './search-principals';
import { sourceDir } from '../../common/source';

/** Environment variable of the follower's stop configuration (same as the handler's `STOP_REPLICATION_ENV`). */
export const STOP_REPLICATION_ENV = 'WARM_STANDBY_STOP_REPLICATION';

// The handler source, also when this module runs compiled from dist/ (esbuild bundles the TypeScript).
const HANDLER_ENTRY = path.join(sourceDir(__dirname), 'handler', 'index.ts');

/** Security plugin roles of each side of cross-cluster replication (predefined by the plugin). */
export const REPLICATION_SECURITY_ROLES = {
  leader: 'cross_cluster_replication_leader_full_access',
  follower: 'cross_cluster_replication_follower_full_access',
} as const;

/** Value of the invocation's `bootstrap` trigger; the policy gate (WS-OS-003/004) matches on it. */
export const REPLICATION_BOOTSTRAP_TRIGGER = 'opensearch-replication';

export interface ReplicationBootstrapProps {
  /** The domain to bootstrap, in this stack. */
  readonly domain: OpenSearchDomain;
  /** The shared principals; `adminRoleArn` must be the domain's master user. */
  readonly principals: SearchPrincipalsRef;
  /**
   * The follower's outbound connection to the leader. Required for a follower (the function waits for
   * it to be ACTIVE and creates the autofollow rule), not allowed for a leader.
   * @default - none (leader)
   */
  readonly connection?: CrossClusterConnection;
  /**
   * A follower after failover: its connection to the lost leader is no longer managed, so nothing is
   * invoked and the function stays (same name and configuration) for its `stopReplication` action.
   * The alias the connection had names the autofollow rule to delete. Exclusive with `connection`.
   * @default - none
   */
  readonly failoverConnectionAlias?: string;
  /** Private subnets for the function (it reaches the domain's VPC endpoint, STS and the OpenSearch API through NAT). */
  readonly subnetIds: string[];
  /** VPC of the subnets and the domain. */
  readonly vpcId: string;
  /**
   * Security group of the domain, which gets an HTTPS ingress rule from the function's group.
   * @default - the domain's own security group (`domain.securityGroup`)
   */
  readonly domainSecurityGroupId?: string;
  /**
   * Name of the autofollow rule (follower only).
   * @default - `<connection alias>-all`
   */
  readonly autofollowRuleName?: string;
  /**
   * Leader index pattern the rule replicates (follower only).
   * @default '*'
   */
  readonly autofollowPattern?: string;
  /**
   * Retention of the function's log group, a CloudWatch Logs retention (0 = never expire). The group
   * is audit class (`warm-standby/log-class=audit`, WS-LOG-001): the function maps security roles and
   * changes the security plugin's audit configuration as the master user (PCI DSS 10.2.1.5, 10.5.1).
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Invoke the function from this stack. A follower's invocation waits for its connection to be
   * ACTIVE, which needs the leader's Region to accept it first: when that happens in a stack deployed
   * later, pass `false` and invoke from there with {@link ReplicationBootstrap.event} and
   * {@link ReplicationBootstrap.triggers} (see `stacks/replication-stack.ts`).
   * @default true
   */
  readonly invoke?: boolean;
  /**
   * IAM policies that let the principals send `es:ESHttp*` to this domain (e.g. `SearchPrincipals.httpPolicies`)
   * when they are created in the same stack: the invocation depends on them, so the first apply does not
   * call the domain before it may (rule WS-OS-006).
   * @default - none (the policies live in a stack deployed earlier)
   */
  readonly principalPolicies?: readonly ITerraformDependable[];
}

/** What the triggers of a bootstrap invocation carry: literal values the policy gate reads, and the code hash. */
export interface BootstrapTriggerProps {
  readonly domainName: string;
  readonly domainRole: 'leader' | 'follower';
  readonly principals: SearchPrincipalsRef;
  /** Follower only. */
  readonly autofollow?: { readonly connectionAlias: string; readonly ruleName: string; readonly pattern: string };
  readonly codeSha256: string;
}

/**
 * Triggers of a bootstrap `aws_lambda_invocation`: any change re-invokes the function, and the policy
 * gate (WS-OS-003/004) finds the bootstrap of each domain by them.
 */
export function bootstrapTriggers(props: BootstrapTriggerProps): Record<string, string> {
  return {
    bootstrap: REPLICATION_BOOTSTRAP_TRIGGER,
    domain_name: props.domainName,
    domain_role: props.domainRole,
    master_user_arn: props.principals.adminRoleArn,
    replication_principal_arn: props.principals.replicationRoleArn,
    security_role: props.domainRole === 'follower' ? REPLICATION_SECURITY_ROLES.follower : REPLICATION_SECURITY_ROLES.leader,
    ...(props.autofollow
      ? { connection_alias: props.autofollow.connectionAlias, autofollow_rule: props.autofollow.ruleName, autofollow_pattern: props.autofollow.pattern }
      : {}),
    code_sha256: props.codeSha256,
  };
}

/**
 * Runs the post-deploy steps of cross-cluster replication on one domain, on every apply whose
 * configuration changed: a Lambda function in the domain's VPC (private subnets; its security group
 * is allowed by the domain's on 443) invoked by an `aws_lambda_invocation` whose input and triggers
 * carry the whole configuration (and the code hash), so a change re-runs it. It also switches the
 * security plugin's audit logging on, the second half of the domain's audit logs.
 *
 * How it gets past fine-grained access control: the function's own role can do nothing on the
 * domain's security API, so it assumes the shared master user role (`principals.adminRoleArn`, the
 * domain's `master_user_arn`: OpenSearch maps it to all_access and security_manager) to map the
 * replication principal, and assumes the replication principal to create the autofollow rule (the
 * rule's tasks then run as that user, which both domains map). Each session is narrowed by a session
 * policy to `es:ESHttp*` on this domain.
 *
 * The function's role: AWSLambdaVPCAccessExecutionRole (ENIs, logs), `es:ESHttp*` on this domain,
 * `sts:AssumeRole` on the two shared roles, and on a follower `es:DescribeOutboundConnections`.
 */
@validatedConstruct
export class ReplicationBootstrap extends Construct {
  /** The bootstrap function. */
  public readonly function: LambdaFunction;
  /** The invocation that runs it on every configuration change (absent when `invoke` is false). */
  public readonly invocation?: LambdaInvocation;
  /** The function's input (JSON-serializable; holds references to this stack's domain and connection). */
  public readonly event: BootstrapEvent;
  /** Triggers for an invocation of the function (see {@link bootstrapTriggers}). */
  public readonly triggers: Record<string, string>;
  /** The function's security group. */
  public readonly securityGroup: SecurityGroup;
  /** The function's role: the principal the shared search roles trust (`searchBootstrapRoleArn`). */
  public readonly role: IamRole;
  /** Name of the autofollow rule (follower), or undefined (leader). */
  public readonly autofollowRuleName?: string;

  constructor(scope: Construct, id: string, props: ReplicationBootstrapProps) {
    super(scope, id);
    const { domain, principals, connection } = props;
    const isFollower = domain.role === 'follower';
    const failover = props.failoverConnectionAlias !== undefined;
    requireProp(
      !isFollower || connection !== undefined || failover,
      'connection',
      connection?.connectionAlias,
      'is required for a follower domain (the autofollow rule needs it), unless failoverConnectionAlias is given',
    );
    requireProp(isFollower || connection === undefined, 'connection', connection?.connectionAlias, 'applies only to a follower domain');
    requireProp(
      !failover || (isFollower && connection === undefined),
      'failoverConnectionAlias',
      props.failoverConnectionAlias,
      'applies only to a follower domain without a connection (after failover)',
    );
    requireProp(
      isUnresolved(domain.masterUserArn) || domain.masterUserArn === principals.adminRoleArn,
      'principals.adminRoleArn',
      principals.adminRoleArn,
      `must be the domain's master user ${domain.masterUserArn}: only the master user may map roles`,
    );
    requireProp(
      principals.adminRoleArn !== principals.replicationRoleArn,
      'principals.replicationRoleArn',
      principals.replicationRoleArn,
      'must differ from the master user (the replication principal gets only the replication roles)',
    );
    const domainSecurityGroupId = props.domainSecurityGroupId ?? domain.securityGroup?.id;
    requireProp(
      domainSecurityGroupId !== undefined,
      'domainSecurityGroupId',
      props.domainSecurityGroupId,
      'is required when the domain was given its own securityGroupIds',
    );
    requireProp(isUnresolved(props.subnetIds) || props.subnetIds.length > 0, 'subnetIds', props.subnetIds, 'must not be empty');
    const logRetentionDays = props.logRetentionDays ?? 365;
    requireLogRetention('logRetentionDays', logRetentionDays);
    const pattern = props.autofollowPattern ?? '*';
    requireProp(pattern.length > 0, 'autofollowPattern', pattern, 'must not be empty');
    const connectionAlias = connection?.connectionAlias ?? props.failoverConnectionAlias;
    this.autofollowRuleName = connectionAlias !== undefined ? (props.autofollowRuleName ?? `${connectionAlias}-all`) : undefined;
    if (this.autofollowRuleName !== undefined) {
      requireProp(
        /^[a-zA-Z0-9_.-]{1,255}$/.test(this.autofollowRuleName),
        'autofollowRuleName',
        this.autofollowRuleName,
        'must be 1-255 letters, digits, hyphens, underscores or dots',
      );
    }

    const partition = arnPartition(domain.region);
    const name = searchBootstrapRoleName(domain.domainName);
    const tags = componentTags(Component.APP_SEARCH);
    // Who changed the domain's security configuration, when: audit class (WS-LOG-001).
    const logGroup = new CloudwatchLogGroup(this, 'LogGroup', {
      name: `/aws/lambda/${name}`,
      retentionInDays: logRetentionDays,
      tags: auditLogTags(tags),
    });
    const role = (this.role = new IamRole(this, 'Role', {
      // IAM is global; the domain name already carries the Region code.
      name,
      description: `Bootstraps cross-cluster replication on OpenSearch domain ${domain.domainName}`,
      assumeRolePolicy: LAMBDA_TRUST_POLICY,
      tags,
    }));
    const vpcAccess = new IamRolePolicyAttachment(this, 'VpcAccess', {
      role: role.name,
      policyArn: lambdaVpcAccessPolicyArn(partition),
    });
    const statements: object[] = [
      { Sid: 'DomainHttp', Effect: 'Allow', Action: 'es:ESHttp*', Resource: `${domain.domainArn}/*` },
      { Sid: 'AssumeSearchPrincipals', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: [principals.adminRoleArn, principals.replicationRoleArn] },
    ];
    if (isFollower) {
      // DescribeOutboundConnections has no resource-level permissions.
      statements.push({ Sid: 'ConnectionStatus', Effect: 'Allow', Action: 'es:DescribeOutboundConnections', Resource: '*' });
    }
    const policy = new IamRolePolicy(this, 'Policy', {
      role: role.name,
      name: 'replication-bootstrap',
      policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
    });

    // aws_security_group drops AWS's default allow-all egress; HTTPS is the only way out.
    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      name,
      description: `Replication bootstrap of ${domain.domainName}: HTTPS to the domain and AWS APIs`,
      vpcId: props.vpcId,
      tags: { ...tags, Name: name },
    });
    new VpcSecurityGroupEgressRule(this, 'HttpsEgress', {
      securityGroupId: this.securityGroup.id,
      description: 'HTTPS to the domain, STS and the OpenSearch API',
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      cidrIpv4: '0.0.0.0/0',
      tags,
    });
    const domainIngress = new VpcSecurityGroupIngressRule(this, 'DomainIngress', {
      securityGroupId: domainSecurityGroupId!,
      description: `HTTPS from the replication bootstrap ${name}`,
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      referencedSecurityGroupId: this.securityGroup.id,
      tags,
    });

    // The follower's failover action (`{"action":"stopReplication"}`) reads its configuration here, so the
    // runbook's `aws lambda invoke` needs no payload beyond the action. Identical before and after
    // failover: the failover apply leaves the function as it is.
    const stopConfig: StopReplicationConfig | undefined =
      isFollower && connectionAlias !== undefined
        ? {
            domainEndpoint: domain.endpoint,
            domainArn: domain.domainArn,
            region: domain.region,
            adminRoleArn: principals.adminRoleArn,
            connectionAlias,
            ruleName: this.autofollowRuleName!,
          }
        : undefined;
    const code = new TerraformAsset(this, 'Code', { path: bundleHandler(HANDLER_ENTRY).archive, type: AssetType.FILE });
    const sourceCodeHash = Fn.filebase64sha256(code.path);
    this.function = new LambdaFunction(this, 'Function', {
      functionName: name,
      description: `Maps the replication principal${isFollower ? ' and creates the autofollow rule' : ''} on ${domain.domainName}`,
      role: role.arn,
      runtime: LAMBDA_NODEJS_RUNTIME,
      architectures: ['arm64'],
      handler: 'index.handler',
      filename: code.path,
      // The archive is byte-for-byte reproducible (modules/redshift-feed/bundle.ts).
      sourceCodeHash,
      // The follower waits up to 10 minutes for the connection to become ACTIVE.
      timeout: 900,
      memorySize: 256,
      vpcConfig: { subnetIds: props.subnetIds, securityGroupIds: [this.securityGroup.id] },
      environment: stopConfig ? { variables: { [STOP_REPLICATION_ENV]: JSON.stringify(stopConfig) } } : undefined,
      tags,
      dependsOn: [logGroup, vpcAccess, policy],
    });

    const securityRole = isFollower ? REPLICATION_SECURITY_ROLES.follower : REPLICATION_SECURITY_ROLES.leader;
    const event: BootstrapEvent = {
      domainEndpoint: domain.endpoint,
      domainArn: domain.domainArn,
      region: domain.region,
      adminRoleArn: principals.adminRoleArn,
      replicationRoleArn: principals.replicationRoleArn,
      replicationSecurityRole: securityRole,
      autofollow: connection
        ? {
            connectionId: connection.connectionId,
            connectionAlias: connection.connectionAlias,
            ruleName: this.autofollowRuleName!,
            pattern,
            leaderClusterRole: REPLICATION_SECURITY_ROLES.leader,
            followerClusterRole: REPLICATION_SECURITY_ROLES.follower,
          }
        : undefined,
      // The domain publishes AUDIT_LOGS (OpenSearchDomain); the security plugin must also log them.
      auditLogging: true,
    };
    this.event = event;
    this.triggers = bootstrapTriggers({
      domainName: domain.domainName,
      domainRole: domain.role,
      principals,
      autofollow: connection ? { connectionAlias: connection.connectionAlias, ruleName: this.autofollowRuleName!, pattern } : undefined,
      codeSha256: sourceCodeHash,
    });
    if ((props.invoke ?? true) && !failover) {
      this.invocation = new LambdaInvocation(this, 'Invocation', {
        functionName: this.function.functionName,
        input: JSON.stringify(event),
        triggers: this.triggers,
        dependsOn: [domain.domain, domainIngress, ...(props.principalPolicies ?? []), ...(connection ? [connection.connection] : [])],
      });
    }
  }

  /** Name of the function. */
  public get functionName(): string {
    return this.function.functionName;
  }

  /** JSON the function returned (role mapping and autofollow outcome). */
  public get result(): string | undefined {
    return this.invocation?.result;
  }
}
