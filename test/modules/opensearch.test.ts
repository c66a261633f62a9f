import '../support/cdktf-matchers';
import { Testing, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { OpensearchDomain } from '@cdktf/provider-aws/lib/opensearch-domain';
import { OpensearchInboundConnectionAccepter } from '@cdktf/provider-aws/lib/opensearch-inbound-connection-accepter';
import { COMPONENT_TAG, Component, RegionalRef, regionalRef } from '../../modules/core';
import {
  CrossClusterConnection,
  CrossClusterConnectionProps,
  InboundConnectionAccepter,
  OPENSEARCH_ROLE_TAG,
  OpenSearchDomain,
  OpenSearchDomainProps,
  SearchLogPublishingPolicy,
  SearchLogPublishingPolicyProps,
  openSearchDomainRef,
  searchAuditLogGroupName,
} from '../../modules/opensearch';
import { atPath } from '../support/errors';

const PRIMARY = 'us-east-1';
const STANDBY = 'us-west-2';
const ACCOUNT = '111122223333';

const synthJson = (build: (scope: Construct) => void): any =>
  JSON.parse(
    Testing.synthScope((scope) => {
      new AwsProvider(scope, 'aws', { region: STANDBY });
      build(scope);
    }),
  );
const only = (json: any, type: string): any => {
  const resources = Object.values(json.resource[type] ?? {});
  expect(resources).toHaveLength(1);
  return resources[0];
};
const address = (json: any, type: string): string => {
  const names = Object.keys(json.resource[type] ?? {});
  expect(names).toHaveLength(1);
  return `${type}.${names[0]}`;
};
const build = <T>(fn: (scope: Construct) => T): T => {
  const stack = new TerraformStack(Testing.app(), 'test');
  new AwsProvider(stack, 'aws', { region: STANDBY });
  return fn(stack);
};
const outputs = (fn: (scope: Construct) => Record<string, unknown>): { json: any; values: Record<string, unknown> } => {
  const json = synthJson((s) => Object.entries(fn(s)).forEach(([name, value]) => new TerraformOutput(s, name, { value })));
  return { json, values: Object.fromEntries(Object.entries(json.output ?? {}).map(([name, o]) => [name, (o as any).value])) };
};

const key = (region: string): RegionalRef => regionalRef(`arn:aws:kms:${region}:${ACCOUNT}:key/k-${region}`, `k-${region}`, region);
const subnets = ['subnet-a', 'subnet-b', 'subnet-c', 'subnet-d'];

const leaderProps: OpenSearchDomainProps = {
  domainName: 'acme-prod-search',
  engineVersion: 'OpenSearch_2.17',
  instanceType: 'r6g.large.search',
  instanceCount: 3,
  volumeSizeGiB: 100,
  subnetIds: subnets,
  vpcId: 'vpc-123',
  kmsKey: key(PRIMARY),
  region: PRIMARY,
  accountId: ACCOUNT,
  masterUserArn: `arn:aws:iam::${ACCOUNT}:role/search-admin`,
  role: 'leader',
};
const followerProps: OpenSearchDomainProps = { ...leaderProps, kmsKey: key(STANDBY), region: STANDBY, role: 'follower', instanceCount: 1 };

describe('OpenSearchDomain', () => {
  test('default (leader, 3 nodes): encrypted, FGAC, HTTPS TLS 1.2, VPC, gp3, zone aware over 3 AZs', () => {
    const json = synthJson((s) => new OpenSearchDomain(s, 'Search', leaderProps));
    const domain = only(json, 'aws_opensearch_domain');
    const sg = address(json, 'aws_security_group');
    expect(domain).toMatchObject({
      domain_name: 'acme-prod-search',
      engine_version: 'OpenSearch_2.17',
      cluster_config: {
        instance_type: 'r6g.large.search',
        instance_count: 3,
        zone_awareness_enabled: true,
        zone_awareness_config: { availability_zone_count: 3 },
      },
      ebs_options: { ebs_enabled: true, volume_type: 'gp3', volume_size: 100 },
      encrypt_at_rest: { enabled: true, kms_key_id: `arn:aws:kms:${PRIMARY}:${ACCOUNT}:key/k-${PRIMARY}` },
      node_to_node_encryption: { enabled: true },
      domain_endpoint_options: { enforce_https: true, tls_security_policy: 'Policy-Min-TLS-1-2-2019-07' },
      vpc_options: { subnet_ids: ['subnet-a', 'subnet-b', 'subnet-c'], security_group_ids: [`\${${sg}.id}`] },
      advanced_security_options: {
        enabled: true,
        anonymous_auth_enabled: false,
        internal_user_database_enabled: false,
        master_user_options: { master_user_arn: `arn:aws:iam::${ACCOUNT}:role/search-admin` },
      },
      tags: { [COMPONENT_TAG]: Component.APP_SEARCH, [OPENSEARCH_ROLE_TAG]: 'leader' },
    });
    const domainArn = `arn:aws:es:${PRIMARY}:${ACCOUNT}:domain/acme-prod-search`;
    expect(JSON.parse(domain.access_policies).Statement).toEqual([
      { Sid: 'AccountAccess', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'es:ESHttp*', Resource: `${domainArn}/*` },
      { Sid: 'CrossClusterReplication', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'es:ESCrossClusterGet', Resource: domainArn },
    ]);
    expect(only(json, 'aws_security_group')).toMatchObject({ name: 'acme-prod-search-opensearch', vpc_id: 'vpc-123' });
    // No allowedCidrs: nothing may reach the domain yet.
    expect(json.resource.aws_vpc_security_group_ingress_rule).toBeUndefined();
  });

  test('getters', () => {
    const { json, values } = outputs((s) => {
      const d = new OpenSearchDomain(s, 'Search', leaderProps);
      return { name: d.domainName, arn: d.domainArn, endpoint: d.endpoint, version: d.engineVersion, owner: d.ownerId, region: d.region, ref: d.ref };
    });
    const domain = address(json, 'aws_opensearch_domain');
    expect(values).toEqual({
      name: 'acme-prod-search',
      arn: `\${${domain}.arn}`,
      endpoint: `\${${domain}.endpoint}`,
      version: 'OpenSearch_2.17',
      owner: ACCOUNT,
      region: PRIMARY,
      ref: { arn: `\${${domain}.arn}`, id: 'acme-prod-search', region: PRIMARY, ownerId: ACCOUNT, domainName: 'acme-prod-search' },
    });
    expect(build((s) => new OpenSearchDomain(s, 'Search', leaderProps)).role).toBe('leader');
  });

  test('follower with 1 node: single AZ, first subnet, no ESCrossClusterGet, follower tag', () => {
    const domain = only(
      synthJson((s) => new OpenSearchDomain(s, 'Search', followerProps)),
      'aws_opensearch_domain',
    );
    expect(domain.cluster_config).toEqual({ instance_type: 'r6g.large.search', instance_count: 1, zone_awareness_enabled: false });
    expect(domain.vpc_options.subnet_ids).toEqual(['subnet-a']);
    expect(domain.tags[OPENSEARCH_ROLE_TAG]).toBe('follower');
    expect(domain.encrypt_at_rest.kms_key_id).toBe(`arn:aws:kms:${STANDBY}:${ACCOUNT}:key/k-${STANDBY}`);
    const statements = JSON.parse(domain.access_policies).Statement;
    expect(statements.map((st: any) => st.Action)).toEqual(['es:ESHttp*']);
  });

  test.each([
    [2, 2, ['subnet-a', 'subnet-b']],
    [4, 3, ['subnet-a', 'subnet-b', 'subnet-c']],
    [6, 3, ['subnet-a', 'subnet-b', 'subnet-c']],
  ])('%i nodes -> zone awareness over %i AZs', (instanceCount, azCount, expectedSubnets) => {
    const domain = only(
      synthJson((s) => new OpenSearchDomain(s, 'Search', { ...leaderProps, instanceCount })),
      'aws_opensearch_domain',
    );
    expect(domain.cluster_config).toEqual({
      instance_type: 'r6g.large.search',
      instance_count: instanceCount,
      zone_awareness_enabled: true,
      zone_awareness_config: { availability_zone_count: azCount },
    });
    expect(domain.vpc_options.subnet_ids).toEqual(expectedSubnets);
  });

  test('allowedCidrs: one HTTPS ingress rule per CIDR on the default security group', () => {
    const json = synthJson((s) => new OpenSearchDomain(s, 'Search', { ...leaderProps, allowedCidrs: ['10.0.0.0/16', '10.1.0.0/16'] }));
    const sg = address(json, 'aws_security_group');
    const rules = Object.values(json.resource.aws_vpc_security_group_ingress_rule);
    expect(rules).toEqual([
      { security_group_id: `\${${sg}.id}`, description: 'HTTPS from 10.0.0.0/16', ip_protocol: 'tcp', from_port: 443, to_port: 443, cidr_ipv4: '10.0.0.0/16' },
      { security_group_id: `\${${sg}.id}`, description: 'HTTPS from 10.1.0.0/16', ip_protocol: 'tcp', from_port: 443, to_port: 443, cidr_ipv4: '10.1.0.0/16' },
    ]);
  });

  test('securityGroupIds: used as given, no security group created', () => {
    const json = synthJson((s) => new OpenSearchDomain(s, 'Search', { ...leaderProps, securityGroupIds: ['sg-1', 'sg-2'] }));
    expect(json.resource.aws_security_group).toBeUndefined();
    expect(only(json, 'aws_opensearch_domain').vpc_options.security_group_ids).toEqual(['sg-1', 'sg-2']);
    expect(build((s) => new OpenSearchDomain(s, 'Search', { ...leaderProps, securityGroupIds: ['sg-1'] })).securityGroup).toBeUndefined();
  });

  test('tags are merged; component and role tags win', () => {
    const json = synthJson((s) => new OpenSearchDomain(s, 'Search', { ...leaderProps, tags: { team: 'search', [OPENSEARCH_ROLE_TAG]: 'x' } }));
    expect(only(json, 'aws_opensearch_domain').tags).toEqual({ team: 'search', [OPENSEARCH_ROLE_TAG]: 'leader', [COMPONENT_TAG]: Component.APP_SEARCH });
    expect(only(json, 'aws_security_group').tags).toEqual({ team: 'search', [OPENSEARCH_ROLE_TAG]: 'x', Name: 'acme-prod-search-opensearch' });
  });

  test.each(['OpenSearch_1.1', 'OpenSearch_1.3', 'OpenSearch_2.17', 'OpenSearch_3.1', 'Elasticsearch_7.10', 'Elasticsearch_8.0'])(
    'accepts engineVersion %s',
    (engineVersion) => {
      const out = Testing.synthScope((s) => {
        new AwsProvider(s, 'aws', { region: PRIMARY });
        new OpenSearchDomain(s, 'Search', { ...leaderProps, engineVersion });
      });
      expect(out).toHaveResourceWithProperties(OpensearchDomain, { engine_version: engineVersion });
    },
  );

  test('rejects Elasticsearch older than 7.10 with the cross-cluster replication message', () => {
    expect(() => build((s) => new OpenSearchDomain(s, 'Search', { ...leaderProps, engineVersion: 'Elasticsearch_7.9' }))).toThrow(
      'engineVersion must be at least OpenSearch_1.1 or Elasticsearch_7.10 for cross-cluster replication (got "Elasticsearch_7.9")',
    );
  });

  test.each([
    [
      { engineVersion: 'OpenSearch_1.0' },
      /engineVersion must be at least OpenSearch_1.1 or Elasticsearch_7.10 for cross-cluster replication \(got "OpenSearch_1.0"\)/,
    ],
    [{ engineVersion: 'Elasticsearch_6.8' }, /engineVersion must be at least OpenSearch_1.1 .* \(got "Elasticsearch_6.8"\)/],
    [{ engineVersion: 'OpenSearch 2.11' }, /engineVersion must look like OpenSearch_X.Y or Elasticsearch_X.Y \(got "OpenSearch 2.11"\)/],
    [{ engineVersion: '2.11' }, /engineVersion must look like OpenSearch_X.Y or Elasticsearch_X.Y \(got "2.11"\)/],
    [{ engineVersion: 'opensearch_2.11' }, /engineVersion must look like/],
    [{ engineVersion: 'OpenSearch_2' }, /engineVersion must look like/],
    [{ domainName: 'ab' }, /domainName must be 3-28 characters: a lower-case letter, then lower-case letters, digits or hyphens \(got "ab"\)/],
    [{ domainName: 'a'.repeat(29) }, /domainName must be 3-28 characters/],
    [{ domainName: 'Acme-search' }, /domainName must be 3-28 characters/],
    [{ domainName: '1acme' }, /domainName must be 3-28 characters/],
    [{ domainName: 'acme_search' }, /domainName must be 3-28 characters/],
    [{ instanceType: 'r6g.large' }, /instanceType must be an OpenSearch instance type like r6g.large.search \(got "r6g.large"\)/],
    [{ instanceCount: 0 }, /instanceCount must be a whole number >= 1 \(got 0\)/],
    [{ volumeSizeGiB: 5 }, /volumeSizeGiB must be a whole number >= 10 \(got 5\)/],
    [{ kmsKey: key(STANDBY) }, /kmsKey.region must be the domain's Region us-east-1 \(got "us-west-2"\)/],
    [{ accountId: '1234' }, /accountId must be a 12-digit AWS account id \(got "1234"\)/],
    [{ role: 'primary' as never }, /role must be "leader" or "follower" \(got "primary"\)/],
    [{ subnetIds: ['subnet-a', 'subnet-b'] }, /subnetIds must list at least 3 subnet\(s\), one per Availability Zone the domain uses/],
    [
      { securityGroupIds: ['sg-1'], allowedCidrs: ['10.0.0.0/16'] },
      /allowedCidrs applies only to the default security group; do not combine it with securityGroupIds/,
    ],
    [{ securityGroupIds: [] }, /securityGroupIds must not be empty/],
  ] as [Partial<OpenSearchDomainProps>, RegExp][])('rejects %j', (override, message) => {
    expect(() => build((s) => new OpenSearchDomain(s, 'Search', { ...leaderProps, ...override }))).toThrow(message);
  });
});

describe('OpenSearchDomain audit logs', () => {
  const groupArn = (json: any) => `\${${address(json, 'aws_cloudwatch_log_group')}.arn}`;

  test('default: AUDIT_LOGS published to a group of its own kept 365 days, after a resource policy of its own', () => {
    const json = synthJson((s) => new OpenSearchDomain(s, 'Search', leaderProps));
    const domain = only(json, 'aws_opensearch_domain');
    expect(only(json, 'aws_cloudwatch_log_group')).toEqual({
      name: '/aws/opensearch/domains/acme-prod-search/audit-logs',
      retention_in_days: 365,
      tags: { 'warm-standby/log-class': 'audit' },
    });
    expect(domain.log_publishing_options).toEqual([{ log_type: 'AUDIT_LOGS', cloudwatch_log_group_arn: groupArn(json), enabled: true }]);
    const policy = address(json, 'aws_cloudwatch_log_resource_policy');
    expect(domain.depends_on).toEqual([policy]);
    expect(only(json, 'aws_cloudwatch_log_resource_policy').policy_name).toBe('acme-prod-search-audit-logs');
    expect(JSON.parse(only(json, 'aws_cloudwatch_log_resource_policy').policy_document).Statement).toEqual([
      {
        Sid: 'OpenSearchAuditLogs',
        Effect: 'Allow',
        Principal: { Service: 'es.amazonaws.com' },
        Action: ['logs:PutLogEvents', 'logs:CreateLogStream'],
        Resource: [`arn:aws:logs:${PRIMARY}:${ACCOUNT}:log-group:/aws/opensearch/domains/acme-prod-search/audit-logs:*`],
        Condition: {
          StringEquals: { 'aws:SourceAccount': ACCOUNT },
          ArnLike: { 'aws:SourceArn': [`arn:aws:es:${PRIMARY}:${ACCOUNT}:domain/acme-prod-search`] },
        },
      },
    ]);
  });

  test("shared policy and the environment's retention: the domain creates no policy and waits for the shared one", () => {
    const json = synthJson((s) => {
      const shared = new SearchLogPublishingPolicy(s, 'Logs', {
        policyName: 'acme-opensearch-logs',
        region: PRIMARY,
        accountId: ACCOUNT,
        domainNames: ['other-search', 'acme-prod-search'],
      });
      new OpenSearchDomain(s, 'Search', { ...leaderProps, auditLogPolicy: shared, auditLogRetentionDays: 0, tags: { team: 'search' } });
    });
    const policy = address(json, 'aws_cloudwatch_log_resource_policy');
    expect(policy).toMatch(/^aws_cloudwatch_log_resource_policy\.Logs_Policy_/);
    expect(only(json, 'aws_opensearch_domain').depends_on).toEqual([policy]);
    expect(only(json, 'aws_cloudwatch_log_group')).toMatchObject({ retention_in_days: 0, tags: { team: 'search', 'warm-standby/log-class': 'audit' } });
    const statement = JSON.parse(only(json, 'aws_cloudwatch_log_resource_policy').policy_document).Statement[0];
    expect(statement.Resource).toEqual(
      ['other-search', 'acme-prod-search'].map((d) => `arn:aws:logs:${PRIMARY}:${ACCOUNT}:log-group:${searchAuditLogGroupName(d)}:*`),
    );
    expect(statement.Condition.ArnLike['aws:SourceArn']).toEqual([
      `arn:aws:es:${PRIMARY}:${ACCOUNT}:domain/other-search`,
      `arn:aws:es:${PRIMARY}:${ACCOUNT}:domain/acme-prod-search`,
    ]);
  });

  test('getter: the audit log group', () => {
    const { json, values } = outputs((s) => ({ group: new OpenSearchDomain(s, 'Search', leaderProps).auditLogGroup.name }));
    expect(values.group).toBe(`\${${address(json, 'aws_cloudwatch_log_group')}.name}`);
  });

  test('partition of the Region in the policy ARNs', () => {
    const json = synthJson(
      (s) => new SearchLogPublishingPolicy(s, 'Logs', { policyName: 'p', region: 'cn-north-1', accountId: ACCOUNT, domainNames: ['d1x'] }),
    );
    const statement = JSON.parse(only(json, 'aws_cloudwatch_log_resource_policy').policy_document).Statement[0];
    expect(statement.Resource).toEqual([`arn:aws-cn:logs:cn-north-1:${ACCOUNT}:log-group:/aws/opensearch/domains/d1x/audit-logs:*`]);
    expect(statement.Condition.ArnLike['aws:SourceArn']).toEqual([`arn:aws-cn:es:cn-north-1:${ACCOUNT}:domain/d1x`]);
  });

  const policyProps: SearchLogPublishingPolicyProps = { policyName: 'acme-logs', region: PRIMARY, accountId: ACCOUNT, domainNames: ['acme-prod-search'] };
  test.each([
    [{ auditLogRetentionDays: 100 }, /^auditLogRetentionDays must be a CloudWatch Logs retention \(0, 1, 3, .*\) \(got 100\)$/],
    [
      { policy: { domainNames: ['other-search'] } },
      /^auditLogPolicy.domainNames must include this domain acme-prod-search, or OpenSearch cannot write its audit logs \(got \["other-search"\]\)$/,
    ],
    [{ policy: { region: STANDBY } }, /^auditLogPolicy.region must be the domain's Region us-east-1 \(got "us-west-2"\)$/],
  ] as [Partial<OpenSearchDomainProps> & { policy?: Partial<SearchLogPublishingPolicyProps> }, RegExp][])('rejects %j', (override, message) => {
    const { policy, ...props } = override;
    expect(() =>
      build((s) => {
        const auditLogPolicy = policy ? new SearchLogPublishingPolicy(s, 'Logs', { ...policyProps, ...policy }) : undefined;
        return new OpenSearchDomain(s, 'Search', { ...leaderProps, ...props, auditLogPolicy });
      }),
    ).toThrow(atPath('test/Search', message));
  });

  test.each([
    [{ policyName: 'has space' }, /^policyName must be 1-255 letters, digits or _#\/\+=,\.@- \(got "has space"\)$/],
    [{ domainNames: [] }, /^domainNames must name at least one domain \(got \[\]\)$/],
    [{ domainNames: ['a1x', 'a1x'] }, /^domainNames must not repeat a domain \(got \["a1x","a1x"\]\)$/],
    [{ region: 'east' }, /^region must be an AWS Region name such as us-east-1 \(got "east"\)$/],
    [{ accountId: '12' }, /^accountId must be a 12-digit AWS account id \(got "12"\)$/],
  ] as [Partial<SearchLogPublishingPolicyProps>, RegExp][])('SearchLogPublishingPolicy rejects %j', (override, message) => {
    expect(() => build((s) => new SearchLogPublishingPolicy(s, 'Logs', { ...policyProps, ...override }))).toThrow(atPath('test/Logs', message));
  });
});

describe('openSearchDomainRef', () => {
  test('builds the ARN from deterministic names', () => {
    expect(openSearchDomainRef({ domainName: 'acme-prod-search', region: PRIMARY, accountId: ACCOUNT })).toEqual({
      arn: `arn:aws:es:${PRIMARY}:${ACCOUNT}:domain/acme-prod-search`,
      id: 'acme-prod-search',
      region: PRIMARY,
      ownerId: ACCOUNT,
      domainName: 'acme-prod-search',
    });
  });

  test('partition', () => {
    expect(openSearchDomainRef({ domainName: 'd1x', region: 'cn-north-1', accountId: ACCOUNT, partition: 'aws-cn' }).arn).toBe(
      `arn:aws-cn:es:cn-north-1:${ACCOUNT}:domain/d1x`,
    );
  });
});

describe('CrossClusterConnection', () => {
  const leader = openSearchDomainRef({ domainName: 'acme-prod-search', region: PRIMARY, accountId: ACCOUNT });
  const connect = (s: Construct, override: Partial<Omit<CrossClusterConnectionProps, 'follower'>> = {}, follower = followerProps) =>
    new CrossClusterConnection(s, 'Connection', {
      follower: new OpenSearchDomain(s, 'Follower', follower),
      leader,
      connectionAlias: 'acme-prod-leader',
      ...override,
    });

  test('default: DIRECT outbound connection from the follower to the leader, not auto-accepted', () => {
    const json = synthJson((s) => connect(s));
    expect(only(json, 'aws_opensearch_outbound_connection')).toEqual({
      connection_alias: 'acme-prod-leader',
      connection_mode: 'DIRECT',
      accept_connection: false,
      local_domain_info: { owner_id: ACCOUNT, region: STANDBY, domain_name: 'acme-prod-search' },
      remote_domain_info: { owner_id: ACCOUNT, region: PRIMARY, domain_name: 'acme-prod-search' },
      depends_on: [address(json, 'aws_opensearch_domain')],
    });
    // Nothing is created in the leader's Region by the standby stack.
    expect(json.resource.aws_opensearch_inbound_connection_accepter).toBeUndefined();
  });

  test('getters', () => {
    const { json, values } = outputs((s) => {
      const c = connect(s);
      return { id: c.connectionId, status: c.connectionStatus, alias: c.connectionAlias };
    });
    const connection = address(json, 'aws_opensearch_outbound_connection');
    expect(values).toEqual({ id: `\${${connection}.id}`, status: `\${${connection}.connection_status}`, alias: 'acme-prod-leader' });
  });

  test('acceptConnection false is accepted explicitly', () => {
    const json = synthJson((s) => connect(s, { acceptConnection: false }));
    expect(only(json, 'aws_opensearch_outbound_connection').accept_connection).toBe(false);
  });

  test.each([
    [
      { acceptConnection: true },
      /acceptConnection cannot accept a cross-Region connection from the follower's Region .* use InboundConnectionAccepter in the leader's Region \(got true\)/,
    ],
    [
      { leader: openSearchDomainRef({ domainName: 'acme-prod-search', region: STANDBY, accountId: ACCOUNT }) },
      /leader.region must differ from the follower's Region us-west-2 \(got "us-west-2"\)/,
    ],
    [{ leader: { ...leader, ownerId: 'acme' } }, /leader.ownerId must be a 12-digit AWS account id \(got "acme"\)/],
    [{ connectionAlias: 'x' }, /connectionAlias must be 2-100 characters: a letter, then letters, digits, hyphens or underscores \(got "x"\)/],
    [{ connectionAlias: '1-leader' }, /connectionAlias must be 2-100 characters/],
  ] as [Partial<CrossClusterConnectionProps>, RegExp][])('rejects %#', (override, message) => {
    expect(() => build((s) => connect(s, override))).toThrow(message);
  });

  test('rejects a leader-role domain as the follower', () => {
    expect(() => build((s) => connect(s, {}, { ...followerProps, role: 'leader' }))).toThrow(/follower.role must be "follower" \(got "leader"\)/);
  });
});

describe('InboundConnectionAccepter', () => {
  const leader = openSearchDomainRef({ domainName: 'acme-prod-search', region: PRIMARY, accountId: ACCOUNT });

  test('default: accepts the given connection id in the leader Region', () => {
    const out = Testing.synthScope((s) => {
      new AwsProvider(s, 'aws', { region: PRIMARY });
      new InboundConnectionAccepter(s, 'Accept', { connectionId: 'cc-abc123', leader, region: PRIMARY });
    });
    expect(out).toHaveResourceWithProperties(OpensearchInboundConnectionAccepter, { connection_id: 'cc-abc123' });
  });

  test('getters', () => {
    const { json, values } = outputs((s) => {
      const a = new InboundConnectionAccepter(s, 'Accept', { connectionId: 'cc-abc123', leader, region: PRIMARY });
      return { id: a.connectionId, status: a.connectionStatus };
    });
    const accepter = address(json, 'aws_opensearch_inbound_connection_accepter');
    expect(values).toEqual({ id: `\${${accepter}.connection_id}`, status: `\${${accepter}.connection_status}` });
  });

  test.each([
    [{ region: STANDBY }, /leader.region must be this stack's Region us-west-2 \(got "us-east-1"\)/],
    [{ connectionId: '' }, /connectionId must not be empty \(got ""\)/],
  ])('rejects %#', (override, message) => {
    expect(() => build((s) => new InboundConnectionAccepter(s, 'Accept', { connectionId: 'cc-abc123', leader, region: PRIMARY, ...override }))).toThrow(
      message,
    );
  });
});
