import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Component, arnPartition, componentTags, requireProp, validateAccountId, validatedConstruct } from '../core';
import { OpenSearchDomainRef } from './domain';

/** IAM roles are at most 64 characters. */
const MAX_ROLE_NAME = 64;

/**
 * The two IAM principals both domains share (IAM is global, so one role serves both Regions):
 * the master user of fine-grained access control, and the replication principal that the
 * security plugin maps to the replication roles on each side.
 */
export interface SearchPrincipalsRef {
  /** Master user of both domains (`advanced_security_options.master_user_options.master_user_arn`). */
  readonly adminRoleArn: string;
  /** Replication principal: mapped to the leader role on the leader and to the follower role on the follower. */
  readonly replicationRoleArn: string;
}

/** Parts of {@link searchPrincipalsRef}. */
export interface SearchPrincipalsRefProps {
  /** Name prefix common to both Regions, e.g. `<app>-<env>`: roles `<prefix>-search-admin`, `<prefix>-search-replication`. */
  readonly namePrefix: string;
  /** AWS account id of the roles. */
  readonly accountId: string;
  /**
   * ARN partition.
   * @default 'aws'
   */
  readonly partition?: string;
}

/** Name of the master user role for a prefix. */
export function searchAdminRoleName(namePrefix: string): string {
  return `${namePrefix}-search-admin`;
}

/** Name of the replication principal role for a prefix. */
export function searchReplicationRoleName(namePrefix: string): string {
  return `${namePrefix}-search-replication`;
}

/** Name of the role of a domain's replication bootstrap function (`ReplicationBootstrap`); IAM is global, the domain name carries the Region. */
export function searchBootstrapRoleName(domainName: string): string {
  return `${domainName}-repl-bootstrap`;
}

/** ARN of the bootstrap role of a domain, from its name: the only principal that assumes the shared roles. */
export function searchBootstrapRoleArn(domain: OpenSearchDomainRef, partition = 'aws'): string {
  return `arn:${partition}:iam::${domain.ownerId}:role/${searchBootstrapRoleName(domain.domainName)}`;
}

/**
 * The literal ARNs of the shared roles, from names: the stack that does not create them (the
 * standby) names them without reading the other stack's state.
 */
export function searchPrincipalsRef(props: SearchPrincipalsRefProps): SearchPrincipalsRef {
  const base = `arn:${props.partition ?? 'aws'}:iam::${props.accountId}:role`;
  return {
    adminRoleArn: `${base}/${searchAdminRoleName(props.namePrefix)}`,
    replicationRoleArn: `${base}/${searchReplicationRoleName(props.namePrefix)}`,
  };
}

export interface SearchPrincipalsProps {
  /** Name prefix common to both Regions (see {@link SearchPrincipalsRefProps.namePrefix}). */
  readonly namePrefix: string;
  /** AWS account id that owns the roles and the domains. */
  readonly accountId: string;
  /** Region of the stack creating the roles (for the partition); the roles themselves are global. */
  readonly region: string;
  /** The domains, in every Region, the roles may send HTTP requests to (`es:ESHttp*`). */
  readonly domains: readonly OpenSearchDomainRef[];
  /**
   * Extra IAM role ARNs of this account that may assume the two roles, beside the bootstrap role of each
   * domain in `domains` (e.g. a break-glass operator role).
   * @default - only the domains' bootstrap roles
   */
  readonly extraTrustedRoleArns?: readonly string[];
  /**
   * Extra tags for the roles.
   * @default - only the component tag
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * The shared OpenSearch principals, created once (IAM is global; the primary stack creates them and
 * the standby stack refers to them with {@link searchPrincipalsRef}):
 *
 * - `<prefix>-search-admin`: the fine-grained access control master user of both domains, so the
 *   same principal administers the leader and the follower. OpenSearch maps the master user to
 *   `all_access` and `security_manager`, which is what lets the bootstrap function (which assumes this
 *   role) call the security API.
 * - `<prefix>-search-replication`: the replication principal. Cross-cluster replication needs the
 *   same user on both clusters, mapped to `cross_cluster_replication_leader_full_access` on the leader
 *   and `cross_cluster_replication_follower_full_access` on the follower; the autofollow rule is created
 *   as this principal.
 *
 * Both trust the account only for the named principals (`aws:PrincipalArn`): the bootstrap role of each
 * domain (`searchBootstrapRoleArn`) and `extraTrustedRoleArns`. The principals are a condition rather
 * than the trust policy's `Principal`, because IAM refuses a trust policy naming a role that does not
 * exist yet, and the standby's bootstrap role is created later, by the standby stack. Both roles may send
 * `es:ESHttp*` requests to the listed domains only (the domains' access policies delegate to IAM).
 */
@validatedConstruct
export class SearchPrincipals extends Construct {
  /** The master user role. */
  public readonly adminRole: IamRole;
  /** The replication principal role. */
  public readonly replicationRole: IamRole;
  /** The roles' `es:ESHttp*` policies: whatever calls a domain as these roles must depend on them. */
  public readonly httpPolicies: readonly IamRolePolicy[];
  private readonly refValue: SearchPrincipalsRef;

