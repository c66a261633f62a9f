import {
  ENVIRONMENTS,
  EnvironmentConfig,
  EnvironmentValidationError,
  UnknownEnvironmentError,
  environmentProblems,
  environmentWarnings,
  loadEnvironment,
  withRegionsSwapped,
  validateEnvironment,
} from '../../environments';

const example = ENVIRONMENTS.example;

/** The example environment with `patch` applied at one level of nesting. */
function broken(patch: (env: any) => void): EnvironmentConfig {
  const env = JSON.parse(JSON.stringify(example));
  patch(env);
  return env as EnvironmentConfig;
}

describe('environments', () => {
  test.each(Object.keys(ENVIRONMENTS))('%s loads with no problems', (name) => {
    expect(environmentProblems(ENVIRONMENTS[name])).toEqual([]);
    expect(loadEnvironment(name).name).toBe(name);
  });

  test('the default environment is example', () => {
    expect(loadEnvironment().name).toBe('example');
  });

  test('example is us-east-1 -> us-west-2 with S3 state; prod-eu is eu-west-1 -> eu-central-1 on Terraform Cloud with Portworx', () => {
    expect([example.primaryRegion, example.standbyRegion, example.backend.kind]).toEqual(['us-east-1', 'us-west-2', 's3']);
    const prod = ENVIRONMENTS['prod-eu'];
    expect([prod.primaryRegion, prod.standbyRegion, prod.backend.kind, prod.portworx.enabled]).toEqual(['eu-west-1', 'eu-central-1', 'cloud', true]);
    expect(prod.backend.kind === 'cloud' && prod.backend.hostname).toBe('app.terraform.io');
  });

  test('Global Datastore ids and RDS versions: environments give only the suffix and the major version', () => {
    expect(example.rds.engineVersion).toBe('16');
    expect(ENVIRONMENTS['prod-eu'].rds.engineVersion).toBe('16');
    for (const env of Object.values(ENVIRONMENTS)) {
      expect(Object.keys(env.elasticache)).not.toContain('globalReplicationGroupId');
    }
  });

  test('EKS API access: example is public to one documented CIDR with a self-hosted runner; prod-eu is private with an HCP Terraform agent pool', () => {
    expect(example.eks.endpoint).toEqual({
      access: 'public',
      publicAccessCidrs: ['203.0.113.0/24'],
      deployRunner: { kind: 'github-runner', runnerLabel: 'payments-deploy' },
    });
    expect(ENVIRONMENTS['prod-eu'].eks.endpoint).toEqual({
      access: 'private',
      publicAccessCidrs: [],
      deployRunner: { kind: 'hcp-agent-pool', agentPoolName: 'payments-prod-eu-vpc' },
      privateAccessCidrs: ['10.50.0.0/24'],
    });
    for (const env of Object.values(ENVIRONMENTS)) {
      expect(env.eks.kubernetesVersion).toBe('1.35');
      expect(env.eks.adminRoles.deployRoleArn).not.toBe(env.eks.adminRoles.breakGlassRoleArn);
    }
  });

  test('defaults fill what an environment leaves out', () => {
    expect(example.eks.primary).toEqual({ minNodes: 3, desiredNodes: 3, maxNodes: 6 });
    // Portworx is the design's default; its internal KVDB needs three nodes in each cluster.
    // 9.1.1 and 12.0.3: the first charts whose hooks run images that exist for EKS 1.35.
    expect([example.portworx.enabled, example.portworx.chartVersion]).toEqual([true, '9.1.1']);
    expect(example.velero.chartVersion).toBe('12.0.3');
    expect(example.eks.standby.minNodes).toBe(3);
    expect(ENVIRONMENTS['prod-eu'].eks.standby.minNodes).toBe(3);
    expect(example.velero.schedulePaused).toBe(false);
    expect(example.dns.healthCheck.failureThreshold).toBe(3);
  });

  test('without Portworx the standby may keep a single node', () => {
    const env = broken((e) => {
      e.portworx.enabled = false;
      e.eks.standby.minNodes = 1;
      e.eks.standby.desiredNodes = 1;
    });
    expect(environmentProblems(env)).toEqual([]);
  });

  test('an unknown environment lists the known ones', () => {
    expect(() => loadEnvironment('staging')).toThrow(UnknownEnvironmentError);
    expect(() => loadEnvironment('staging')).toThrow(/unknown environment "staging".*known environments: example, prod-eu/);
  });

  test.each<[string, (env: any) => void, RegExp]>([
    [
      'same Region twice',
      (e) => {
        e.standbyRegion = e.primaryRegion;
      },
      /standbyRegion must differ from primaryRegion \(both are "us-east-1"\)/,
    ],
    [
      'unknown Region',
      (e) => {
        e.standbyRegion = 'us-north-9';
      },
      /standbyRegion "us-north-9" is not a known Region/,
    ],
    [
      'Portworx standby below 3 nodes',
      (e) => {
        e.eks.standby.minNodes = 2;
        e.eks.standby.desiredNodes = 2;
      },
      /eks\.standby\.minNodes must be >= 3 when portworx\.enabled is true: Portworx's internal KVDB needs 3 nodes \(got 2; set portworx\.enabled: false for a smaller standby\)/,
    ],
    [
      'Portworx primary below 3 nodes',
      (e) => {
        e.eks.primary.minNodes = 2;
      },
      /eks\.primary\.minNodes must be >= 3 when portworx\.enabled is true/,
    ],
    [
      'schedulePaused not a boolean',
      (e) => {
        e.velero.schedulePaused = 'yes';
      },
      /velero\.schedulePaused must be true or false \(got yes\)/,
    ],
    [
      'standby minimum 0',
      (e) => {
        e.eks.standby.minNodes = 0;
      },
      /eks\.standby\.minNodes must be >= 1 for a warm standby \(got 0\)/,
    ],
    [
      'standby max below primary desired',
      (e) => {
        e.eks.standby.maxNodes = 2;
        e.eks.standby.desiredNodes = 1;
      },
      /eks\.standby\.maxNodes must be >= eks\.primary\.desiredNodes .* \(got 2 < 3\)/,
    ],
    [
      'replica with source backups off',
      (e) => {
        e.rds.backupRetentionDays = 0;
      },
      /rds\.backupRetentionDays must be 1-35: a cross-Region read replica needs automated backups on the source \(got 0\)/,
    ],
    [
      'master password rotation beyond what Secrets Manager accepts',
      (e) => {
        e.rds.masterPasswordRotationDays = 1001;
      },
      /rds\.masterPasswordRotationDays must be an integer from 1 to 1000 .* \(got 1001\)/,
    ],
    [
      'master password never rotated',
      (e) => {
        e.rds.masterPasswordRotationDays = 0;
      },
      /rds\.masterPasswordRotationDays must be an integer from 1 to 1000 .* \(got 0\)/,
    ],
    [
      'OpenSearch too old',
      (e) => {
        e.opensearch.engineVersion = 'OpenSearch_1.0';
      },
      /opensearch\.engineVersion must be at least OpenSearch_1\.1 for cross-cluster replication \(got "OpenSearch_1\.0"\)/,
    ],
    [
      'Elasticsearch too old',
      (e) => {
        e.opensearch.engineVersion = 'Elasticsearch_7.9';
      },
      /at least Elasticsearch_7\.10/,
    ],
    [
      'malformed engine version',
      (e) => {
        e.opensearch.engineVersion = 'opensearch-2';
      },
      /opensearch\.engineVersion must look like OpenSearch_X\.Y/,
    ],
    [
      'malformed account id',
      (e) => {
        e.accountId = '1234';
      },
      /accountId must be 12 digits \(got "1234"\)/,
    ],
    [
      'overlapping CIDRs',
      (e) => {
        e.network.standbyCidr = '10.10.128.0/17';
      },
      /network\.standbyCidr "10\.10\.128\.0\/17" must not overlap/,
    ],
    [
      'health-check interval',
      (e) => {
        e.dns.healthCheck.requestIntervalSeconds = 15;
      },
      /dns\.healthCheck\.requestIntervalSeconds must be 10 or 30 \(got 15\)/,
    ],
    [
      'cache without a replica',
      (e) => {
        e.elasticache.numCacheClusters = 1;
      },
      /elasticache\.numCacheClusters must be 2-6/,
    ],
    [
      'global datastore suffix',
      (e) => {
        e.elasticache.globalReplicationGroupIdSuffix = 'Payments_Cache';
      },
      /elasticache\.globalReplicationGroupIdSuffix must be lower-case letters, digits and single dashes.* \(got "Payments_Cache"\)/,
    ],
    [
      'primary Region without a Global Datastore prefix',
      (e) => {
        e.primaryRegion = 'eu-north-1';
      },
      /primaryRegion "eu-north-1" has no known ElastiCache Global Datastore id prefix, so the standby cannot derive the id it joins \(known: .*eu-west-1.*\)/,
    ],
    [
      'RDS minor version pin',
      (e) => {
        e.rds.engineVersion = '16.4';
      },
      /rds\.engineVersion must be a major version like 16: RDS upgrades minor versions automatically, so a minor pin like "16\.4" breaks the next plan \(WS-VER-001\)/,
    ],
    [
      'objectives',
      (e) => {
        e.objectives.rtoSeconds = 0;
      },
      /objectives\.rtoSeconds must be an integer >= 1 \(got 0\)/,
    ],
    [
      'public endpoint without CIDRs',
      (e) => {
        e.eks.endpoint.publicAccessCidrs = [];
      },
      /eks\.endpoint\.publicAccessCidrs must list the networks allowed to reach a public endpoint; empty means 0\.0\.0\.0\/0 \(got \[\]\)/,
    ],
    [
      'public endpoint open to all',
      (e) => {
        e.eks.endpoint.publicAccessCidrs = ['0.0.0.0/0'];
      },
      /eks\.endpoint\.publicAccessCidrs\[0\] must not open the API server to every address \(got "0\.0\.0\.0\/0"\)/,
    ],
    [
      'public endpoint bad CIDR',
      (e) => {
        e.eks.endpoint.publicAccessCidrs = ['203.0.113.0/24', '203.0.113.300/32'];
      },
      /eks\.endpoint\.publicAccessCidrs\[1\] must be an IPv4 CIDR such as 203\.0\.113\.0\/24 \(got "203\.0\.113\.300\/32"\)/,
    ],
    [
      'private endpoint with CIDRs',
      (e) => {
        e.eks.endpoint.access = 'private';
      },
      /eks\.endpoint\.publicAccessCidrs must be empty for a private endpoint \(got \["203\.0\.113\.0\/24"\]\)/,
    ],
    [
      'endpoint access',
      (e) => {
        e.eks.endpoint.access = 'internet';
      },
      /eks\.endpoint\.access must be "private" or "public" \(got "internet"\)/,
    ],
    [
      'GitHub-hosted deploy runner',
      (e) => {
        e.eks.endpoint.deployRunner.runnerLabel = 'ubuntu-latest';
      },
      /eks\.endpoint\.deployRunner\.runnerLabel must be a self-hosted or fixed-egress runner, not the GitHub-hosted "ubuntu-latest"/,
    ],
    [
      'agent pool without HCP Terraform',
      (e) => {
        e.eks.endpoint.deployRunner = { kind: 'hcp-agent-pool', agentPoolName: 'vpc-agents' };
      },
      /eks\.endpoint\.deployRunner\.kind "hcp-agent-pool" needs backend\.kind "cloud".*\(got "s3"\)/,
    ],
    [
      'unknown runner kind',
      (e) => {
        e.eks.endpoint.deployRunner = { kind: 'laptop' };
      },
      /eks\.endpoint\.deployRunner\.kind must be "hcp-agent-pool" or "github-runner" \(got "laptop"\)/,
    ],
    [
      'endpoint missing',
      (e) => {
        delete e.eks.endpoint;
      },
      /eks\.endpoint must be set/,
    ],
    [
      'deploy role is a session',
      (e) => {
        e.eks.adminRoles.deployRoleArn = 'arn:aws:sts::123456789012:assumed-role/deploy/gha';
      },
      /eks\.adminRoles\.deployRoleArn must be an IAM role ARN such as arn:aws:iam::123456789012:role\/name \(got "arn:aws:sts::123456789012:assumed-role\/deploy\/gha"\)/,
    ],
    [
      'same admin role twice',
      (e) => {
        e.eks.adminRoles.breakGlassRoleArn = e.eks.adminRoles.deployRoleArn;
      },
      /eks\.adminRoles\.breakGlassRoleArn must differ from eks\.adminRoles\.deployRoleArn: EKS allows one access entry per role/,
    ],
    [
      'alert e-mail',
      (e) => {
        e.alerts = { email: ['oncall@example.com', 'oncall'] };
      },
      /alerts\.email\[1\] must be an e-mail address \(got "oncall"\)/,
    ],
    [
      'audit log retention below 12 months',
      (e) => {
        e.logging = { retentionDays: 90 };
      },
      /logging\.retentionDays must be a CloudWatch Logs retention of at least 365 days \(PCI DSS 10\.5\.1: 12 months\) or 0 \(never expire\): 0, 365, 400.* \(got 90\)/,
    ],
    [
      'audit log retention not a CloudWatch value',
      (e) => {
        e.logging = { retentionDays: 500 };
      },
      /logging\.retentionDays must be a CloudWatch Logs retention .*\(got 500\)/,
    ],
    [
      'no alert subscriber',
      (e) => {
        e.alerts = { email: [] };
      },
      /alerts must name a subscriber: alerts\.email is empty and alerts\.externalSubscriber is not set, so every alarm would page nobody/,
    ],
    [
      'external alert subscriber',
      (e) => {
        e.alerts = { email: [], externalSubscriber: 'pager;' };
      },
      /alerts\.externalSubscriber must say in 10-256 letters, digits, spaces and _\.:\/=\+-@ who subscribes to the alert topics outside this project \(got "pager;"\)/,
    ],
  ])('%s is reported with field, value and rule', (_name, patch, message) => {
    const env = broken(patch);
    expect(() => validateEnvironment(env)).toThrow(message);
  });

  test('every problem is reported at once', () => {
    const env = broken((e) => {
      e.standbyRegion = e.primaryRegion;
      e.eks.standby.minNodes = 0;
      e.accountId = 'x';
    });
    const problems = environmentProblems(env);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^standbyRegion must differ/),
        expect.stringMatching(/^eks\.standby\.minNodes must be >= 1/),
        expect.stringMatching(/^accountId must be 12 digits/),
      ]),
    );
    try {
      validateEnvironment(env);
      throw new Error('expected a validation error');
    } catch (error) {
      expect(error).toBeInstanceOf(EnvironmentValidationError);
      expect((error as EnvironmentValidationError).problems).toHaveLength(problems.length);
    }
  });
});

