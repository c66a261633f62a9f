import '../support/cdktf-matchers';
import { Testing, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Route53HealthCheck } from '@cdktf/provider-aws/lib/route53-health-check';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Route53RecoverycontrolconfigSafetyRule } from '@cdktf/provider-aws/lib/route53recoverycontrolconfig-safety-rule';
import {
  DNS_SWITCH_TAG,
  EndpointHealthCheck,
  EndpointHealthCheckProps,
  FailoverRecord,
  FailoverRecordProps,
  ManualSwitch,
  RecoveryControlSwitch,
  RecoveryControlSwitchProps,
} from '../../modules/dns-failover';
import { atPath } from '../support/errors';

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
  const build = (props: Partial<EndpointHealthCheckProps> = {}) => synth((s) => new EndpointHealthCheck(s, 'HealthCheck', { fqdn, ...props }));

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
      expect(() => build(props)).toThrow(atPath('stack/HealthCheck', message));
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
    const record = only(
      build({ role: 'PRIMARY', healthCheck: { healthCheckId: 'abcdef01-2345-6789-abcd-ef0123456789' }, ttlSeconds: 30, setIdentifier: 'use1' }),
      'aws_route53_record',
    );
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
      [
        'alias with ttl',
        { target: undefined, alias, ttlSeconds: 60 },
        /^ttlSeconds is not allowed with alias \(Route 53 uses the alias target TTL\) \(got 60\)/,
      ],
      ['alias zone id', { target: undefined, alias: { ...alias, zoneId: 'abc' } }, /^alias.zoneId must be a Route 53 hosted zone id/],
      ['target with A', { recordType: 'A' }, /^recordType must be 'CNAME' with target.*\(got "A"\)/],
      ['target host', { target: 'http://x' }, /^target must be a DNS host name \(got "http:\/\/x"\)/],
      ['ttlSeconds', { ttlSeconds: 0 }, /^ttlSeconds must be an integer >= 1 \(got 0\)/],
      ['setIdentifier', { setIdentifier: 'x'.repeat(129) }, /^setIdentifier must be 1 to 128 characters/],
    ])('%s', (_, props, message) => {
      expect(() => build(props)).toThrow(atPath('stack/Record', message));
    });
  });
});

describe('adopting live records and health checks (failback)', () => {
  const record = (p: Partial<FailoverRecordProps> = {}) =>
    JSON.parse(
      synth((s) => {
        const primary = new FailoverRecord(s, 'Primary', {
          hostedZoneId: 'Z0123456789ABCDEFGHIJ',
          recordName: 'api.example.com',
          role: 'PRIMARY',
          target: 'api-euw1.example.com',
          healthCheck: { healthCheckId: 'hc' },
          importExisting: true,
        });
        new FailoverRecord(s, 'Secondary', {
          hostedZoneId: 'Z0123456789ABCDEFGHIJ',
          recordName: 'api.example.com',
          role: 'SECONDARY',
          target: 'api-euc1.example.com',
          importExisting: true,
          after: [primary],
          ...p,
        });
      }),
    );

  test('importExisting imports each record by <zone>_<name>_<type>_<set identifier>; after orders the rewrite', () => {
    const json = record();
    const keys = Object.fromEntries(Object.entries<any>(json.resource.aws_route53_record).map(([k, r]) => [r.failover_routing_policy.type, k]));
    expect(json.import).toEqual([
      { to: `aws_route53_record.${keys.PRIMARY}`, id: 'Z0123456789ABCDEFGHIJ_api.example.com_CNAME_api.example.com-primary' },
      { to: `aws_route53_record.${keys.SECONDARY}`, id: 'Z0123456789ABCDEFGHIJ_api.example.com_CNAME_api.example.com-secondary' },
    ]);
    expect(json.resource.aws_route53_record[keys.SECONDARY].depends_on).toEqual([`aws_route53_record.${keys.PRIMARY}`]);
  });

  test('a record name with "_" cannot be imported (the provider splits the id on "_")', () => {
    expect(() => record({ recordName: 'my_api.example.com' })).toThrow(/recordName must not contain "_" to be imported .*\(got "my_api.example.com"\)/);
  });

  test('EndpointHealthCheck importId: imported by id; a malformed id is refused', () => {
    const json = JSON.parse(synth((s) => new EndpointHealthCheck(s, 'Check', { fqdn: 'api.example.com', importId: 'e0000000-0000-4000-8000-000000000001' })));
    expect(json.import).toEqual([
      { to: `aws_route53_health_check.${Object.keys(json.resource.aws_route53_health_check)[0]}`, id: 'e0000000-0000-4000-8000-000000000001' },
    ]);
    expect(() => synth((s) => new EndpointHealthCheck(s, 'Check', { fqdn: 'api.example.com', importId: 'hc-1' }))).toThrow(
      atPath('stack/Check', /^importId must be a Route 53 health check id \(a lower-case UUID\) \(got "hc-1"\)/),
    );
  });
});

