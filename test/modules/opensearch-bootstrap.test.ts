import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { regionalRef } from '../../modules/core';
import {
  CrossClusterConnection,
  OpenSearchDomain,
  OpenSearchDomainProps,
  REPLICATION_BOOTSTRAP_TRIGGER,
  ReplicationBootstrap,
  ReplicationBootstrapProps,
  STOP_REPLICATION_ENV,
  SearchPrincipals,
  openSearchDomainRef,
  searchBootstrapRoleArn,
  searchBootstrapRoleName,
  searchPrincipalsRef,
} from '../../modules/opensearch';
import { STOP_REPLICATION_ENV as HANDLER_STOP_ENV } from '../../modules/opensearch/handler';
import { synthEnvironment } from '../support/synth';

const PRIMARY = 'us-east-1';
const STANDBY = 'us-west-2';
const ACCOUNT = '111122223333';
const PRINCIPALS = searchPrincipalsRef({ namePrefix: 'acme-prod', accountId: ACCOUNT });

const domainProps = (role: 'leader' | 'follower'): OpenSearchDomainProps => {
  const region = role === 'leader' ? PRIMARY : STANDBY;
  return {
    domainName: role === 'leader' ? 'acme-use1-lead' : 'acme-usw2-follow',
    engineVersion: 'OpenSearch_2.17',
    instanceType: 'r6g.large.search',
    instanceCount: 1,
    volumeSizeGiB: 20,
    subnetIds: ['subnet-a', 'subnet-b'],
    vpcId: 'vpc-123',
    allowedCidrs: ['10.0.0.0/16'],
    kmsKey: regionalRef(`arn:aws:kms:${region}:${ACCOUNT}:key/k`, 'k', region),
    region,
    accountId: ACCOUNT,
    masterUserArn: PRINCIPALS.adminRoleArn,
    role,
  };
};

const synth = (build: (scope: Construct) => void): any =>
  JSON.parse(
    Testing.synthScope((scope) => {
      new AwsProvider(scope, 'aws', { region: STANDBY });
      build(scope);
    }),
  );

const resources = (json: any, type: string): [string, any][] => Object.entries(json.resource[type] ?? {});
const one = (json: any, type: string): any => {
  const found = resources(json, type);
  expect(found).toHaveLength(1);
  return found[0][1];
};
const addressOf = (json: any, type: string, pred: (r: any) => boolean = () => true): string => {
  const found = resources(json, type).filter(([, r]) => pred(r));
  expect(found).toHaveLength(1);
  return `${type}.${found[0][0]}`;
};

function leader(scope: Construct, extra: Partial<ReplicationBootstrapProps> = {}, domainExtra: Partial<OpenSearchDomainProps> = {}) {
  const domain = new OpenSearchDomain(scope, 'Search', { ...domainProps('leader'), ...domainExtra });
  return new ReplicationBootstrap(scope, 'Bootstrap', { domain, principals: PRINCIPALS, subnetIds: ['subnet-a', 'subnet-b'], vpcId: 'vpc-123', ...extra });
}

function follower(scope: Construct, extra: Partial<ReplicationBootstrapProps> = {}) {
  const domain = new OpenSearchDomain(scope, 'Search', domainProps('follower'));
  const connection = new CrossClusterConnection(scope, 'Connection', {
    follower: domain,
    leader: openSearchDomainRef({ domainName: 'acme-use1-lead', region: PRIMARY, accountId: ACCOUNT }),
    connectionAlias: 'acme-prod-leader',
  });
  return new ReplicationBootstrap(scope, 'Bootstrap', { domain, principals: PRINCIPALS, connection, subnetIds: ['subnet-a'], vpcId: 'vpc-123', ...extra });
}

