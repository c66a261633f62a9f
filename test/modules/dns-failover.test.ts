import { Testing, TerraformStack } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Route53HealthCheck } from '@cdktf/provider-aws/lib/route53-health-check';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { EndpointHealthCheck, EndpointHealthCheckProps, FailoverRecord, FailoverRecordProps } from '../../modules/dns-failover';

const synth = (build: (stack: TerraformStack) => void): string =>
  Testing.synthScope((scope) => {
    new AwsProvider(scope, 'aws', { region: 'us-east-1' });
    build(scope as TerraformStack);
  });
const only = (json: string, type: string): Record<string, any> => {
  const all = Object.values<Record<string, any>>(JSON.parse(json).resource[type]);
  expect(all).toHaveLength(1);
  return all[0];
};

describe('EndpointHealthCheck', () => {
  const fqdn = 'api-use1.payments.example.com';
  const build = (props: Partial<EndpointHealthCheckProps> = {}) =>
    synth((s) => new EndpointHealthCheck(s, 'HealthCheck', { fqdn, ...props }));

  test('defaults: HTTPS on 443, /healthz, every 10 s, 3 failures, latency measured', () => {
    const check = only(build(), 'aws_route53_health_check');
    expect(check).toEqual({
      type: 'HTTPS',
      fqdn,
      port: 443,
      resource_path: '/healthz',
      enable_sni: true,
      request_interval: 10,
      failure_threshold: 3,
      measure_latency: true,
      tags: { Name: fqdn },
    });
  });

  test('getters: healthCheckId reference and detectionSeconds = interval x threshold', () => {
    Testing.synthScope((scope) => {
      const fast = new EndpointHealthCheck(scope, 'Fast', { fqdn });
      expect(fast.detectionSeconds).toBe(30);
      expect(fast.healthCheckId).toMatch(/TfToken/);
      const slow = new EndpointHealthCheck(scope, 'Slow', { fqdn, requestIntervalSeconds: 30, failureThreshold: 5 });
      expect(slow.detectionSeconds).toBe(150);
    });
  });

  test('HTTP defaults to port 80 and has no SNI', () => {
    const check = only(build({ protocol: 'HTTP', resourcePath: '/ready' }), 'aws_route53_health_check');
    expect(check).toMatchObject({ type: 'HTTP', port: 80, resource_path: '/ready' });
    expect(check.enable_sni).toBeUndefined();
  });

  test('TCP takes an explicit port and no resource path', () => {
    const check = only(build({ protocol: 'TCP', port: 5432 }), 'aws_route53_health_check');
    expect(check).toMatchObject({ type: 'TCP', port: 5432 });
    expect(check.resource_path).toBeUndefined();
    expect(check.enable_sni).toBeUndefined();
  });

  test('port, interval, threshold, regions and tags', () => {
    const json = build({
      port: 8443,
      requestIntervalSeconds: 30,
      failureThreshold: 1,
      regions: ['us-east-1', 'us-west-2', 'eu-west-1'],
      tags: { team: 'payments', Name: 'primary-api' },
    });
    expect(json).toHaveResourceWithProperties(Route53HealthCheck, {
      port: 8443,
      request_interval: 30,
      failure_threshold: 1,
      regions: ['us-east-1', 'us-west-2', 'eu-west-1'],
      tags: { team: 'payments', Name: 'primary-api' },
    });
  });

  describe('validation', () => {
    test.each<[string, Partial<EndpointHealthCheckProps>, RegExp]>([
      ['fqdn', { fqdn: 'not a host' }, /^fqdn must be a DNS host name \(got "not a host"\)/],
      ['protocol', { protocol: 'UDP' as never }, /^protocol must be 'HTTP', 'HTTPS' or 'TCP' \(got "UDP"\)/],
      ['TCP without port', { protocol: 'TCP' }, /^port is required for protocol TCP/],
      ['port range', { port: 70000 }, /^port must be an integer from 1 to 65535 \(got 70000\)/],
      ['TCP with resourcePath', { protocol: 'TCP', port: 443, resourcePath: '/x' }, /^resourcePath is not allowed for protocol TCP \(got "\/x"\)/],
      ['resourcePath shape', { resourcePath: 'healthz' }, /^resourcePath must start with '\/'/],
      ['requestIntervalSeconds', { requestIntervalSeconds: 20 as never }, /^requestIntervalSeconds must be 10 or 30 \(got 20\)/],
      ['failureThreshold low', { failureThreshold: 0 }, /^failureThreshold must be an integer from 1 to 10 \(got 0\)/],
      ['failureThreshold high', { failureThreshold: 11 }, /^failureThreshold must be an integer from 1 to 10 \(got 11\)/],
      ['regions count', { regions: ['us-east-1', 'us-west-2'] }, /^regions must list at least 3 checker Regions/],
      ['regions value', { regions: ['us-east-1', 'us-west-2', 'eu-central-1'] }, /^regions must be Route 53 checker Regions.*\(got "eu-central-1"\)/],
    ])('%s', (_, props, message) => {
      expect(() => build(props)).toThrow(message);
    });
  });
});

