import '../support/cdktf-matchers';
import { Testing, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { Network, NetworkProps } from '../../modules/network';
import { atPath } from '../support/errors';

type Resources = Record<string, Record<string, any>>;

const synth = (build: (stack: TerraformStack) => void): string =>
  Testing.synthScope((scope) => {
    new AwsProvider(scope, 'aws', { region: 'us-east-1' });
    build(scope as TerraformStack);
  });

const resources = (json: string): Resources => JSON.parse(json).resource ?? {};
const all = (json: string, type: string): Record<string, any>[] => Object.values(resources(json)[type] ?? {});

const base: NetworkProps = { name: 'payments-prod', region: 'us-east-1', cidr: '10.0.0.0/16' };
const build = (props: Partial<NetworkProps> = {}) => synth((s) => new Network(s, 'Network', { ...base, ...props }));

describe('Network', () => {
  describe('defaults', () => {
    const json = build();

    test('creates a VPC with DNS support and host names', () => {
      expect(json).toHaveResourceWithProperties(Vpc, {
        cidr_block: '10.0.0.0/16',
        enable_dns_support: true,
        enable_dns_hostnames: true,
        tags: { Name: 'payments-prod' },
      });
    });

    test('flow logs of all traffic to a log group kept 365 days, through a role only VPC Flow Logs may assume', () => {
      const [flow] = all(json, 'aws_flow_log');
      const groupName = Object.keys(resources(json).aws_cloudwatch_log_group)[0];
      const roleName = Object.keys(resources(json).aws_iam_role)[0];
      expect(flow).toMatchObject({
        vpc_id: `\${aws_vpc.${Object.keys(resources(json).aws_vpc)[0]}.id}`,
        traffic_type: 'ALL',
        log_destination_type: 'cloud-watch-logs',
        log_destination: `\${aws_cloudwatch_log_group.${groupName}.arn}`,
        iam_role_arn: `\${aws_iam_role.${roleName}.arn}`,
      });
      expect(all(json, 'aws_cloudwatch_log_group')[0]).toMatchObject({
        name: '/aws/vpc-flow-logs/payments-prod',
        retention_in_days: 365,
        tags: { 'warm-standby/log-class': 'audit' },
      });
      const trust = JSON.parse(all(json, 'aws_iam_role')[0].assume_role_policy);
      expect(trust.Statement[0].Principal).toEqual({ Service: 'vpc-flow-logs.amazonaws.com' });
      expect(trust.Statement[0].Condition.ArnLike['aws:SourceArn']).toBe('arn:aws:ec2:us-east-1:*:vpc-flow-log/*');
      const policy = JSON.parse(all(json, 'aws_iam_role_policy')[0].policy);
      expect(policy.Statement[0].Resource).toEqual([`\${aws_cloudwatch_log_group.${groupName}.arn}`, `\${aws_cloudwatch_log_group.${groupName}.arn}:*`]);
    });

    test('carves literal private and public subnets across three AZs', () => {
      const subnets = all(json, 'aws_subnet');
      const privates = subnets.filter((s) => s.tags['kubernetes.io/role/internal-elb'] === '1');
      const publics = subnets.filter((s) => s.tags['kubernetes.io/role/elb'] === '1');
      expect(privates.map((s) => [s.availability_zone, s.cidr_block])).toEqual([
        ['us-east-1a', '10.0.0.0/19'],
        ['us-east-1b', '10.0.32.0/19'],
        ['us-east-1c', '10.0.64.0/19'],
      ]);
      expect(publics.map((s) => [s.availability_zone, s.cidr_block])).toEqual([
        ['us-east-1a', '10.0.128.0/20'],
        ['us-east-1b', '10.0.144.0/20'],
        ['us-east-1c', '10.0.160.0/20'],
      ]);
      expect(publics.every((s) => s.map_public_ip_on_launch === false)).toBe(true);
      expect(privates.every((s) => s.tags['kubernetes.io/role/elb'] === undefined)).toBe(true);
    });

    test('one NAT gateway and EIP per AZ, each private route table uses its own AZ NAT', () => {
      const nats = resources(json).aws_nat_gateway;
      expect(Object.keys(nats)).toHaveLength(3);
      expect(all(json, 'aws_eip')).toHaveLength(3);
      expect(all(json, 'aws_eip').every((e) => e.domain === 'vpc')).toBe(true);
      const natIds = Object.keys(nats).map((key) => `\${aws_nat_gateway.${key}.id}`);
      const natRoutes = all(json, 'aws_route').filter((r) => r.nat_gateway_id);
      expect(natRoutes.map((r) => r.nat_gateway_id).sort()).toEqual(natIds.sort());
      expect(natRoutes.every((r) => r.destination_cidr_block === '0.0.0.0/0')).toBe(true);
      // NAT gateways need the internet gateway attached first.
      expect(Object.values(nats).every((n: any) => n.depends_on?.[0]?.startsWith('aws_internet_gateway.'))).toBe(true);
    });

    test('public subnets route to the internet gateway', () => {
      const igwKey = Object.keys(resources(json).aws_internet_gateway)[0];
      const igwRoutes = all(json, 'aws_route').filter((r) => r.gateway_id);
      expect(igwRoutes).toEqual([expect.objectContaining({ gateway_id: `\${aws_internet_gateway.${igwKey}.id}`, destination_cidr_block: '0.0.0.0/0' })]);
      expect(all(json, 'aws_route_table')).toHaveLength(4);
      expect(all(json, 'aws_route_table_association')).toHaveLength(6);
    });

    test('an S3 gateway endpoint on every private route table (S3 traffic skips the NAT gateways), none on the public one', () => {
      const endpoints = all(json, 'aws_vpc_endpoint');
      expect(endpoints).toHaveLength(1);
      const vpcKey = Object.keys(resources(json).aws_vpc)[0];
      const tables = Object.entries<any>(resources(json).aws_route_table);
      const privateTables = tables.filter(([, t]) => /-private-/.test(t.tags.Name)).map(([k]) => `\${aws_route_table.${k}.id}`);
      expect(privateTables).toHaveLength(3);
      expect(endpoints[0]).toEqual({
        vpc_id: `\${aws_vpc.${vpcKey}.id}`,
        service_name: 'com.amazonaws.us-east-1.s3',
        vpc_endpoint_type: 'Gateway',
        route_table_ids: privateTables,
        tags: { Name: 'payments-prod-s3' },
      });
    });

    test('getters', () => {
      Testing.synthScope((scope) => {
        const network = new Network(scope, 'Network', base);
        expect(network.cidr).toBe('10.0.0.0/16');
        expect(network.privateSubnetIds).toHaveLength(3);
        expect(network.publicSubnetIds).toHaveLength(3);
        expect(network.availabilityZones).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c']);
        expect(network.vpcId).toMatch(/TfToken/);
      });
    });
  });

  test('azCount picks the first AZs of the region and narrows the layout', () => {
    const subnets = all(build({ region: 'eu-west-1', azCount: 2, cidr: '10.1.0.0/24' }), 'aws_subnet');
    expect(subnets.map((s) => [s.availability_zone, s.cidr_block]).sort()).toEqual([
      ['eu-west-1a', '10.1.0.0/26'],
      ['eu-west-1a', '10.1.0.128/27'],
      ['eu-west-1b', '10.1.0.160/27'],
      ['eu-west-1b', '10.1.0.64/26'],
    ]);
  });

  test('six AZs on a /16', () => {
    const subnets = all(build({ azCount: 6 }), 'aws_subnet');
    expect(subnets).toHaveLength(12);
    const cidrsOf = (tag: string) => subnets.filter((s) => s.tags[tag] === '1').map((s) => s.cidr_block);
    expect(cidrsOf('kubernetes.io/role/internal-elb')).toEqual(['10.0.0.0/20', '10.0.16.0/20', '10.0.32.0/20', '10.0.48.0/20', '10.0.64.0/20', '10.0.80.0/20']);
    expect(cidrsOf('kubernetes.io/role/elb')).toEqual(['10.0.128.0/21', '10.0.136.0/21', '10.0.144.0/21', '10.0.152.0/21', '10.0.160.0/21', '10.0.168.0/21']);
    expect(subnets.map((s) => s.availability_zone)).toContain('us-east-1f');
  });

  test('availabilityZones are used as given', () => {
    const json = build({ availabilityZones: ['us-east-1b', 'us-east-1d'] });
    expect(
      all(json, 'aws_subnet')
        .map((s) => s.availability_zone)
        .sort(),
    ).toEqual(['us-east-1b', 'us-east-1b', 'us-east-1d', 'us-east-1d']);
    expect(all(json, 'aws_nat_gateway')).toHaveLength(2);
  });

  test("natGateways 'single' routes every private subnet through one NAT gateway", () => {
    const json = build({ natGateways: 'single' });
    expect(all(json, 'aws_nat_gateway')).toHaveLength(1);
    expect(all(json, 'aws_eip')).toHaveLength(1);
    const natKey = Object.keys(resources(json).aws_nat_gateway)[0];
    const natRoutes = all(json, 'aws_route').filter((r) => r.nat_gateway_id);
    expect(natRoutes).toHaveLength(3);
    expect(new Set(natRoutes.map((r) => r.nat_gateway_id))).toEqual(new Set([`\${aws_nat_gateway.${natKey}.id}`]));
  });

  test('tags are added to every resource', () => {
    const json = build({ tags: { team: 'payments' } });
    expect(json).toHaveResourceWithProperties(Vpc, { tags: { team: 'payments', Name: 'payments-prod' } });
    expect(json).toHaveResourceWithProperties(Subnet, { tags: expect.objectContaining({ team: 'payments' }) });
    expect(json).toHaveResourceWithProperties(NatGateway, { tags: expect.objectContaining({ team: 'payments' }) });
    expect(json).toHaveResourceWithProperties(Eip, { tags: expect.objectContaining({ team: 'payments' }) });
  });

  test('accountId narrows the flow-log role to this account; flowLogRetentionDays', () => {
    const json = JSON.parse(build({ accountId: '123456789012', flowLogRetentionDays: 731 }));
    const trust = JSON.parse(Object.values<any>(json.resource.aws_iam_role)[0].assume_role_policy);
    expect(trust.Statement[0].Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': '123456789012' },
      ArnLike: { 'aws:SourceArn': 'arn:aws:ec2:us-east-1:123456789012:vpc-flow-log/*' },
    });
    expect(Object.values<any>(json.resource.aws_cloudwatch_log_group)[0].retention_in_days).toBe(731);
  });

  test('existingVpc is adopted and nothing is created', () => {
    const existingVpc = { vpcId: 'vpc-0abc123', privateSubnetIds: ['subnet-01', 'subnet-02'], publicSubnetIds: ['subnet-03'] };
    let network: Network | undefined;
    const json = synth((s) => {
      network = new Network(s, 'Network', { ...base, existingVpc });
    });
    expect(JSON.parse(json).resource).toBeUndefined();
    expect(network!.vpcId).toBe('vpc-0abc123');
    expect(network!.privateSubnetIds).toEqual(['subnet-01', 'subnet-02']);
    expect(network!.publicSubnetIds).toEqual(['subnet-03']);
    expect(network!.cidr).toBe('10.0.0.0/16');
  });

  test('transitGateway: the private subnets attached, each destination routed from every private route table after the attachment', () => {
    const json = build({ transitGateway: { transitGatewayId: 'tgw-0a1b2c3d4e5f60718', destinationCidrs: ['10.50.0.0/24', '10.60.0.0/24'] } });
    const [attachment] = all(json, 'aws_ec2_transit_gateway_vpc_attachment');
    const attachmentName = Object.keys(resources(json).aws_ec2_transit_gateway_vpc_attachment)[0];
    const privateSubnets = Object.entries(resources(json).aws_subnet)
      .filter(([, sn]) => /-private-/.test(sn.tags.Name))
      .map(([k]) => `\${aws_subnet.${k}.id}`);
    expect(attachment).toMatchObject({
      transit_gateway_id: 'tgw-0a1b2c3d4e5f60718',
      vpc_id: `\${aws_vpc.${Object.keys(resources(json).aws_vpc)[0]}.id}`,
      subnet_ids: privateSubnets,
    });
    expect(privateSubnets).toHaveLength(3);
    const privateTables = Object.entries(resources(json).aws_route_table)
      .filter(([, t]) => /-private-/.test(t.tags.Name))
      .map(([k]) => `\${aws_route_table.${k}.id}`);
    const tgwRoutes = all(json, 'aws_route').filter((r) => r.transit_gateway_id);
    expect(tgwRoutes.map((r) => `${r.route_table_id} ${r.destination_cidr_block}`).sort()).toEqual(
      privateTables.flatMap((t) => [`${t} 10.50.0.0/24`, `${t} 10.60.0.0/24`]).sort(),
    );
    for (const r of tgwRoutes) {
      expect(r.transit_gateway_id).toBe('tgw-0a1b2c3d4e5f60718');
      expect(r.depends_on).toEqual([`aws_ec2_transit_gateway_vpc_attachment.${attachmentName}`]);
    }
    // Without it, no attachment and no route to a transit gateway.
    expect(all(build(), 'aws_ec2_transit_gateway_vpc_attachment')).toEqual([]);
    expect(all(build(), 'aws_route').filter((r) => r.transit_gateway_id)).toEqual([]);
  });

  describe('validation', () => {
    test.each<[string, Partial<NetworkProps>, RegExp]>([
      [
        'transitGateway.transitGatewayId',
        { transitGateway: { transitGatewayId: 'tgw-XYZ', destinationCidrs: ['10.50.0.0/24'] } },
        /^transitGateway.transitGatewayId must be a transit gateway id \(tgw- and 8 to 17 hex digits\) \(got "tgw-XYZ"\)/,
      ],
      [
        'transitGateway.destinationCidrs empty',
        { transitGateway: { transitGatewayId: 'tgw-0a1b2c3d', destinationCidrs: [] } },
        /^transitGateway.destinationCidrs must list at least one network to route/,
      ],
      [
        'transitGateway.destinationCidrs entry',
        { transitGateway: { transitGatewayId: 'tgw-0a1b2c3d', destinationCidrs: ['10.50.0.1/24'] } },
        /^transitGateway.destinationCidrs\[0\] must be an IPv4 CIDR network address.*\(got "10.50.0.1\/24"\)/,
      ],
      [
        'transitGateway with existingVpc',
        {
          transitGateway: { transitGatewayId: 'tgw-0a1b2c3d', destinationCidrs: ['10.50.0.0/24'] },
          existingVpc: { vpcId: 'vpc-1', privateSubnetIds: ['subnet-1', 'subnet-2'], publicSubnetIds: [] },
        },
        /^transitGateway cannot be combined with existingVpc/,
      ],
      ['name', { name: '-bad' }, /^name must be 1-64 letters.*\(got "-bad"\)/],
      ['region', { region: 'useast1' }, /^region must be an AWS Region name.*\(got "useast1"\)/],
      ['flowLogRetentionDays', { flowLogRetentionDays: 100 }, /^flowLogRetentionDays must be a CloudWatch Logs retention.*\(got 100\)/],
      ['cidr format', { cidr: '10.0.0/16' }, /^cidr must be an IPv4 CIDR network address.*\(got "10.0.0\/16"\)/],
      ['cidr host bits', { cidr: '10.0.0.1/16' }, /^cidr must be an IPv4 CIDR network address/],
      ['cidr octet', { cidr: '10.0.256.0/24' }, /^cidr must be an IPv4 CIDR network address/],
      ['cidr prefix too wide', { cidr: '10.0.0.0/8' }, /^cidr must have a prefix from \/16 to \/24 \(got "10.0.0.0\/8"\)/],
      ['cidr prefix too narrow', { cidr: '10.0.0.0/25' }, /^cidr must have a prefix from \/16 to \/24/],
      ['cidr too small for the AZs', { cidr: '10.0.0.0/24', azCount: 6 }, /^cidr is too small for 6 AZs: public subnets would be \/29/],
      ['azCount low', { azCount: 1 }, /^azCount must be an integer from 2 to 6 \(got 1\)/],
      ['azCount high', { azCount: 7 }, /^azCount must be an integer from 2 to 6 \(got 7\)/],
      ['availabilityZones length', { azCount: 3, availabilityZones: ['us-east-1a', 'us-east-1b'] }, /^availabilityZones must list exactly azCount \(3\) AZs/],
      ['availabilityZones repeat', { availabilityZones: ['us-east-1a', 'us-east-1a'] }, /^availabilityZones must not repeat an AZ/],
      [
        'availabilityZones region',
        { availabilityZones: ['us-east-1a', 'us-west-2b'] },
        /^availabilityZones must be AZ names in region us-east-1.*\(got "us-west-2b"\)/,
      ],
      ['natGateways', { natGateways: 'none' as never }, /^natGateways must be 'single' or 'perAz' \(got "none"\)/],
      [
        'existingVpc.vpcId',
        { existingVpc: { vpcId: 'vpc_1', privateSubnetIds: ['subnet-1', 'subnet-2'], publicSubnetIds: [] } },
        /^existingVpc.vpcId must be a VPC id/,
      ],
      [
        'existingVpc.privateSubnetIds',
        { existingVpc: { vpcId: 'vpc-1', privateSubnetIds: ['subnet-1'], publicSubnetIds: [] } },
        /^existingVpc.privateSubnetIds must list at least 2 subnets/,
      ],
      [
        'existingVpc subnet id',
        { existingVpc: { vpcId: 'vpc-1', privateSubnetIds: ['subnet-1', 'sn-2'], publicSubnetIds: [] } },
        /^existingVpc subnet ids must be subnet ids.*\(got "sn-2"\)/,
      ],
    ])('%s', (_, props, message) => {
      expect(() => build(props)).toThrow(atPath('stack/Network', message));
    });
  });
});