describe('ManualSwitch', () => {
  test('a disabled CALCULATED check over the endpoint check, marked, whose inversion Terraform never reverts', () => {
    const json = synth((s) => {
      const endpoint = new EndpointHealthCheck(s, 'Endpoint', { fqdn: 'api-use1.payments.example.com' });
      const manual = new ManualSwitch(s, 'Switch', { endpointHealthCheck: endpoint, name: 'api.payments.example.com-switch' });
      new FailoverRecord(s, 'Record', {
        hostedZoneId: 'Z0123456789ABCDEFGHIJ',
        recordName: 'api.payments.example.com',
        role: 'PRIMARY',
        target: 'api-use1.payments.example.com',
        healthCheck: manual,
      });
    });
    const checks = JSON.parse(json).resource.aws_route53_health_check;
    const [endpointKey] = Object.keys(checks).filter((k) => checks[k].type === 'HTTPS');
    const [switchKey] = Object.keys(checks).filter((k) => checks[k].type === 'CALCULATED');
    const { '//': _meta, ...sw } = checks[switchKey];
    expect(sw).toEqual({
      type: 'CALCULATED',
      disabled: true,
      invert_healthcheck: false,
      child_healthchecks: [`\${aws_route53_health_check.${endpointKey}.id}`],
      child_health_threshold: 1,
      tags: { Name: 'api.payments.example.com-switch', [DNS_SWITCH_TAG]: 'manual' },
      lifecycle: { ignore_changes: ['invert_healthcheck'] },
    });
    expect(json).toHaveResourceWithProperties(Route53Record, { health_check_id: `\${aws_route53_health_check.${switchKey}.id}` });
  });

  test('name must fit a tag value', () => {
    expect(() => synth((s) => new ManualSwitch(s, 'Switch', { endpointHealthCheck: { healthCheckId: 'x' }, name: '' }))).toThrow(
      atPath('stack/Switch', /^name must be 1 to 256 characters \(a tag value\) \(got ""\)/),
    );
  });
});

