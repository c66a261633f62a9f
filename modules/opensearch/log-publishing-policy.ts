import { Construct } from 'constructs';
import { CloudwatchLogResourcePolicy } from '@cdktf/provider-aws/lib/cloudwatch-log-resource-policy';
import { arnPartition, requireProp, validateAccountId, validateRegion, validatedConstruct } from '../core';
import { openSearchDomainRef } from './domain';

/**
 * CloudWatch Logs group a domain publishes its audit logs to, under the prefix the OpenSearch console
 * proposes (`/aws/opensearch/domains/<domain>/...`, OpenSearch Service Developer Guide, "Monitoring
 * audit logs").
 */
export function searchAuditLogGroupName(domainName: string): string {
  return `/aws/opensearch/domains/${domainName}/audit-logs`;
}

export interface SearchLogPublishingPolicyProps {
  /** Name of the resource policy: unique in the account and Region, 1-255 characters. */
  readonly policyName: string;
  /** Region of the domains and their log groups. */
  readonly region: string;
  /** Account that owns the domains (`aws:SourceAccount`). */
  readonly accountId: string;
  /** The domains of this Region that publish audit logs; each gets its {@link searchAuditLogGroupName} group. */
  readonly domainNames: readonly string[];
}

/**
 * The one CloudWatch Logs resource policy of a Region that lets OpenSearch Service
 * (`es.amazonaws.com`) create log streams and put events in the audit log groups of the listed
 * domains, and only on behalf of those domains of this account (`aws:SourceAccount`,
 * `aws:SourceArn`: the confused-deputy conditions the OpenSearch guide recommends).
 *
 * One per Region, not one per domain: an account has at most 10 account-level resource policies per
 * Region (CloudWatch Logs API reference, PutResourcePolicy; the policies scoped to one log group by
 * `resourceArn` that do not count are not in AWS provider 5.100.0), and other services (Route 53 query
 * logs, EventBridge, ...) need them too. The policy language allows only `logs:CreateLogStream` and
 * `logs:PutLogEvents` (same page). A domain that names this policy depends on it: OpenSearch checks the
 * policy when the domain is created or its log publishing changes, and refuses with a
 * ValidationException ("does not grant sufficient permissions ... to create a log stream") until the
 * group is writable.
 */
@validatedConstruct
export class SearchLogPublishingPolicy extends Construct {
  /** The aws_cloudwatch_log_resource_policy. */
  public readonly policy: CloudwatchLogResourcePolicy;
  /** The domains the policy admits. */
  public readonly domainNames: readonly string[];
  /** Region of the policy. */
  public readonly region: string;

  constructor(scope: Construct, id: string, props: SearchLogPublishingPolicyProps) {
    super(scope, id);
    requireProp(/^[\w#/+=,.@-]{1,255}$/.test(props.policyName), 'policyName', props.policyName, 'must be 1-255 letters, digits or _#/+=,.@-');
    validateRegion('region', props.region);
    validateAccountId('accountId', props.accountId);
    requireProp(props.domainNames.length >= 1, 'domainNames', props.domainNames, 'must name at least one domain');
    requireProp(new Set(props.domainNames).size === props.domainNames.length, 'domainNames', props.domainNames, 'must not repeat a domain');
    this.domainNames = [...props.domainNames];
    this.region = props.region;

    const partition = arnPartition(props.region);
    const logsArn = `arn:${partition}:logs:${props.region}:${props.accountId}:log-group:`;
    this.policy = new CloudwatchLogResourcePolicy(this, 'Policy', {
      policyName: props.policyName,
      policyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'OpenSearchAuditLogs',
            Effect: 'Allow',
            Principal: { Service: 'es.amazonaws.com' },
            Action: ['logs:PutLogEvents', 'logs:CreateLogStream'],
            Resource: this.domainNames.map((name) => `${logsArn}${searchAuditLogGroupName(name)}:*`),
            Condition: {
              StringEquals: { 'aws:SourceAccount': props.accountId },
              ArnLike: {
                'aws:SourceArn': this.domainNames.map(
                  (domainName) => openSearchDomainRef({ domainName, region: props.region, accountId: props.accountId }).arn,
                ),
              },
            },
          },
        ],
      }),
    });
  }
}