describe('dns.switch', () => {
  test('both environments use Route 53 ARC (a data-plane flip) by default; manual is an explicit choice', () => {
    expect(example.dns.switch).toEqual({ kind: 'arc' });
    expect(ENVIRONMENTS['prod-eu'].dns.switch).toEqual({ kind: 'arc' });
  });

  test('kind endpoint with a reason is valid', () => {
    const env = broken((e) => {
      e.dns.switch = { kind: 'endpoint', reason: 'read-only catalogue: no writes so no split brain CHG-42' };
    });
    expect(environmentProblems(env)).toEqual([]);
  });

  test.each<[string, unknown, RegExp]>([
    ['unknown kind', { kind: 'auto' }, /dns\.switch\.kind must be 'arc', 'manual' or 'endpoint' \(got "auto"\)/],
    ['endpoint without a reason', { kind: 'endpoint' }, /dns\.switch\.reason must say .* why kind 'endpoint' .* \(got ""\)/],
    ['endpoint with a short reason', { kind: 'endpoint', reason: 'because' }, /dns\.switch\.reason must say .* \(got "because"\)/],
    [
      'endpoint with a reason a tag cannot hold',
      { kind: 'endpoint', reason: 'no writes here; (really)' },
      /dns\.switch\.reason must say .* \(got "no writes here; \(really\)"\)/,
    ],
    [
      'a reason with another kind',
      { kind: 'arc', reason: 'we like ARC very much' },
      /dns\.switch\.reason is only allowed with kind 'endpoint' \(got kind 'arc' with reason "we like ARC very much"\)/,
    ],
  ])('%s is reported with field, value and rule', (_name, value, message) => {
    const env = broken((e) => {
      e.dns.switch = value;
    });
    expect(() => validateEnvironment(env)).toThrow(message);
  });
});