describe('RecoveryControlSwitch', () => {
  const props: RecoveryControlSwitchProps = { name: 'payments-prod-dns', primaryRegion: 'eu-west-1', standbyRegion: 'eu-central-1' };
  const build = (p: Partial<RecoveryControlSwitchProps> = {}) => {
    let arc: RecoveryControlSwitch | undefined;
    const json = JSON.parse(
      synth((s) => {
        arc = new RecoveryControlSwitch(s, 'Arc', { ...props, ...p });
        new FailoverRecord(s, 'Primary', {
          hostedZoneId: 'Z0123456789ABCDEFGHIJ',
          recordName: 'api.example.com',
          role: 'PRIMARY',
          target: 'api-euw1.example.com',
          healthCheck: arc.primaryHealthCheck,
        });
        new FailoverRecord(s, 'Secondary', {
          hostedZoneId: 'Z0123456789ABCDEFGHIJ',
          recordName: 'api.example.com',
          role: 'SECONDARY',
          target: 'api-euc1.example.com',
          healthCheck: arc.standbyHealthCheck,
        });
      }),
    );
    return { json, arc: arc! };
  };
  const byName = (json: any, type: string) =>
    Object.fromEntries(Object.entries<any>(json.resource[type]).map(([k, v]) => [v.name ?? v.tags?.Name, { key: k, ...v }]));

  test('cluster, control panel, a routing control per Region, an at-least-one-ON safety rule, a RECOVERY_CONTROL check each', () => {
    const { json } = build();
    const cluster = only(JSON.stringify(json), 'aws_route53recoverycontrolconfig_cluster');
    expect(cluster.name).toBe('payments-prod-dns');
    const clusterKey = Object.keys(json.resource.aws_route53recoverycontrolconfig_cluster)[0];
    const panelKey = Object.keys(json.resource.aws_route53recoverycontrolconfig_control_panel)[0];
    expect(json.resource.aws_route53recoverycontrolconfig_control_panel[panelKey]).toMatchObject({
      name: 'payments-prod-dns-panel',
      cluster_arn: `\${aws_route53recoverycontrolconfig_cluster.${clusterKey}.arn}`,
    });
    const controls = byName(json, 'aws_route53recoverycontrolconfig_routing_control');
    expect(Object.keys(controls).sort()).toEqual(['payments-prod-dns-eu-central-1', 'payments-prod-dns-eu-west-1']);
    for (const c of Object.values<any>(controls)) expect(c.control_panel_arn).toBe(`\${aws_route53recoverycontrolconfig_control_panel.${panelKey}.arn}`);
    const rc = (region: string) => `\${aws_route53recoverycontrolconfig_routing_control.${controls[`payments-prod-dns-${region}`].key}.arn}`;
    expect(JSON.stringify(json)).toHaveResourceWithProperties(Route53RecoverycontrolconfigSafetyRule, {
      name: 'payments-prod-dns-at-least-one-on',
      asserted_controls: [rc('eu-west-1'), rc('eu-central-1')],
      rule_config: { type: 'ATLEAST', threshold: 1, inverted: false },
      wait_period_ms: 5000,
    });
    const checks = byName(json, 'aws_route53_health_check');
    for (const region of ['eu-west-1', 'eu-central-1']) {
      expect(checks[`payments-prod-dns-${region}`]).toMatchObject({
        type: 'RECOVERY_CONTROL',
        routing_control_arn: rc(region),
        tags: { [DNS_SWITCH_TAG]: 'arc' },
      });
    }
    const records = Object.values<any>(json.resource.aws_route53_record);
    const hcOf = (role: string) => records.find((r) => r.failover_routing_policy.type === role).health_check_id;
    expect(hcOf('PRIMARY')).toBe(`\${aws_route53_health_check.${checks['payments-prod-dns-eu-west-1'].key}.id}`);
    expect(hcOf('SECONDARY')).toBe(`\${aws_route53_health_check.${checks['payments-prod-dns-eu-central-1'].key}.id}`);
  });

  test('the standby routing control waits for the primary one: ARC refuses concurrent changes to a panel (409)', () => {
    const { json } = build();
    const controls = byName(json, 'aws_route53recoverycontrolconfig_routing_control');
    expect(controls['payments-prod-dns-eu-west-1'].depends_on).toBeUndefined();
    expect(controls['payments-prod-dns-eu-central-1'].depends_on).toEqual([
      `aws_route53recoverycontrolconfig_routing_control.${controls['payments-prod-dns-eu-west-1'].key}`,
    ]);
  });

  test('waitPeriodMs and getters', () => {
    const { json, arc } = build({ waitPeriodMs: 10000 });
    expect(Object.values<any>(json.resource.aws_route53recoverycontrolconfig_safety_rule)[0].wait_period_ms).toBe(10000);
    expect(arc.primaryRoutingControlArn).toMatch(/TfToken/);
    expect(arc.clusterArn).toMatch(/TfToken/);
  });

  const panel = 'arn:aws:route53-recovery-control::123456789012:controlpanel/0123456789abcdef0123456789abcdef';
  const liveIds = {
    clusterArn: 'arn:aws:route53-recovery-control::123456789012:cluster/c0000000-0000-4000-8000-000000000001',
    controlPanelArn: panel,
    safetyRuleArn: `${panel}/safetyrule/5afe000000000001`,
    routingControls: {
      'eu-west-1': { arn: `${panel}/routingcontrol/1000000000000001`, healthCheckId: 'a1000000-0000-4000-8000-000000000001' },
      'eu-central-1': { arn: `${panel}/routingcontrol/2000000000000002`, healthCheckId: 'a2000000-0000-4000-8000-000000000002' },
    },
  };

  test('importIds: every ARC object and RECOVERY_CONTROL check is imported, routing controls and checks matched by Region', () => {
    const { json } = build({ importIds: liveIds });
    const controls = byName(json, 'aws_route53recoverycontrolconfig_routing_control');
    const checks = byName(json, 'aws_route53_health_check');
    const key = (type: string) => `${type}.${Object.keys(json.resource[type])[0]}`;
    expect(Object.fromEntries(json.import.map((i: any) => [i.to, i.id]))).toEqual({
      [key('aws_route53recoverycontrolconfig_cluster')]: liveIds.clusterArn,
      [key('aws_route53recoverycontrolconfig_control_panel')]: panel,
      [key('aws_route53recoverycontrolconfig_safety_rule')]: liveIds.safetyRuleArn,
      [`aws_route53recoverycontrolconfig_routing_control.${controls['payments-prod-dns-eu-west-1'].key}`]: liveIds.routingControls['eu-west-1'].arn,
      [`aws_route53recoverycontrolconfig_routing_control.${controls['payments-prod-dns-eu-central-1'].key}`]: liveIds.routingControls['eu-central-1'].arn,
      [`aws_route53_health_check.${checks['payments-prod-dns-eu-west-1'].key}`]: liveIds.routingControls['eu-west-1'].healthCheckId,
      [`aws_route53_health_check.${checks['payments-prod-dns-eu-central-1'].key}`]: liveIds.routingControls['eu-central-1'].healthCheckId,
    });
    expect(build().json.import).toBeUndefined();
  });

  test('firstAssertedRegion keeps the live safety rule: the standby Region first when the live primary was the standby', () => {
    const { json } = build({ firstAssertedRegion: 'eu-central-1' });
    const controls = byName(json, 'aws_route53recoverycontrolconfig_routing_control');
    const rule = Object.values<any>(json.resource.aws_route53recoverycontrolconfig_safety_rule)[0];
    expect(rule.asserted_controls).toEqual(
      ['eu-central-1', 'eu-west-1'].map((r) => `\${aws_route53recoverycontrolconfig_routing_control.${controls[`payments-prod-dns-${r}`].key}.arn}`),
    );
  });

  test.each<[string, Partial<RecoveryControlSwitchProps>, RegExp]>([
    [
      'firstAssertedRegion of neither Region',
      { firstAssertedRegion: 'us-east-1' },
      /^firstAssertedRegion must be primaryRegion eu-west-1 or standbyRegion eu-central-1 \(got "us-east-1"\)/,
    ],
    [
      'importIds without a Region',
      { importIds: { ...liveIds, routingControls: { 'eu-west-1': liveIds.routingControls['eu-west-1'] } } },
      /^importIds.routingControls must have exactly one entry per Region of the switch \(eu-central-1, eu-west-1\).*\(got \["eu-west-1"\]\)/,
    ],
    [
      'importIds safety rule of another panel',
      { importIds: { ...liveIds, safetyRuleArn: 'arn:aws:route53-recovery-control::123456789012:controlpanel/ffff/safetyrule/1' } },
      /^importIds.safetyRuleArn must be the ARN of a safetyrule of control panel/,
    ],
    ['importIds cluster ARN', { importIds: { ...liveIds, clusterArn: 'cluster-1' } }, /^importIds.clusterArn must be an ARC cluster ARN .*\(got "cluster-1"\)/],
    [
      'importIds health check id',
      {
        importIds: {
          ...liveIds,
          routingControls: { ...liveIds.routingControls, 'eu-west-1': { ...liveIds.routingControls['eu-west-1'], healthCheckId: 'HC1' } },
        },
      },
      /^importIds.routingControls.eu-west-1.healthCheckId must be a Route 53 health check id \(a lower-case UUID\) \(got "HC1"\)/,
    ],
  ])('%s', (_, p, message) => {
    expect(() => build(p)).toThrow(atPath('stack/Arc', message));
  });

  test.each<[string, Partial<RecoveryControlSwitchProps>, RegExp]>([
    ['name with white space', { name: 'my switch' }, /^name must be 1 to 40 characters without white space .* \(got "my switch"\)/],
    ['name too long', { name: 'x'.repeat(41) }, /^name must be 1 to 40 characters/],
    ['same Region', { standbyRegion: 'eu-west-1' }, /^standbyRegion must differ from primaryRegion \(got "eu-west-1"\)/],
    ['waitPeriodMs', { waitPeriodMs: -1 }, /^waitPeriodMs must be an integer >= 0 \(got -1\)/],
  ])('%s', (_, p, message) => {
    expect(() => build(p)).toThrow(atPath('stack/Arc', message));
  });
});
