import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { OpensearchDomain } from '@cdktf/provider-aws/lib/opensearch-domain';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import {
  CLOUDWATCH_LOG_RETENTION_DAYS,
  Component,
  RegionalRef,
  PrivateDataStoreProps,
  auditLogTags,
  componentTags,
  isUnresolved,
  requireProp,
  validateAccountId,
  validatedConstruct,
} from '../core';
import { arnPartition } from '../core/arn';
import { SearchLogPublishingPolicy, searchAuditLogGroupName } from './log-publishing-policy';
import { parseEngineVersion, supportsCrossClusterReplication } from './private/engine-version';

/** Tag naming the domain's side of cross-cluster replication; the policy gate matches on it. */
export const OPENSEARCH_ROLE_TAG = 'warm-standby/opensearch-role';

/** TLS policy for the domain endpoint: TLS 1.2 minimum. */
const TLS_POLICY = 'Policy-Min-TLS-1-2-2019-07';
const MAX_AVAILABILITY_ZONES = 3;

/** Side of cross-cluster replication: the leader (primary Region) or the follower (standby Region). */
export type OpenSearchRole = 'leader' | 'follower';

/** An OpenSearch domain in another Region, as cross-cluster connections need it. */
export interface OpenSearchDomainRef extends RegionalRef {
  /** AWS account id that owns the domain. */
  readonly ownerId: string;
  /** Name of the domain. */
  readonly domainName: string;
}

/** Parts of a domain reference built from deterministic names. */
export interface OpenSearchDomainRefProps {
  readonly domainName: string;
  readonly region: string;
  /** AWS account id that owns the domain. */
  readonly accountId: string;
  /**
   * ARN partition.
   * @default 'aws'
   */
  readonly partition?: string;
}

/**
 * Builds an {@link OpenSearchDomainRef} from literal names (`arn:aws:es:<region>:<account>:domain/<name>`),
 * so the follower's stack names the leader without reading anything from the primary Region.
 */
export function openSearchDomainRef(props: OpenSearchDomainRefProps): OpenSearchDomainRef {
  const arn = `arn:${props.partition ?? arnPartition(props.region)}:es:${props.region}:${props.accountId}:domain/${props.domainName}`;
  return { arn, id: props.domainName, region: props.region, ownerId: props.accountId, domainName: props.domainName };
}

export interface OpenSearchDomainProps extends PrivateDataStoreProps {
  /** Literal domain name: 3-28 characters, a lower-case letter then lower-case letters, digits, hyphens. */
  readonly domainName: string;
  /**
   * `OpenSearch_X.Y` or `Elasticsearch_X.Y`, at least OpenSearch_1.1 / Elasticsearch_7.10
   * (cross-cluster replication). Use the same version on the leader and the follower.
   */
  readonly engineVersion: string;
  /** Data node instance type, e.g. `r6g.large.search`. */
  readonly instanceType: string;
  /** Number of data nodes (>= 1). With 2 or more, zone awareness spans min(instanceCount, 3) AZs. */
  readonly instanceCount: number;
  /** EBS (gp3) volume size per data node, in GiB (>= 10). */
  readonly volumeSizeGiB: number;
  /**
   * Private subnets in distinct AZs. The domain uses the first N, where N is the number of AZs
   * (1 without zone awareness, else min(instanceCount, 3)); at least N must be given.
   */
  readonly subnetIds: readonly string[];
  /**
   * Security groups for the domain's network interfaces (not allowed together with `allowedCidrs`).
   * @default - a new security group allowing HTTPS (443) from `allowedCidrs`
   */
  readonly securityGroupIds?: string[];
  /** AWS account id of the domain's owner (the connection's `owner_id`, and the access policy). */
  readonly accountId: string;
  /**
   * IAM principal ARN that becomes the fine-grained access control master user. Fine-grained
   * access control is always on: cross-cluster replication requires it.
   */
  readonly masterUserArn: string;
  /** `leader` in the primary Region, `follower` in the standby Region. */
  readonly role: OpenSearchRole;
  /**
   * Days CloudWatch Logs keeps the domain's audit logs: a CloudWatch Logs retention, 0 = never expire.
   * @default 365
   */
  readonly auditLogRetentionDays?: number;
  /**
   * The Region's resource policy that lets OpenSearch Service write to the audit log group; it must
   * list this domain. Pass one shared policy for all domains of a Region (at most 10 per Region).
   * @default - a policy of the domain's own, named `<domainName>-audit-logs`
   */
  readonly auditLogPolicy?: SearchLogPublishingPolicy;
}

/**
 * An OpenSearch Service domain for cross-cluster replication: in a VPC, encrypted at rest with a
 * key in its own Region, node-to-node encrypted, HTTPS with TLS 1.2+, fine-grained access control
 * with an IAM master user, gp3 storage, zone aware when it has two or more nodes.
 *
 * The access policy allows HTTP access to principals of the owning account (fine-grained access
 * control then authorizes each request); a leader also allows `es:ESCrossClusterGet`, which the
 * follower's connection needs.
 *
 * Audit logs (PCI DSS 10.2) are published to a CloudWatch Logs group of the domain's own
 * ({@link searchAuditLogGroupName}, kept `auditLogRetentionDays`). Publishing is only the first half:
 * the security plugin's audit logging must also be switched on, which `ReplicationBootstrap` does.
 */
