import { Testing, TerraformOutput, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { ElasticacheGlobalReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-global-replication-group';
import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group';
import { ElasticacheSubnetGroup } from '@cdktf/provider-aws/lib/elasticache-subnet-group';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { COMPONENT_TAG, regionalRef } from '../../modules/core';
import {
  CACHE_ROLE_TAG,
  GlobalDatastoreRef,
  RedisPrimaryGroup,
  RedisPrimaryGroupProps,
  RedisSecondaryGroup,
  RedisSecondaryGroupProps,
  GLOBAL_DATASTORE_ID_PREFIXES,
  globalDatastoreRef,
} from '../../modules/elasticache';
import { atPath } from '../support/errors';

const ACCOUNT = '123456789012';
const PRIMARY = 'us-east-1';
const STANDBY = 'us-west-2';
const primaryKey = regionalRef(`arn:aws:kms:${PRIMARY}:${ACCOUNT}:key/primary`, 'primary', PRIMARY);
const standbyKey = regionalRef(`arn:aws:kms:${STANDBY}:${ACCOUNT}:key/standby`, 'standby', STANDBY);

type Json = Record<string, any>;

function synth(region: string, build: (stack: TerraformStack) => void): string {
  return Testing.synthScope((scope) => {
    new AwsProvider(scope, 'aws', { region });
    build(scope as TerraformStack);
  });
}

function resources(synthesized: string, type: { tfResourceType: string }): Json[] {
  return Object.values((JSON.parse(synthesized).resource ?? {})[type.tfResourceType] ?? {});
}

function only(synthesized: string, type: { tfResourceType: string }): Json {
  const found = resources(synthesized, type);
  expect(found).toHaveLength(1);
  return found[0];
}

const primaryProps = (over: Partial<RedisPrimaryGroupProps> = {}): RedisPrimaryGroupProps => ({
  replicationGroupId: 'payments-cache',
  engineVersion: '7.1',
  nodeType: 'cache.r6g.large',
  numCacheClusters: 2,
  subnetIds: ['subnet-a', 'subnet-b'],
  vpcId: 'vpc-1',
  kmsKey: primaryKey,
  region: PRIMARY,
  globalReplicationGroupIdSuffix: 'payments-cache',
  ...over,
});

const datastore: GlobalDatastoreRef = globalDatastoreRef({ suffix: 'payments-cache', region: PRIMARY, accountId: ACCOUNT });

const secondaryProps = (over: Partial<RedisSecondaryGroupProps> = {}): RedisSecondaryGroupProps => ({
  replicationGroupId: 'payments-cache-standby',
  globalDatastore: datastore,
  numCacheClusters: 2,
  subnetIds: ['subnet-c', 'subnet-d'],
  vpcId: 'vpc-2',
  kmsKey: standbyKey,
  region: STANDBY,
  authTokenSecretName: 'payments-cache-auth',
  ...over,
});

const buildPrimary = (over: Partial<RedisPrimaryGroupProps> = {}) => synth(PRIMARY, (stack) => new RedisPrimaryGroup(stack, 'Cache', primaryProps(over)));
const buildSecondary = (over: Partial<RedisSecondaryGroupProps> = {}) =>
  synth(STANDBY, (stack) => new RedisSecondaryGroup(stack, 'Cache', secondaryProps(over)));

describe('globalDatastoreRef', () => {
  test('builds the deterministic global ARN (no Region in it)', () => {
    expect(datastore).toEqual({
      arn: 'arn:aws:elasticache::123456789012:globalreplicationgroup:ldgnf-payments-cache',
      id: 'ldgnf-payments-cache',
      region: PRIMARY,
      createdInRegion: PRIMARY,
    });
  });

  test('after a Global Datastore failover the id keeps the prefix of the Region it was created in (createdInRegion), whatever Region is primary', () => {
    const failedOver = globalDatastoreRef({ suffix: 'payments-cache', region: STANDBY, createdInRegion: PRIMARY, accountId: ACCOUNT });
    expect([failedOver.id, failedOver.region, failedOver.createdInRegion]).toEqual(['ldgnf-payments-cache', STANDBY, PRIMARY]);
    expect(() => globalDatastoreRef({ suffix: 'payments-cache', region: STANDBY, createdInRegion: 'eu-south-2', accountId: ACCOUNT })).toThrow(
      /globalDatastore.createdInRegion must be a Region with a known Global Datastore id prefix .*\(got "eu-south-2"\)/,
    );
    expect(() => globalDatastoreRef({ suffix: 'payments-cache', region: STANDBY, createdInRegion: 'cn-north-1', accountId: ACCOUNT })).toThrow(
      /globalDatastore.createdInRegion must be in the partition of globalDatastore.region us-west-2 \(aws\).*\(got "cn-north-1"\)/,
    );
  });

  test.each([
    ['us-east-1', 'ldgnf'],
    ['us-west-2', 'sgaui'],
    ['eu-west-1', 'gxeiz'],
    ['eu-central-1', 'iudkw'],
  ])("the id prefix is the primary Region's (%s -> %s, ElastiCache docs table)", (region, prefix) => {
    expect(globalDatastoreRef({ suffix: 'payments-cache', region, accountId: ACCOUNT }).id).toBe(`${prefix}-payments-cache`);
    expect(GLOBAL_DATASTORE_ID_PREFIXES[region]).toBe(prefix);
  });

  test('rejects a Region without a known prefix, naming the field, the value and the rule', () => {
    expect(() => globalDatastoreRef({ suffix: 'payments-cache', region: 'eu-south-2', accountId: ACCOUNT })).toThrow(
      /globalDatastore.region must be a Region with a known Global Datastore id prefix \(.*eu-west-1.*\) \(got "eu-south-2"\)/,
    );
  });

  test('rejects a malformed suffix', () => {
    expect(() => globalDatastoreRef({ suffix: '-cache', region: PRIMARY, accountId: ACCOUNT })).toThrow(
      /globalDatastore.suffix must be lower-case letters, digits and single dashes.*\(got "-cache"\)/,
    );
  });

  test('rejects a malformed account id or Region', () => {
    expect(() => globalDatastoreRef({ suffix: 'x', region: PRIMARY, accountId: 'abc' })).toThrow(/globalDatastore.accountId must be a 12-digit AWS account id/);
    expect(() => globalDatastoreRef({ suffix: 'x', region: 'virginia', accountId: ACCOUNT })).toThrow(/globalDatastore.region must be an AWS Region name/);
  });
});

describe('RedisPrimaryGroup', () => {
  test('default case: encrypted Multi-AZ group heading a Global Datastore', () => {
    const out = buildPrimary();
    const group = only(out, ElasticacheReplicationGroup);
    expect(group).toMatchObject({
      replication_group_id: 'payments-cache',
      description: 'payments-cache (Global Datastore primary)',
      engine: 'redis',
      engine_version: '7.1',
      node_type: 'cache.r6g.large',
      num_cache_clusters: 2,
      port: 6379,
      automatic_failover_enabled: true,
      multi_az_enabled: true,
      at_rest_encryption_enabled: 'true',
      kms_key_id: primaryKey.arn,
      transit_encryption_enabled: true,
      snapshot_retention_limit: 7,
      final_snapshot_identifier: 'payments-cache-final',
      tags: { [COMPONENT_TAG]: 'app-cache', [CACHE_ROLE_TAG]: 'primary' },
    });
    expect(group.global_replication_group_id).toBeUndefined();
    expect(group.subnet_group_name).toMatch(/^\$\{aws_elasticache_subnet_group\.\w+\.name\}$/);
    expect(group.security_group_ids).toEqual([expect.stringMatching(/^\$\{aws_security_group\.\w+\.id\}$/)]);

    const global = only(out, ElasticacheGlobalReplicationGroup);
    expect(global).toMatchObject({
      global_replication_group_id_suffix: 'payments-cache',
      global_replication_group_description: 'payments-cache (Global Datastore primary)',
      engine_version: '7.1',
    });
    expect(global.primary_replication_group_id).toMatch(/^\$\{aws_elasticache_replication_group\.\w+\.id\}$/);

    expect(only(out, ElasticacheSubnetGroup)).toMatchObject({ name: 'payments-cache', subnet_ids: ['subnet-a', 'subnet-b'] });
    const sg = only(out, SecurityGroup);
    expect(sg).toMatchObject({ name: 'payments-cache-redis', vpc_id: 'vpc-1' });
    expect(sg.ingress).toBeUndefined();
    expect(resources(out, VpcSecurityGroupIngressRule)).toEqual([]);
  });

  test('getters', () => {
    let cache!: RedisPrimaryGroup;
    const out = synth(PRIMARY, (stack) => {
      cache = new RedisPrimaryGroup(stack, 'Cache', primaryProps());
      new TerraformOutput(stack, 'GlobalDatastoreId', { value: cache.globalDatastoreId });
    });
    expect(cache.replicationGroupId).toBe('payments-cache');
    expect(cache.globalReplicationGroupIdSuffix).toBe('payments-cache');
    expect(cache.expectedGlobalDatastoreId).toBe('ldgnf-payments-cache');
    expect(cache.expectedGlobalDatastoreId).toBe(datastore.id);
    expect(JSON.parse(out).output.GlobalDatastoreId.value).toMatch(/^\$\{aws_elasticache_global_replication_group\.\w+\.global_replication_group_id\}$/);
  });

  test('explicit options override the defaults', () => {
    const out = buildPrimary({
      description: 'Session cache',
      snapshotRetentionDays: 35,
      numCacheClusters: 3,
      allowedCidrs: ['10.0.0.0/16', '10.1.0.0/16'],
      tags: { team: 'payments', [CACHE_ROLE_TAG]: 'other' },
    });
    expect(only(out, ElasticacheReplicationGroup)).toMatchObject({
      description: 'Session cache',
      snapshot_retention_limit: 35,
      num_cache_clusters: 3,
      tags: { team: 'payments', [COMPONENT_TAG]: 'app-cache', [CACHE_ROLE_TAG]: 'primary' },
    });
    expect(only(out, ElasticacheGlobalReplicationGroup).global_replication_group_description).toBe('Session cache');
    const rules = resources(out, VpcSecurityGroupIngressRule);
    expect(rules.map((r) => r.cidr_ipv4).sort()).toEqual(['10.0.0.0/16', '10.1.0.0/16']);
    for (const rule of rules) expect(rule).toMatchObject({ ip_protocol: 'tcp', from_port: 6379, to_port: 6379 });
  });

  test('accepts 6.x and 5.0.6 engine versions', () => {
    expect(only(buildPrimary({ engineVersion: '6.x' }), ElasticacheReplicationGroup).engine_version).toBe('6.x');
    expect(only(buildPrimary({ engineVersion: '5.0.6' }), ElasticacheGlobalReplicationGroup).engine_version).toBe('5.0.6');
  });

  describe('validation', () => {
    test.each([
      ['1cache', 'starts with a digit'],
      ['Cache', 'upper case'],
      ['cache-', 'trailing dash'],
      ['ca--che', 'double dash'],
      ['c'.repeat(41), 'too long'],
    ])('replicationGroupId %j (%s)', (replicationGroupId) => {
      expect(() => buildPrimary({ replicationGroupId })).toThrow(/^stack\/Cache: replicationGroupId must be 1-40 characters .*\(got ".*"\)$/);
    });

    test('engineVersion must be one Global Datastore supports', () => {
      expect(() => buildPrimary({ engineVersion: '5.0.5' })).toThrow(
        /engineVersion must be a Redis OSS version Global Datastore supports, 5.0.6 or later .*\(got "5.0.5"\)/,
      );
      expect(() => buildPrimary({ engineVersion: 'seven' })).toThrow(/engineVersion must be a Redis OSS version/);
    });

    test('nodeType must be a non-burstable ElastiCache type', () => {
      expect(() => buildPrimary({ nodeType: 'r6g.large' })).toThrow(/nodeType must be an ElastiCache node type .*\(got "r6g.large"\)/);
      expect(() => buildPrimary({ nodeType: 'cache.t4g.medium' })).toThrow(
        /nodeType must not be a burstable \(cache.t\*\) node type: Global Datastore does not support them/,
      );
    });

    test('numCacheClusters must be 2-6', () => {
      expect(() => buildPrimary({ numCacheClusters: 1 })).toThrow(/numCacheClusters must be >= 2: automatic failover needs a replica \(got 1\)/);
      expect(() => buildPrimary({ numCacheClusters: 7 })).toThrow(/numCacheClusters must be <= 6 .*\(got 7\)/);
    });

    test('kmsKey must be in the group Region', () => {
      expect(() => buildPrimary({ kmsKey: standbyKey })).toThrow(/kmsKey.region must be the replication group's Region us-east-1.*\(got "us-west-2"\)/);
    });

    test('snapshotRetentionDays must be 1-35', () => {
      expect(() => buildPrimary({ snapshotRetentionDays: 0 })).toThrow(/snapshotRetentionDays must be an integer from 1 to 35 \(got 0\)/);
      expect(() => buildPrimary({ snapshotRetentionDays: 36 })).toThrow(/snapshotRetentionDays must be an integer from 1 to 35 \(got 36\)/);
    });

    test('globalReplicationGroupIdSuffix must be lower-case letters, digits and dashes', () => {
      expect(() => buildPrimary({ globalReplicationGroupIdSuffix: 'Payments_Cache' })).toThrow(
        /globalReplicationGroupIdSuffix must be lower-case letters.*\(got "Payments_Cache"\)/,
      );
    });

    test('region must have a known Global Datastore id prefix', () => {
      expect(() => buildPrimary({ region: 'eu-south-2', kmsKey: { ...primaryKey, region: 'eu-south-2' } })).toThrow(
        atPath('stack/Cache', /^region must be a Region with a known Global Datastore id prefix .*\(got "eu-south-2"\)$/),
      );
    });

    test('region, subnets and CIDRs are checked', () => {
      expect(() => buildPrimary({ region: 'primary' })).toThrow(/region must be an AWS Region name/);
      expect(() => buildPrimary({ subnetIds: ['subnet-a'] })).toThrow(/subnetIds must list at least 2 subnets/);
      expect(() => buildPrimary({ allowedCidrs: ['0.0.0.0/0'] })).toThrow(/allowedCidrs\[0\] must not open the cache to every address/);
      expect(() => buildPrimary({ allowedCidrs: ['10.0.0.0/33'] })).toThrow(/allowedCidrs\[0\] must be an IPv4 CIDR block/);
    });
  });
});

describe('failback: the swapped Regions adopt the live Global Datastore', () => {
  test("a secondary in the Region the Global Datastore was created in joins it by that Region's prefix; another prefix is refused", () => {
    // Swapped: the primary member is in us-west-2 now, the secondary is back in us-east-1 (where it was created).
    const live = globalDatastoreRef({ suffix: 'payments-cache', region: STANDBY, createdInRegion: PRIMARY, accountId: ACCOUNT });
    const json = synth(
      PRIMARY,
      (stack) => new RedisSecondaryGroup(stack, 'Cache', secondaryProps({ globalDatastore: live, region: PRIMARY, kmsKey: primaryKey })),
    );
    expect(only(json, ElasticacheReplicationGroup).global_replication_group_id).toBe('ldgnf-payments-cache');
    expect(() =>
      synth(
        PRIMARY,
        (stack) =>
          new RedisSecondaryGroup(
            stack,
            'Cache',
            secondaryProps({ globalDatastore: { ...live, id: 'sgaui-payments-cache' }, region: PRIMARY, kmsKey: primaryKey }),
          ),
      ),
    ).toThrow(/globalDatastore.id must start with "ldgnf-", the Global Datastore id prefix of the Region it was created in us-east-1/);
  });

  test('importGlobalDatastoreId: an import block adopts the live Global Datastore instead of creating a second one', () => {
    const json = JSON.parse(buildPrimary({ region: STANDBY, kmsKey: standbyKey, importGlobalDatastoreId: 'ldgnf-payments-cache' }));
    const [address] = Object.keys(json.resource.aws_elasticache_global_replication_group);
    expect(json.import).toEqual([{ to: `aws_elasticache_global_replication_group.${address}`, id: 'ldgnf-payments-cache' }]);
    // Without it nothing is imported: AWS assigns `<prefix of the Region>-<suffix>` on create.
    expect(JSON.parse(buildPrimary()).import).toBeUndefined();
  });

  test.each([
    ['another suffix (the importer sets the suffix from the id: a replacement)', 'ldgnf-other-cache'],
    ['an unknown prefix', 'abcde-payments-cache'],
    ['no prefix', 'payments-cache'],
  ])('importGlobalDatastoreId with %s is refused', (_what, id) => {
    expect(() => buildPrimary({ importGlobalDatastoreId: id })).toThrow(atPath('stack/Cache', new RegExp(`^importGlobalDatastoreId must .*\\(got "${id}"\\)`)));
  });
});

describe('RedisSecondaryGroup', () => {
  test('default case: joins the Global Datastore, inherited arguments omitted', () => {
    const out = buildSecondary();
    const group = only(out, ElasticacheReplicationGroup);
    expect(group).toMatchObject({
      replication_group_id: 'payments-cache-standby',
      description: 'payments-cache-standby (Global Datastore ldgnf-payments-cache secondary)',
      global_replication_group_id: 'ldgnf-payments-cache',
      num_cache_clusters: 2,
      automatic_failover_enabled: true,
      multi_az_enabled: true,
      kms_key_id: standbyKey.arn,
      tags: { [COMPONENT_TAG]: 'app-cache', [CACHE_ROLE_TAG]: 'secondary' },
    });
    // The provider declares these ConflictsWith global_replication_group_id: the Global Datastore sets them.
    for (const inherited of [
      'engine',
      'engine_version',
      'node_type',
      'parameter_group_name',
      'num_node_groups',
      'at_rest_encryption_enabled',
      'transit_encryption_enabled',
      'transit_encryption_mode',
      'security_group_names',
      'snapshot_arns',
      'snapshot_name',
    ]) {
      expect(group[inherited]).toBeUndefined();
    }
    expect(group.subnet_group_name).toMatch(/^\$\{aws_elasticache_subnet_group\.\w+\.name\}$/);
    expect(resources(out, ElasticacheGlobalReplicationGroup)).toEqual([]);
    expect(only(out, ElasticacheSubnetGroup)).toMatchObject({
      name: 'payments-cache-standby',
      subnet_ids: ['subnet-c', 'subnet-d'],
    });
    expect(only(out, SecurityGroup)).toMatchObject({ name: 'payments-cache-standby-redis', vpc_id: 'vpc-2' });
    expect(resources(out, VpcSecurityGroupIngressRule)).toEqual([]);
  });

  test('getters are literals from configuration', () => {
    Testing.synthScope((scope) => {
      new AwsProvider(scope, 'aws', { region: STANDBY });
      const cache = new RedisSecondaryGroup(scope, 'Cache', secondaryProps());
      expect(cache.replicationGroupId).toBe('payments-cache-standby');
      expect(cache.globalReplicationGroupId).toBe('ldgnf-payments-cache');
    });
  });

  test("refuses a Global Datastore id whose prefix is not the primary Region's", () => {
    // eu-central-1's prefix for an eu-west-1 primary (the prod-eu mistake).
    const wrong = { ...globalDatastoreRef({ suffix: 'payments-cache', region: 'eu-west-1', accountId: ACCOUNT }), id: 'iudkw-payments-cache' };
    expect(() => buildSecondary({ globalDatastore: wrong })).toThrow(
      /globalDatastore.id must start with "gxeiz-", the Global Datastore id prefix of the primary's Region eu-west-1 .*\(got "iudkw-payments-cache"\)/,
    );
  });

  test('explicit options', () => {
    const out = buildSecondary({ numCacheClusters: 3, allowedCidrs: ['10.2.0.0/16'], tags: { team: 'payments' } });
    expect(only(out, ElasticacheReplicationGroup)).toMatchObject({
      num_cache_clusters: 3,
      tags: { team: 'payments', [COMPONENT_TAG]: 'app-cache', [CACHE_ROLE_TAG]: 'secondary' },
    });
    expect(only(out, VpcSecurityGroupIngressRule)).toMatchObject({ cidr_ipv4: '10.2.0.0/16', from_port: 6379, to_port: 6379 });
  });

  describe('validation', () => {
    test('replicationGroupId follows the ElastiCache rules', () => {
      expect(() => buildSecondary({ replicationGroupId: 'standby_cache' })).toThrow(/replicationGroupId must be 1-40 characters .*\(got "standby_cache"\)/);
    });

    test('the Global Datastore must be in another Region', () => {
      expect(() => buildSecondary({ globalDatastore: { ...datastore, region: STANDBY } })).toThrow(
        /globalDatastore.region must differ from the secondary's Region us-west-2.*\(got "us-west-2"\)/,
      );
    });

    test('the Global Datastore id must carry the AWS prefix', () => {
      expect(() => buildSecondary({ globalDatastore: { ...datastore, id: 'payments-cache' } })).toThrow(
        /globalDatastore.id must be the full id AWS assigns.*\(got "payments-cache"\)/,
      );
    });

    test('numCacheClusters must be >= 2', () => {
      expect(() => buildSecondary({ numCacheClusters: 1 })).toThrow(/numCacheClusters must be >= 2: automatic failover needs a replica \(got 1\)/);
    });

    test('kmsKey must be in the secondary Region', () => {
      expect(() => buildSecondary({ kmsKey: primaryKey })).toThrow(
        /kmsKey.region must be the replication group's Region us-west-2: a cross-Region member needs a key in its own Region \(got "us-east-1"\)/,
      );
    });

    test('region, subnets and CIDRs are checked', () => {
      expect(() => buildSecondary({ region: 'standby' })).toThrow(/region must be an AWS Region name/);
      expect(() => buildSecondary({ subnetIds: [] })).toThrow(/subnetIds must list at least 2 subnets/);
      expect(() => buildSecondary({ allowedCidrs: ['10.2.0.0'] })).toThrow(/allowedCidrs\[0\] must be an IPv4 CIDR block/);
    });
  });
});

describe('Redis AUTH and client security groups', () => {
  test('primary: AUTH token from a Secrets Manager secret (write-only, replicated), never a literal; TLS on; ROTATE', () => {
    const synthesized = buildPrimary({ authTokenReplicaRegions: [STANDBY] });
    const json = JSON.parse(synthesized);
    const group = only(synthesized, ElasticacheReplicationGroup);
    expect(group.transit_encryption_enabled).toBe(true);
    expect(group.auth_token).toMatch(/^\$\{data\.aws_secretsmanager_secret_version\.Cache_AuthToken_Read_[0-9A-F]+\.secret_string\}$/);
    expect(group.auth_token_update_strategy).toBe('ROTATE');
    const [secret] = Object.values<Json>(json.resource.aws_secretsmanager_secret);
    expect(secret).toMatchObject({
      name: 'payments-cache-auth',
      kms_key_id: primaryKey.arn,
      replica: [{ region: STANDBY, kms_key_id: 'alias/aws/secretsmanager' }],
    });
    const [version] = Object.values<Json>(json.resource.aws_secretsmanager_secret_version);
    expect(version.secret_string).toBeUndefined();
    expect(version.secret_string_wo).toMatch(/^\$\{ephemeral\.aws_secretsmanager_random_password\.Cache_AuthToken_\w+\.random_password\}$/);
    expect(version.secret_string_wo_version).toBe(1);
    const [generator] = Object.values<Json>(json.ephemeral.aws_secretsmanager_random_password);
    expect(generator).toMatchObject({ password_length: 64, exclude_punctuation: true, include_space: false });
  });

  test("secondary: the primary's AUTH token from the secret's replica in its own Region; TLS inherited", () => {
    const out = buildSecondary();
    const json = JSON.parse(out);
    const group = only(out, ElasticacheReplicationGroup);
    // CreateReplicationGroup does not infer AuthToken from the Global Datastore's primary.
    expect(group.auth_token).toMatch(/^\$\{data\.aws_secretsmanager_secret_version\.Cache_AuthToken_Read_[0-9A-F]+\.secret_string\}$/);
    expect(group.auth_token_update_strategy).toBe('ROTATE');
    expect(group.transit_encryption_enabled).toBeUndefined();
    const [read] = Object.values<Json>(json.data.aws_secretsmanager_secret_version);
    expect(read).toEqual({ secret_id: 'payments-cache-auth' });
    // Read from the replica: the standby creates no secret of its own.
    expect(json.resource.aws_secretsmanager_secret).toBeUndefined();
  });

  test('secondary: authTokenSecretName must be a secret name', () => {
    expect(() => buildSecondary({ authTokenSecretName: 'bad name' })).toThrow(
      /authTokenSecretName must be a Secrets Manager secret name .* \(got "bad name"\)/,
    );
  });

  test('allowedSecurityGroupIds: ingress on 6379 from those groups only', () => {
    for (const synthesized of [buildPrimary({ allowedSecurityGroupIds: ['sg-eks'] }), buildSecondary({ allowedSecurityGroupIds: ['sg-eks'] })]) {
      const rules = resources(synthesized, VpcSecurityGroupIngressRule);
      expect(rules).toHaveLength(1);
      expect(rules[0]).toMatchObject({ ip_protocol: 'tcp', from_port: 6379, to_port: 6379, referenced_security_group_id: 'sg-eks' });
      expect(rules[0].cidr_ipv4).toBeUndefined();
    }
  });

  test.each([
    [{ authTokenVersion: 0 }, /authTokenVersion must be an integer >= 1 \(got 0\)/],
    [{ authTokenReplicaRegions: [PRIMARY] }, /authTokenReplicaRegions\[0\] must differ from the group's Region us-east-1/],
  ])('rejects %j', (over, message) => {
    expect(() => buildPrimary(over)).toThrow(message);
  });
});