describe('eks.endpoint.privateAccessCidrs', () => {
  const prodEu = ENVIRONMENTS['prod-eu'];
  const privateEnv = (cidrs: unknown) => {
    const env = JSON.parse(JSON.stringify(prodEu));
    env.eks.endpoint.privateAccessCidrs = cidrs;
    return env as EnvironmentConfig;
  };

  test('prod-eu (private endpoint) names the agents network; it becomes a 443 rule on each cluster security group', () => {
    expect(prodEu.eks.endpoint.privateAccessCidrs).toEqual(['10.50.0.0/24']);
    expect(environmentProblems(prodEu)).toEqual([]);
  });

  test.each([
    [undefined, /eks\.endpoint\.privateAccessCidrs must list the deploy agents' networks for a private endpoint.*\(got \[\]\)/],
    [['10.50.0.0'], /eks\.endpoint\.privateAccessCidrs\[0\] must be an IPv4 CIDR such as 10\.50\.0\.0\/24 \(got "10\.50\.0\.0"\)/],
    [['0.0.0.0/0'], /eks\.endpoint\.privateAccessCidrs\[0\] must be the agents' networks, not a range as wide as \/0 \(got "0\.0\.0\.0\/0"\)/],
  ])('rejects %j', (cidrs, message) => {
    expect(environmentProblems(privateEnv(cidrs)).join('\n')).toMatch(message);
  });
});

describe('network.primaryTransitGatewayId / standbyTransitGatewayId (how agents reach a private endpoint)', () => {
  const prodEu = ENVIRONMENTS['prod-eu'];
  const withNetwork = (patch: (env: any) => void): EnvironmentConfig => {
    const env = JSON.parse(JSON.stringify(prodEu));
    patch(env);
    return env as EnvironmentConfig;
  };

  test('prod-eu routes its agents (10.50.0.0/24, outside both VPCs) through a transit gateway per Region', () => {
    expect([prodEu.network.primaryTransitGatewayId, prodEu.network.standbyTransitGatewayId]).toEqual(['tgw-0a1b2c3d4e5f60718', 'tgw-0f1e2d3c4b5a69788']);
    expect(environmentProblems(prodEu)).toEqual([]);
  });

  test("a private endpoint whose agents are outside a VPC, without that Region's transit gateway, is an error naming the field", () => {
    const problems = environmentProblems(withNetwork((env) => delete env.network.standbyTransitGatewayId));
    expect(problems).toEqual([
      'network.standbyTransitGatewayId must be set: eks.endpoint.access is private and eks.endpoint.privateAccessCidrs[0] "10.50.0.0/24" is outside network.standbyCidr "10.40.0.0/16", so the deploy agents reach the standby cluster only through a transit gateway route (got none)',
    ]);
  });

  test('agents inside both VPCs need no transit gateway; a public endpoint none either', () => {
    const inside = withNetwork((env) => {
      delete env.network.primaryTransitGatewayId;
      delete env.network.standbyTransitGatewayId;
      env.eks.endpoint.privateAccessCidrs = ['10.30.200.0/24', '10.40.200.0/24'];
    });
    // Each network is inside one VPC only: the other Region still needs a route.
    expect(environmentProblems(inside)).toEqual([
      expect.stringMatching(/^network\.primaryTransitGatewayId must be set: .*privateAccessCidrs\[1\] "10\.40\.200\.0\/24" is outside network\.primaryCidr/),
      expect.stringMatching(/^network\.standbyTransitGatewayId must be set: .*privateAccessCidrs\[0\] "10\.30\.200\.0\/24" is outside network\.standbyCidr/),
    ]);
    expect(environmentProblems(example)).toEqual([]);
  });

  test('the failback environment keeps each transit gateway with its Region (the swapped VPCs attach to their own)', () => {
    const swapped = withRegionsSwapped(prodEu);
    expect([swapped.primaryRegion, swapped.network.primaryTransitGatewayId]).toEqual(['eu-central-1', 'tgw-0f1e2d3c4b5a69788']);
    expect([swapped.standbyRegion, swapped.network.standbyTransitGatewayId]).toEqual(['eu-west-1', 'tgw-0a1b2c3d4e5f60718']);
    expect(environmentProblems(swapped)).toEqual([]);
  });

  test.each([
    [
      (env: any) => (env.network.primaryTransitGatewayId = 'tgw-12'),
      /^network\.primaryTransitGatewayId must be a transit gateway id \(tgw- and 8 to 17 hex digits\) \(got "tgw-12"\)$/,
    ],
    [
      (env: any) => (env.eks.endpoint.privateAccessCidrs = []),
      /^network\.primaryTransitGatewayId routes eks\.endpoint\.privateAccessCidrs to the VPC, which lists none: list the agents' networks or remove it \(got "tgw-0a1b2c3d4e5f60718"\)$/,
    ],
  ])('rejects a bad transit gateway setting (%#)', (patch, message) => {
    expect(environmentProblems(withNetwork(patch))).toContainEqual(expect.stringMatching(message));
  });
});

describe('environmentWarnings', () => {
  test('primaryRegion us-east-1: one warning, the health-check alarm shares the primary Region; none for another primary', () => {
    expect(environmentWarnings(example)).toEqual([
      expect.stringMatching(
        /^primaryRegion us-east-1: the alarm on the primary endpoint's Route 53 health check and its alert topic are in us-east-1 \(Route 53 publishes HealthCheckStatus there only\), the Region that fails, .* the standby's RDS ReplicaLag alarm in us-west-2 still pages\./,
      ),
    ]);
    expect(environmentWarnings(ENVIRONMENTS['prod-eu'])).toEqual([]);
    expect(environmentWarnings(broken((env) => (env.primaryRegion = 'us-east-2')))).toEqual([]);
  });
});