@validatedConstruct
export class OpenSearchDomain extends Construct {
  /** The underlying aws_opensearch_domain. */
  public readonly domain: OpensearchDomain;
  /** The security group created for the domain, if `securityGroupIds` was not given. */
  public readonly securityGroup?: SecurityGroup;
  /** Side of cross-cluster replication. */
  public readonly role: OpenSearchRole;
  /** The CloudWatch Logs group the domain publishes its audit logs to. */
  public readonly auditLogGroup: CloudwatchLogGroup;
  private readonly props: OpenSearchDomainProps;

  constructor(scope: Construct, id: string, props: OpenSearchDomainProps) {
    super(scope, id);
    validate(props);
    this.props = props;
    this.role = props.role;

    const zoneAware = props.instanceCount >= 2;
    const azCount = zoneAware ? Math.min(props.instanceCount, MAX_AVAILABILITY_ZONES) : 1;
    requireProp(
      isUnresolved(props.subnetIds) || props.subnetIds.length >= azCount,
      'subnetIds',
      props.subnetIds,
      `must list at least ${azCount} subnet(s), one per Availability Zone the domain uses`,
    );
    const subnetIds = isUnresolved(props.subnetIds) ? [...props.subnetIds] : props.subnetIds.slice(0, azCount);

    let securityGroupIds = props.securityGroupIds;
    if (!securityGroupIds) {
      const securityGroup = new SecurityGroup(this, 'SecurityGroup', {
        name: `${props.domainName}-opensearch`,
        description: `OpenSearch domain ${props.domainName}: HTTPS from allowed CIDRs`,
        vpcId: props.vpcId,
        tags: { ...(props.tags ?? {}), Name: `${props.domainName}-opensearch` },
      });
      (props.allowedCidrs ?? []).forEach((cidr, index) => {
        new VpcSecurityGroupIngressRule(this, `HttpsIngress${index}`, {
          securityGroupId: securityGroup.id,
          description: `HTTPS from ${cidr}`,
          ipProtocol: 'tcp',
          fromPort: 443,
          toPort: 443,
          cidrIpv4: cidr,
        });
      });
      this.securityGroup = securityGroup;
      securityGroupIds = [securityGroup.id];
    }

    const domainArn = openSearchDomainRef({ domainName: props.domainName, region: props.region, accountId: props.accountId }).arn;
    const statements: object[] = [
      {
        Sid: 'AccountAccess',
        Effect: 'Allow',
        Principal: { AWS: `arn:${arnPartition(props.region)}:iam::${props.accountId}:root` },
        Action: 'es:ESHttp*',
        Resource: `${domainArn}/*`,
      },
    ];
    if (props.role === 'leader') {
      // `Principal *` as AWS documents it ("Cross-cluster replication", Permissions requirements): the
      // request comes from the OpenSearch service for the follower domain, not from an IAM principal that
      // could be named, and no condition key for it is documented. It allows only es:ESCrossClusterGet on
      // the domain itself (no sub-resource, so no data API), and only through a connection the leader's
      // owner accepted (InboundConnectionAccepter in the replication stack).
      statements.push({ Sid: 'CrossClusterReplication', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'es:ESCrossClusterGet', Resource: domainArn });
    }

    const auditLogPolicy =
      props.auditLogPolicy ??
      new SearchLogPublishingPolicy(this, 'AuditLogPolicy', {
        policyName: `${props.domainName}-audit-logs`,
        region: props.region,
        accountId: props.accountId,
        domainNames: [props.domainName],
      });
    this.auditLogGroup = new CloudwatchLogGroup(this, 'AuditLogGroup', {
      name: searchAuditLogGroupName(props.domainName),
      retentionInDays: props.auditLogRetentionDays ?? 365,
      tags: auditLogTags(props.tags),
    });

    this.domain = new OpensearchDomain(this, 'Domain', {
      domainName: props.domainName,
      engineVersion: props.engineVersion,
      clusterConfig: {
        instanceType: props.instanceType,
        instanceCount: props.instanceCount,
        zoneAwarenessEnabled: zoneAware,
        zoneAwarenessConfig: zoneAware ? { availabilityZoneCount: azCount } : undefined,
      },
      ebsOptions: { ebsEnabled: true, volumeType: 'gp3', volumeSize: props.volumeSizeGiB },
      encryptAtRest: { enabled: true, kmsKeyId: props.kmsKey.arn },
      nodeToNodeEncryption: { enabled: true },
      domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: TLS_POLICY },
      vpcOptions: { subnetIds, securityGroupIds },
      advancedSecurityOptions: {
        enabled: true,
        anonymousAuthEnabled: false,
        internalUserDatabaseEnabled: false,
        masterUserOptions: { masterUserArn: props.masterUserArn },
      },
      accessPolicies: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
      logPublishingOptions: [{ logType: 'AUDIT_LOGS', cloudwatchLogGroupArn: this.auditLogGroup.arn, enabled: true }],
      tags: componentTags(Component.APP_SEARCH, { ...(props.tags ?? {}), [OPENSEARCH_ROLE_TAG]: props.role }),
      // OpenSearch checks the group's resource policy on create and refuses (ValidationException) until it admits the service.
      dependsOn: [auditLogPolicy.policy],
    });
  }

  /** The literal domain name. */
  public get domainName(): string {
    return this.props.domainName;
  }

  /** ARN of the domain (a reference to the resource). */
  public get domainArn(): string {
    return this.domain.arn;
  }

  /** VPC endpoint of the domain (hostname, no scheme). */
  public get endpoint(): string {
    return this.domain.endpoint;
  }

  /** The engine version, e.g. `OpenSearch_2.17`. */
  public get engineVersion(): string {
    return this.props.engineVersion;
  }

  /** IAM principal ARN of the fine-grained access control master user. */
  public get masterUserArn(): string {
    return this.props.masterUserArn;
  }

  /** Region of the domain. */
  public get region(): string {
    return this.props.region;
  }

  /** AWS account id that owns the domain. */
  public get ownerId(): string {
    return this.props.accountId;
  }

  /**
   * Reference for other constructs: `arn` is the resource's ARN (so same-stack users depend on
   * the domain), `id`/`domainName` the literal name. The other Region builds its reference with
   * {@link openSearchDomainRef} instead.
   */
  public get ref(): OpenSearchDomainRef {
    return { arn: this.domain.arn, id: this.props.domainName, region: this.props.region, ownerId: this.props.accountId, domainName: this.props.domainName };
  }
}