describe('FailoverRecord', () => {
  const zone = 'Z0123456789ABCDEFGHIJ';
  const secondary: FailoverRecordProps = {
    hostedZoneId: zone,
    recordName: 'api.payments.example.com',
    role: 'SECONDARY',
    target: 'api-usw2.payments.example.com',
  };
  const build = (props: Partial<FailoverRecordProps> = {}) => synth((s) => new FailoverRecord(s, 'Record', { ...secondary, ...props }));

  test('defaults: CNAME with a 60 s TTL and a role-derived set identifier', () => {
    const record = only(build(), 'aws_route53_record');
    expect(record).toEqual({
      zone_id: zone,
      name: 'api.payments.example.com',
      type: 'CNAME',
      ttl: 60,
      records: ['api-usw2.payments.example.com'],
      set_identifier: 'api.payments.example.com-secondary',
      failover_routing_policy: { type: 'SECONDARY' },
    });
  });

  test('PRIMARY uses the EndpointHealthCheck', () => {
    const json = synth((s) => {
      const healthCheck = new EndpointHealthCheck(s, 'HealthCheck', { fqdn: 'api-use1.payments.example.com' });
      const record = new FailoverRecord(s, 'Record', { ...secondary, role: 'PRIMARY', target: 'api-use1.payments.example.com', healthCheck });
      expect(record.role).toBe('PRIMARY');
      expect(record.setIdentifier).toBe('api.payments.example.com-primary');
      expect(record.recordName).toBe('api.payments.example.com');
      expect(record.ttlSeconds).toBe(60);
    });
    const checkKey = Object.keys(JSON.parse(json).resource.aws_route53_health_check)[0];
    expect(json).toHaveResourceWithProperties(Route53Record, {
      failover_routing_policy: { type: 'PRIMARY' },
      set_identifier: 'api.payments.example.com-primary',
      health_check_id: `\${aws_route53_health_check.${checkKey}.id}`,
    });
  });

  test('a health check id from configuration, with ttl and set identifier', () => {
    const record = only(build({ role: 'PRIMARY', healthCheck: { healthCheckId: 'abcdef01-2345-6789-abcd-ef0123456789' }, ttlSeconds: 30, setIdentifier: 'use1' }), 'aws_route53_record');
    expect(record).toMatchObject({ health_check_id: 'abcdef01-2345-6789-abcd-ef0123456789', ttl: 30, set_identifier: 'use1' });
  });

  test('alias defaults to an A record without TTL', () => {
    const alias = { name: 'my-alb-123.us-west-2.elb.amazonaws.com', zoneId: 'Z1H1FL5HABSF5', evaluateTargetHealth: true };
    let ttl: number | undefined = 0;
    const json = synth((s) => {
      ttl = new FailoverRecord(s, 'Record', { ...secondary, target: undefined, alias }).ttlSeconds;
    });
    const record = only(json, 'aws_route53_record');
    expect(record).toMatchObject({ type: 'A', alias: { name: alias.name, zone_id: 'Z1H1FL5HABSF5', evaluate_target_health: true } });
    expect(record.ttl).toBeUndefined();
    expect(record.records).toBeUndefined();
    expect(ttl).toBeUndefined();
  });

  test('alias with recordType AAAA', () => {
    const alias = { name: 'd111111abcdef8.cloudfront.net', zoneId: 'Z2FDTNDATAQYW2', evaluateTargetHealth: false };
    expect(build({ target: undefined, alias, recordType: 'AAAA' })).toHaveResourceWithProperties(Route53Record, { type: 'AAAA' });
  });

  describe('validation', () => {
    const alias = { name: 'lb.example.com', zoneId: 'Z1H1FL5HABSF5', evaluateTargetHealth: true };
    test.each<[string, Partial<FailoverRecordProps>, RegExp]>([
      ['hostedZoneId', { hostedZoneId: '/hostedzone/Z123' }, /^hostedZoneId must be a Route 53 hosted zone id.*\(got "\/hostedzone\/Z123"\)/],
      ['recordName', { recordName: 'api' }, /^recordName must be a fully qualified DNS name.*\(got "api"\)/],
      ['role', { role: 'TERTIARY' as never }, /^role must be 'PRIMARY' or 'SECONDARY' \(got "TERTIARY"\)/],
      ['neither target nor alias', { target: undefined }, /^target\/alias must give exactly one of target and alias/],
      ['both target and alias', { alias }, /^target\/alias must give exactly one of target and alias/],
      ['PRIMARY without health check', { role: 'PRIMARY' }, /^healthCheck is required for a PRIMARY failover record/],
      ['alias with CNAME', { target: undefined, alias, recordType: 'CNAME' }, /^recordType must be 'A' or 'AAAA' with alias \(got "CNAME"\)/],
      ['alias with ttl', { target: undefined, alias, ttlSeconds: 60 }, /^ttlSeconds is not allowed with alias \(Route 53 uses the alias target TTL\) \(got 60\)/],
      ['alias zone id', { target: undefined, alias: { ...alias, zoneId: 'abc' } }, /^alias.zoneId must be a Route 53 hosted zone id/],
      ['target with A', { recordType: 'A' }, /^recordType must be 'CNAME' with target.*\(got "A"\)/],
      ['target host', { target: 'http://x' }, /^target must be a DNS host name \(got "http:\/\/x"\)/],
      ['ttlSeconds', { ttlSeconds: 0 }, /^ttlSeconds must be an integer >= 1 \(got 0\)/],
      ['setIdentifier', { setIdentifier: 'x'.repeat(129) }, /^setIdentifier must be 1 to 128 characters/],
    ])('%s', (_, props, message) => {
      expect(() => build(props)).toThrow(message);
    });
  });
});
