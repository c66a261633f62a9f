import {
  ENVIRONMENTS,
  EnvironmentConfig,
  EnvironmentValidationError,
  UnknownEnvironmentError,
  environmentProblems,
  loadEnvironment,
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

  test('defaults fill what an environment leaves out', () => {
    expect(example.eks.primary).toEqual({ minNodes: 3, desiredNodes: 3, maxNodes: 6 });
    // Portworx is the design's default; its internal KVDB needs three nodes in each cluster.
    expect([example.portworx.enabled, example.portworx.chartVersion]).toEqual([true, '7.0.5']);
    expect(example.eks.standby.minNodes).toBe(3);
    expect(ENVIRONMENTS['prod-eu'].eks.standby.minNodes).toBe(3);
    expect(example.velero.schedulePaused).toBe(false);
    expect(example.dns.healthCheck.failureThreshold).toBe(3);
  });

  test('without Portworx the standby may keep a single node', () => {
    const env = broken((e) => { e.portworx.enabled = false; e.eks.standby.minNodes = 1; e.eks.standby.desiredNodes = 1; });
    expect(environmentProblems(env)).toEqual([]);
  });

  test('an unknown environment lists the known ones', () => {
    expect(() => loadEnvironment('staging')).toThrow(UnknownEnvironmentError);
    expect(() => loadEnvironment('staging')).toThrow(/unknown environment "staging".*known environments: example, prod-eu/);
  });

  test.each<[string, (env: any) => void, RegExp]>([
    ['same Region twice', (e) => { e.standbyRegion = e.primaryRegion; }, /standbyRegion must differ from primaryRegion \(both are "us-east-1"\)/],
    ['unknown Region', (e) => { e.standbyRegion = 'us-north-9'; }, /standbyRegion "us-north-9" is not a known Region/],
    ['Portworx standby below 3 nodes', (e) => { e.eks.standby.minNodes = 2; e.eks.standby.desiredNodes = 2; },
      /eks\.standby\.minNodes must be >= 3 when portworx\.enabled is true: Portworx's internal KVDB needs 3 nodes \(got 2; set portworx\.enabled: false for a smaller standby\)/],
    ['Portworx primary below 3 nodes', (e) => { e.eks.primary.minNodes = 2; }, /eks\.primary\.minNodes must be >= 3 when portworx\.enabled is true/],
    ['schedulePaused not a boolean', (e) => { e.velero.schedulePaused = 'yes'; }, /velero\.schedulePaused must be true or false \(got yes\)/],
    ['standby minimum 0', (e) => { e.eks.standby.minNodes = 0; }, /eks\.standby\.minNodes must be >= 1 for a warm standby \(got 0\)/],
    ['standby max below primary desired', (e) => { e.eks.standby.maxNodes = 2; e.eks.standby.desiredNodes = 1; }, /eks\.standby\.maxNodes must be >= eks\.primary\.desiredNodes .* \(got 2 < 3\)/],
    ['replica with source backups off', (e) => { e.rds.backupRetentionDays = 0; }, /rds\.backupRetentionDays must be 1-35: a cross-Region read replica needs automated backups on the source \(got 0\)/],
    ['OpenSearch too old', (e) => { e.opensearch.engineVersion = 'OpenSearch_1.0'; }, /opensearch\.engineVersion must be at least OpenSearch_1\.1 for cross-cluster replication \(got "OpenSearch_1\.0"\)/],
    ['Elasticsearch too old', (e) => { e.opensearch.engineVersion = 'Elasticsearch_7.9'; }, /at least Elasticsearch_7\.10/],
    ['malformed engine version', (e) => { e.opensearch.engineVersion = 'opensearch-2'; }, /opensearch\.engineVersion must look like OpenSearch_X\.Y/],
    ['malformed account id', (e) => { e.accountId = '1234'; }, /accountId must be 12 digits \(got "1234"\)/],
    ['overlapping CIDRs', (e) => { e.network.standbyCidr = '10.10.128.0/17'; }, /network\.standbyCidr "10\.10\.128\.0\/17" must not overlap/],
    ['health-check interval', (e) => { e.dns.healthCheck.requestIntervalSeconds = 15; }, /dns\.healthCheck\.requestIntervalSeconds must be 10 or 30 \(got 15\)/],
    ['cache without a replica', (e) => { e.elasticache.numCacheClusters = 1; }, /elasticache\.numCacheClusters must be 2-6/],
    ['global datastore id', (e) => { e.elasticache.globalReplicationGroupId = 'payments-cache'; }, /elasticache\.globalReplicationGroupId must be the full id/],
    ['objectives', (e) => { e.objectives.rtoSeconds = 0; }, /objectives\.rtoSeconds must be an integer >= 1 \(got 0\)/],
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
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/^standbyRegion must differ/),
      expect.stringMatching(/^eks\.standby\.minNodes must be >= 1/),
      expect.stringMatching(/^accountId must be 12 digits/),
    ]));
    try {
      validateEnvironment(env);
      throw new Error('expected a validation error');
    } catch (error) {
      expect(error).toBeInstanceOf(EnvironmentValidationError);
      expect((error as EnvironmentValidationError).problems).toHaveLength(problems.length);
    }
  });
});