function validate(props: OpenSearchDomainProps): void {
  requireProp(
    props.domainName.length >= 3 && props.domainName.length <= 28 && /^[a-z][a-z0-9-]*$/.test(props.domainName),
    'domainName',
    props.domainName,
    'must be 3-28 characters: a lower-case letter, then lower-case letters, digits or hyphens',
  );
  if (!isUnresolved(props.engineVersion)) {
    const version = parseEngineVersion(props.engineVersion);
    requireProp(version !== undefined, 'engineVersion', props.engineVersion, 'must look like OpenSearch_X.Y or Elasticsearch_X.Y');
    requireProp(
      supportsCrossClusterReplication(version!),
      'engineVersion',
      props.engineVersion,
      'must be at least OpenSearch_1.1 or Elasticsearch_7.10 for cross-cluster replication',
    );
  }
  requireProp(
    /^[a-z0-9]+\.[a-z0-9]+\.search$/.test(props.instanceType),
    'instanceType',
    props.instanceType,
    'must be an OpenSearch instance type like r6g.large.search',
  );
  requireProp(Number.isInteger(props.instanceCount) && props.instanceCount >= 1, 'instanceCount', props.instanceCount, 'must be a whole number >= 1');
  requireProp(Number.isInteger(props.volumeSizeGiB) && props.volumeSizeGiB >= 10, 'volumeSizeGiB', props.volumeSizeGiB, 'must be a whole number >= 10');
  requireProp(props.kmsKey.region === props.region, 'kmsKey.region', props.kmsKey.region, `must be the domain's Region ${props.region}`);
  validateAccountId('accountId', props.accountId);
  requireProp(props.role === 'leader' || props.role === 'follower', 'role', props.role, 'must be "leader" or "follower"');
  requireProp(
    props.securityGroupIds === undefined || props.allowedCidrs === undefined,
    'allowedCidrs',
    props.allowedCidrs,
    'applies only to the default security group; do not combine it with securityGroupIds',
  );
  if (props.securityGroupIds !== undefined) {
    requireProp(isUnresolved(props.securityGroupIds) || props.securityGroupIds.length > 0, 'securityGroupIds', props.securityGroupIds, 'must not be empty');
  }
  if (props.auditLogRetentionDays !== undefined) {
    requireProp(
      CLOUDWATCH_LOG_RETENTION_DAYS.includes(props.auditLogRetentionDays),
      'auditLogRetentionDays',
      props.auditLogRetentionDays,
      `must be a CloudWatch Logs retention (${CLOUDWATCH_LOG_RETENTION_DAYS.join(', ')})`,
    );
  }
  if (props.auditLogPolicy) {
    requireProp(
      props.auditLogPolicy.domainNames.includes(props.domainName),
      'auditLogPolicy.domainNames',
      props.auditLogPolicy.domainNames,
      `must include this domain ${props.domainName}, or OpenSearch cannot write its audit logs`,
    );
    requireProp(
      props.auditLogPolicy.region === props.region,
      'auditLogPolicy.region',
      props.auditLogPolicy.region,
      `must be the domain's Region ${props.region}`,
    );
  }
}