  constructor(scope: Construct, id: string, props: SearchPrincipalsProps) {
    super(scope, id);
    validateAccountId('accountId', props.accountId);
    requireProp(/^[A-Za-z0-9+=,.@_-]+$/.test(props.namePrefix), 'namePrefix', props.namePrefix, 'must use only IAM role name characters');
    const longest = searchReplicationRoleName(props.namePrefix);
    requireProp(
      longest.length <= MAX_ROLE_NAME,
      'namePrefix',
      props.namePrefix,
      `must leave room for "-search-replication" in a ${MAX_ROLE_NAME}-character role name`,
    );
    requireProp(
      props.domains.length > 0,
      'domains',
      props.domains.map((d) => d.domainName),
      'must list at least one domain',
    );

    const partition = arnPartition(props.region);
    const extraTrusted = props.extraTrustedRoleArns ?? [];
    extraTrusted.forEach((arn, index) => {
      requireProp(
        new RegExp(`^arn:${partition}:iam::${props.accountId}:role/[\\w+=,.@/-]+$`).test(arn),
        `extraTrustedRoleArns[${index}]`,
        arn,
        `must be an IAM role ARN of account ${props.accountId} (no wildcards)`,
      );
    });
    this.refValue = searchPrincipalsRef({ namePrefix: props.namePrefix, accountId: props.accountId, partition });
    const tags = componentTags(Component.APP_SEARCH, props.tags ?? {});
    const trustedArns = [...new Set([...props.domains.map((d) => searchBootstrapRoleArn(d, partition)), ...extraTrusted])];
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:${partition}:iam::${props.accountId}:root` },
          Action: 'sts:AssumeRole',
          Condition: { ArnEquals: { 'aws:PrincipalArn': trustedArns } },
        },
      ],
    });
    const httpAccess = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'DomainHttp',
          Effect: 'Allow',
          Action: 'es:ESHttp*',
          Resource: props.domains.map((d) => `${d.arn}/*`),
        },
      ],
    });

    this.adminRole = new IamRole(this, 'AdminRole', {
      name: searchAdminRoleName(props.namePrefix),
      description: 'Fine-grained access control master user of the OpenSearch domains in both Regions',
      assumeRolePolicy: trust,
      maxSessionDuration: 3600,
      tags,
    });
    const adminHttp = new IamRolePolicy(this, 'AdminHttp', { role: this.adminRole.name, name: 'domain-http', policy: httpAccess });

    this.replicationRole = new IamRole(this, 'ReplicationRole', {
      name: searchReplicationRoleName(props.namePrefix),
      description: 'OpenSearch cross-cluster replication principal, mapped on the leader and the follower',
      assumeRolePolicy: trust,
      maxSessionDuration: 3600,
      tags,
    });
    const replicationHttp = new IamRolePolicy(this, 'ReplicationHttp', { role: this.replicationRole.name, name: 'domain-http', policy: httpAccess });
    this.httpPolicies = [adminHttp, replicationHttp];
  }

  /** Literal ARNs of the roles (equal to {@link searchPrincipalsRef} for the same prefix). */
  public get ref(): SearchPrincipalsRef {
    return this.refValue;
  }

  public get adminRoleArn(): string {
    return this.refValue.adminRoleArn;
  }

  public get replicationRoleArn(): string {
    return this.refValue.replicationRoleArn;
  }
}