describe('SearchPrincipals', () => {
  const domains = [
    openSearchDomainRef({ domainName: 'acme-use1-lead', region: PRIMARY, accountId: ACCOUNT }),
    openSearchDomainRef({ domainName: 'acme-usw2-follow', region: STANDBY, accountId: ACCOUNT }),
  ];

  test("one master user and one replication principal, assumable only by the domains' bootstrap roles, HTTP access to both domains only", () => {
    let principals!: SearchPrincipals;
    const json = synth((s) => {
      principals = new SearchPrincipals(s, 'Principals', { namePrefix: 'acme-prod', accountId: ACCOUNT, region: PRIMARY, domains });
    });
    expect(principals.ref).toEqual(PRINCIPALS);
    expect(PRINCIPALS).toEqual({
      adminRoleArn: `arn:aws:iam::${ACCOUNT}:role/acme-prod-search-admin`,
      replicationRoleArn: `arn:aws:iam::${ACCOUNT}:role/acme-prod-search-replication`,
    });
    const roles = resources(json, 'aws_iam_role').map(([, r]) => r);
    expect(roles.map((r) => r.name).sort()).toEqual(['acme-prod-search-admin', 'acme-prod-search-replication']);
    for (const role of roles) {
      // The account root with a principal condition: a bare root trust lets any role with sts:AssumeRole in.
      expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
          Action: 'sts:AssumeRole',
          Condition: {
            ArnEquals: {
              'aws:PrincipalArn': [
                `arn:aws:iam::${ACCOUNT}:role/acme-use1-lead-repl-bootstrap`,
                `arn:aws:iam::${ACCOUNT}:role/acme-usw2-follow-repl-bootstrap`,
              ],
            },
          },
        },
      ]);
    }
    const policies = resources(json, 'aws_iam_role_policy').map(([, p]) => JSON.parse(p.policy).Statement);
    expect(policies).toHaveLength(2);
    for (const statements of policies) {
      expect(statements).toEqual([
        {
          Sid: 'DomainHttp',
          Effect: 'Allow',
          Action: 'es:ESHttp*',
          Resource: [`arn:aws:es:${PRIMARY}:${ACCOUNT}:domain/acme-use1-lead/*`, `arn:aws:es:${STANDBY}:${ACCOUNT}:domain/acme-usw2-follow/*`],
        },
      ]);
    }
  });

  test.each([
    [{ namePrefix: 'x'.repeat(50) }, /namePrefix must leave room for "-search-replication"/],
    [{ namePrefix: 'acme prod' }, /namePrefix must use only IAM role name characters/],
    [{ accountId: '1234' }, /accountId must be a 12-digit AWS account id/],
    [{ domains: [] }, /domains must list at least one domain/],
    [{ extraTrustedRoleArns: [`arn:aws:iam::${ACCOUNT}:role/*`] }, /extraTrustedRoleArns\[0\] must be an IAM role ARN of account/],
    [{ extraTrustedRoleArns: ['arn:aws:iam::999999999999:role/ops'] }, /extraTrustedRoleArns\[0\] must be an IAM role ARN of account 111122223333/],
  ])('rejects %j', (override, message) => {
    expect(() => synth((s) => new SearchPrincipals(s, 'P', { namePrefix: 'acme-prod', accountId: ACCOUNT, region: PRIMARY, domains, ...override }))).toThrow(
      message,
    );
  });
});

test('SearchPrincipals: extra trusted roles join the bootstrap roles; the bootstrap role name is the one the trust names', () => {
  const domains = [openSearchDomainRef({ domainName: 'acme-use1-lead', region: PRIMARY, accountId: ACCOUNT })];
  const breakGlass = `arn:aws:iam::${ACCOUNT}:role/break-glass`;
  const json = synth((s) => {
    new SearchPrincipals(s, 'Principals', { namePrefix: 'acme-prod', accountId: ACCOUNT, region: PRIMARY, domains, extraTrustedRoleArns: [breakGlass] });
  });
  const trusted = resources(json, 'aws_iam_role').map(([, r]) => JSON.parse(r.assume_role_policy).Statement[0].Condition.ArnEquals['aws:PrincipalArn']);
  expect(trusted).toEqual([
    [`arn:aws:iam::${ACCOUNT}:role/acme-use1-lead-repl-bootstrap`, breakGlass],
    [`arn:aws:iam::${ACCOUNT}:role/acme-use1-lead-repl-bootstrap`, breakGlass],
  ]);
  expect(searchBootstrapRoleArn(domains[0])).toBe(`arn:aws:iam::${ACCOUNT}:role/${searchBootstrapRoleName('acme-use1-lead')}`);
  const bootstrap = synth((s) => leader(s));
  expect(resources(bootstrap, 'aws_iam_role').map(([, r]) => r.name)).toContain('acme-use1-lead-repl-bootstrap');
});

describe('ReplicationBootstrap', () => {
  test('leader: VPC function allowed by the domain security group, least-privilege role, invocation mapping the leader role', () => {
    const json = synth((s) => leader(s));
    const fn = one(json, 'aws_lambda_function');
    const fnSg = addressOf(json, 'aws_security_group', (g) => g.name === 'acme-use1-lead-repl-bootstrap');
    const domainSg = addressOf(json, 'aws_security_group', (g) => g.name === 'acme-use1-lead-opensearch');
    expect(fn).toMatchObject({
      function_name: 'acme-use1-lead-repl-bootstrap',
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      timeout: 900,
      vpc_config: { subnet_ids: ['subnet-a', 'subnet-b'], security_group_ids: [`\${${fnSg}.id}`] },
    });
    // The domain's group lets the function in on 443; the function's group only goes out on 443.
    const ingress = resources(json, 'aws_vpc_security_group_ingress_rule')
      .map(([, r]) => r)
      .filter((r) => r.referenced_security_group_id);
    expect(ingress).toEqual([
      expect.objectContaining({
        security_group_id: `\${${domainSg}.id}`,
        referenced_security_group_id: `\${${fnSg}.id}`,
        from_port: 443,
        to_port: 443,
        ip_protocol: 'tcp',
      }),
    ]);
    expect(one(json, 'aws_vpc_security_group_egress_rule')).toMatchObject({ security_group_id: `\${${fnSg}.id}`, from_port: 443, to_port: 443 });

    expect(one(json, 'aws_iam_role_policy_attachment').policy_arn).toBe('arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole');
    const domainAddress = addressOf(json, 'aws_opensearch_domain');
    expect(JSON.parse(one(json, 'aws_iam_role_policy').policy).Statement).toEqual([
      { Sid: 'DomainHttp', Effect: 'Allow', Action: 'es:ESHttp*', Resource: `\${${domainAddress}.arn}/*` },
      { Sid: 'AssumeSearchPrincipals', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: [PRINCIPALS.adminRoleArn, PRINCIPALS.replicationRoleArn] },
    ]);

    const invocation = one(json, 'aws_lambda_invocation');
    expect(invocation.function_name).toBe(`\${${addressOf(json, 'aws_lambda_function')}.function_name}`);
    expect(JSON.parse(invocation.input)).toEqual({
      domainEndpoint: `\${${domainAddress}.endpoint}`,
      domainArn: `\${${domainAddress}.arn}`,
      region: PRIMARY,
      adminRoleArn: PRINCIPALS.adminRoleArn,
      replicationRoleArn: PRINCIPALS.replicationRoleArn,
      replicationSecurityRole: 'cross_cluster_replication_leader_full_access',
      // The domain publishes AUDIT_LOGS; the function switches the security plugin's audit log on.
      auditLogging: true,
    });
    expect(invocation.triggers).toMatchObject({
      bootstrap: REPLICATION_BOOTSTRAP_TRIGGER,
      domain_name: 'acme-use1-lead',
      domain_role: 'leader',
      master_user_arn: PRINCIPALS.adminRoleArn,
      replication_principal_arn: PRINCIPALS.replicationRoleArn,
      security_role: 'cross_cluster_replication_leader_full_access',
    });
    expect(invocation.triggers.code_sha256).toMatch(/^\$\{filebase64sha256\(".*archive\.zip"\)\}$/);
    expect(invocation.triggers.connection_alias).toBeUndefined();
    expect(invocation.depends_on).toContain(domainAddress);
  });

  test('follower: may describe connections, waits for its connection and creates the autofollow rule', () => {
    const json = synth((s) => follower(s));
    const statements = JSON.parse(one(json, 'aws_iam_role_policy').policy).Statement;
    expect(statements).toContainEqual({ Sid: 'ConnectionStatus', Effect: 'Allow', Action: 'es:DescribeOutboundConnections', Resource: '*' });
    const invocation = one(json, 'aws_lambda_invocation');
    const connection = addressOf(json, 'aws_opensearch_outbound_connection');
    const input = JSON.parse(invocation.input);
    expect(input.replicationSecurityRole).toBe('cross_cluster_replication_follower_full_access');
    expect(input.autofollow).toEqual({
      connectionId: `\${${connection}.id}`,
      connectionAlias: 'acme-prod-leader',
      ruleName: 'acme-prod-leader-all',
      pattern: '*',
      leaderClusterRole: 'cross_cluster_replication_leader_full_access',
      followerClusterRole: 'cross_cluster_replication_follower_full_access',
    });
    expect(invocation.triggers).toMatchObject({
      domain_role: 'follower',
      connection_alias: 'acme-prod-leader',
      autofollow_rule: 'acme-prod-leader-all',
      autofollow_pattern: '*',
    });
    expect(invocation.depends_on).toContain(connection);
  });

  test('invoke false: no invocation here; the input and triggers are exposed for the stack that invokes it', () => {
    let bootstrap!: ReplicationBootstrap;
    const json = synth((s) => {
      bootstrap = follower(s, { invoke: false });
    });
    expect(json.resource.aws_lambda_invocation).toBeUndefined();
    expect(bootstrap.invocation).toBeUndefined();
    expect(bootstrap.event.autofollow?.connectionAlias).toBe('acme-prod-leader');
    expect(bootstrap.triggers).toMatchObject({ bootstrap: 'opensearch-replication', domain_role: 'follower', autofollow_rule: 'acme-prod-leader-all' });
  });

  test('follower: the function carries its stop configuration (domain, master user, rule); a leader has none', () => {
    const json = synth((s) => follower(s));
    const stop = JSON.parse(one(json, 'aws_lambda_function').environment.variables[HANDLER_STOP_ENV]);
    expect(stop).toEqual({
      domainEndpoint: expect.stringMatching(/^\$\{aws_opensearch_domain\.\w+\.endpoint\}$/),
      domainArn: expect.stringMatching(/^\$\{aws_opensearch_domain\.\w+\.arn\}$/),
      region: STANDBY,
      adminRoleArn: PRINCIPALS.adminRoleArn,
      connectionAlias: 'acme-prod-leader',
      ruleName: 'acme-prod-leader-all',
    });
    expect(
      one(
        synth((s) => leader(s)),
        'aws_lambda_function',
      ).environment,
    ).toBeUndefined();
  });

  test('failoverConnectionAlias: a follower without connection keeps the function and its stop configuration, invokes nothing', () => {
    const json = synth((s) => {
      const domain = new OpenSearchDomain(s, 'Search', domainProps('follower'));
      new ReplicationBootstrap(s, 'Bootstrap', {
        domain,
        principals: PRINCIPALS,
        failoverConnectionAlias: 'acme-prod-leader',
        subnetIds: ['subnet-a'],
        vpcId: 'vpc-123',
      });
    });
    expect(json.resource.aws_lambda_invocation).toBeUndefined();
    expect(JSON.parse(one(json, 'aws_lambda_function').environment.variables[STOP_REPLICATION_ENV]).ruleName).toBe('acme-prod-leader-all');
    expect(() =>
      synth((s) => {
        const domain = new OpenSearchDomain(s, 'Search', domainProps('leader'));
        new ReplicationBootstrap(s, 'Bootstrap', { domain, principals: PRINCIPALS, failoverConnectionAlias: 'x', subnetIds: ['subnet-a'], vpcId: 'vpc-123' });
      }),
    ).toThrow(/failoverConnectionAlias applies only to a follower domain without a connection \(after failover\) \(got "x"\)/);
  });

  test('logRetentionDays must be a retention CloudWatch Logs accepts (the apply would refuse 10)', () => {
    expect(() => synth((s) => leader(s, { logRetentionDays: 10 }))).toThrow(/logRetentionDays must be a CloudWatch Logs retention \(0, 1, 3, .*\) \(got 10\)/);
    // The domain's audit log group is kept by the environment's retention; the function's group by this prop.
    const groups = resources(
      synth((s) => leader(s, { logRetentionDays: 731 })),
      'aws_cloudwatch_log_group',
    ).map(([, g]) => g);
    expect(groups.find((g) => String(g.name).startsWith('/aws/lambda/'))?.retention_in_days).toBe(731);
  });

  test("the function's log is an audit log: it maps security roles and changes the audit configuration (WS-LOG-001)", () => {
    const lambdaGroup = (json: any) =>
      resources(json, 'aws_cloudwatch_log_group')
        .map(([, g]) => g)
        .find((g) => String(g.name).startsWith('/aws/lambda/'));
    // 365 days by default, never expiring with 0 (as logging.retentionDays allows).
    expect(lambdaGroup(synth((s) => leader(s)))).toMatchObject({ retention_in_days: 365, tags: { 'warm-standby/log-class': 'audit' } });
    expect(lambdaGroup(synth((s) => follower(s, { logRetentionDays: 0 })))).toMatchObject({
      retention_in_days: 0,
      tags: { 'warm-standby/log-class': 'audit' },
    });
  });

  test('follower: rule name and pattern can be set', () => {
    const json = synth((s) => follower(s, { autofollowRuleName: 'orders', autofollowPattern: 'orders-*' }));
    expect(JSON.parse(one(json, 'aws_lambda_invocation').input).autofollow).toMatchObject({ ruleName: 'orders', pattern: 'orders-*' });
  });

  test('the bundled handler is deterministic and contains the SigV4 signer and the AWS SDK clients it uses', () => {
    const json = synth((s) => leader(s));
    const asset = /filebase64sha256\("(.*)"\)/.exec(one(json, 'aws_lambda_invocation').triggers.code_sha256)![1];
    expect(asset).toMatch(/archive\.zip$/);
    const { bundleHandler } = jest.requireActual('../../modules/redshift-feed/bundle');
    const code = fs.readFileSync(path.join(bundleHandler(path.join(__dirname, '../../modules/opensearch/handler/index.ts')).directory, 'index.js'), 'utf8');
    expect(code).toContain('AWS4-HMAC-SHA256');
    expect(code).not.toMatch(/require\("@aws-sdk\/client-/);
    expect(code).toContain('"DescribeOutboundConnections"');
    expect(code).toContain('"AssumeRole"');
  });

  test.each<[string, (s: Construct) => unknown, RegExp]>([
    [
      'a follower without a connection',
      (s) =>
        new ReplicationBootstrap(s, 'B', {
          domain: new OpenSearchDomain(s, 'F', domainProps('follower')),
          principals: PRINCIPALS,
          subnetIds: ['subnet-a'],
          vpcId: 'vpc-1',
        }),
      /connection is required for a follower domain/,
    ],
    [
      'a leader with a connection',
      (s) => {
        const f = new OpenSearchDomain(s, 'F', domainProps('follower'));
        const connection = new CrossClusterConnection(s, 'C', {
          follower: f,
          leader: openSearchDomainRef({ domainName: 'acme-use1-lead', region: PRIMARY, accountId: ACCOUNT }),
          connectionAlias: 'acme-prod-leader',
        });
        leader(s, { connection });
      },
      /connection applies only to a follower domain/,
    ],
    [
      'a master user that is not the admin principal',
      (s) => leader(s, {}, { masterUserArn: `arn:aws:iam::${ACCOUNT}:role/other` }),
      /principals.adminRoleArn must be the domain's master user arn:aws:iam::111122223333:role\/other/,
    ],
    [
      'the admin as replication principal',
      (s) => leader(s, { principals: { ...PRINCIPALS, replicationRoleArn: PRINCIPALS.adminRoleArn } }),
      /principals.replicationRoleArn must differ from the master user/,
    ],
    [
      'a domain with its own security groups and no domainSecurityGroupId',
      (s) => leader(s, {}, { allowedCidrs: undefined, securityGroupIds: ['sg-1'] }),
      /domainSecurityGroupId is required when the domain was given its own securityGroupIds/,
    ],
    ['no subnets', (s) => leader(s, { subnetIds: [] }), /subnetIds must not be empty/],
    ['a bad rule name', (s) => follower(s, { autofollowRuleName: 'bad name' }), /autofollowRuleName must be 1-255 letters/],
    ['an empty pattern', (s) => follower(s, { autofollowPattern: '' }), /autofollowPattern must not be empty/],
  ])('rejects %s', (_name, build, message) => {
    expect(() => synth(build)).toThrow(message);
  });

  test('a domain with its own security groups uses domainSecurityGroupId', () => {
    const json = synth((s) => leader(s, { domainSecurityGroupId: 'sg-domain' }, { allowedCidrs: undefined, securityGroupIds: ['sg-domain'] }));
    const ingress = resources(json, 'aws_vpc_security_group_ingress_rule').map(([, r]) => r);
    expect(ingress).toEqual([expect.objectContaining({ security_group_id: 'sg-domain', from_port: 443 })]);
  });
});

describe('example environment wiring', () => {
  const values = (stack: any, type: string): any[] => Object.values(stack.resource[type] ?? {});
  /** The OpenSearch bootstrap invocations (the feed's loader-user bootstrap has its own). */
  const searchRuns = (stack: any): any[] => values(stack, 'aws_lambda_invocation').filter((i) => i.triggers.bootstrap === REPLICATION_BOOTSTRAP_TRIGGER);

  test('one master user and one replication principal for both domains, created once, bootstrapped in each Region', () => {
    const { stacks } = synthEnvironment('example');
    const primary = stacks['example-primary'];
    const standby = stacks['example-standby'];
    const replication = stacks['example-replication'];
    const admin = 'arn:aws:iam::123456789012:role/payments-example-search-admin';
    for (const stack of [primary, standby]) {
      expect(values(stack, 'aws_opensearch_domain')[0].advanced_security_options.master_user_options.master_user_arn).toBe(admin);
    }
    // The leader's bootstrap runs in its own stack; the follower's from the replication stack, in the
    // standby Region, once that stack accepted the connection (the follower's waits for ACTIVE).
    expect(searchRuns(standby)).toEqual([]);
    const [leaderRun] = searchRuns(primary);
    const [followerRun] = searchRuns(replication);
    for (const run of [leaderRun, followerRun]) {
      expect(run.triggers).toMatchObject({
        master_user_arn: admin,
        replication_principal_arn: 'arn:aws:iam::123456789012:role/payments-example-search-replication',
      });
    }
    expect(leaderRun.triggers.domain_role).toBe('leader');
    expect(followerRun.triggers).toMatchObject({
      domain_role: 'follower',
      domain_name: values(standby, 'aws_opensearch_domain')[0].domain_name,
      connection_alias: 'payments-example-leader',
    });
    expect(followerRun.provider).toBe('aws.standby');
    const [accepter] = Object.keys(replication.resource.aws_opensearch_inbound_connection_accepter);
    expect(followerRun.depends_on).toContain(`aws_opensearch_inbound_connection_accepter.${accepter}`);
    const [stateName] = Object.keys(replication.data.terraform_remote_state);
    expect(followerRun.function_name).toBe(`\${data.terraform_remote_state.${stateName}.outputs.opensearch_bootstrap_function}`);
    expect(followerRun.input).toBe(`\${data.terraform_remote_state.${stateName}.outputs.opensearch_bootstrap_input}`);
    // What the standby exports for it: the function, and an input that waits for its own connection.
    const exported = JSON.parse(standby.output.opensearch_bootstrap_input.value);
    expect(exported.autofollow.connectionId).toMatch(/^\$\{aws_opensearch_outbound_connection\.\w+\.id\}$/);
    // The leader domain waits for its master user role.
    const adminRole = Object.entries<any>(primary.resource.aws_iam_role).find(([, r]) => r.name === 'payments-example-search-admin')![0];
    expect(values(primary, 'aws_opensearch_domain')[0].depends_on).toContain(`aws_iam_role.${adminRole}`);
  });

  test('failover: the promoted standby runs no bootstrap, but keeps the follower function unchanged for stopReplication', () => {
    const { stacks } = synthEnvironment('example', { failover: true });
    expect(searchRuns(stacks['example-standby'])).toEqual([]);
    // Same addresses and configuration as before failover: the failover apply neither destroys nor changes it.
    const normal = synthEnvironment('example').stacks['example-standby'];
    const bootstrapOf = (stack: any) =>
      Object.fromEntries(
        Object.entries<any>(stack.resource).flatMap(([type, byName]) =>
          Object.entries<any>(byName)
            .filter(([name]) => name.startsWith('SearchBootstrap_'))
            .map(([name, r]) => [`${type}.${name}`, r]),
        ),
      );
    const kept = bootstrapOf(stacks['example-standby']);
    expect(Object.keys(kept).filter((a) => a.startsWith('aws_lambda_function.'))).toHaveLength(1);
    expect(kept).toEqual(bootstrapOf(normal));
    const fn = Object.values<any>(stacks['example-standby'].resource.aws_lambda_function).find(
      (f) => f.function_name === 'payments-example-usw2-repl-bootstrap',
    );
    expect(JSON.parse(fn.environment.variables[STOP_REPLICATION_ENV])).toMatchObject({
      region: 'us-west-2',
      adminRoleArn: 'arn:aws:iam::123456789012:role/payments-example-search-admin',
      connectionAlias: 'payments-example-leader',
      ruleName: 'payments-example-leader-all',
    });
  });
});
