import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Ec2TransitGatewayVpcAttachment } from '@cdktf/provider-aws/lib/ec2-transit-gateway-vpc-attachment';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { arnPartition, auditLogTags, isUnresolved, requireLogRetention, requireProp, validatedConstruct, validateRegion } from '../core';
import { parseCidr, planSubnets, publicSubnetPrefix } from './private/cidr';

/** How many NAT gateways carry the private subnets' outbound traffic. */
export type NatGatewayMode = 'single' | 'perAz';

/**
 * A transit gateway of the VPC's Region, and the networks behind it the private subnets must reach
 * (e.g. the deploy agents of a private EKS endpoint).
 */
export interface TransitGatewayRouting {
  /** Transit gateway id (`tgw-` and 8 to 17 hex digits), in the VPC's Region: attachments are regional. */
  readonly transitGatewayId: string;
  /** IPv4 networks routed from every private route table to the transit gateway. */
  readonly destinationCidrs: readonly string[];
}

/** A VPC created outside this stack, adopted as is. */
export interface ExistingVpc {
  /** VPC id (`vpc-...`). */
  readonly vpcId: string;
  /** Private subnet ids, at least two (EKS needs subnets in two AZs). */
  readonly privateSubnetIds: readonly string[];
  /** Public subnet ids (may be empty when nothing is exposed to the internet). */
  readonly publicSubnetIds: readonly string[];
}

export interface NetworkProps {
  /** Name used in `Name` tags of every resource (e.g. `payments-prod`). */
  readonly name: string;
  /** Region the stack's AWS provider targets; AZ names are built from it. */
  readonly region: string;
  /** IPv4 CIDR of the VPC, a network address with a prefix from /16 to /24. */
  readonly cidr: string;
  /**
   * Number of AZs to spread subnets across (2..6).
   * @default - the length of `availabilityZones` when given, otherwise 3
   */
  readonly azCount?: number;
  /**
   * AZ names to use, all in `region`.
   * @default - the first `azCount` of `${region}a`, `${region}b`, ...
   */
  readonly availabilityZones?: readonly string[];
  /**
   * One NAT gateway per AZ (an AZ outage does not cut the others off) or a single one.
   * @default 'perAz'
   */
  readonly natGateways?: NatGatewayMode;
  /**
   * Attach the VPC's private subnets to this transit gateway and route `destinationCidrs` to it
   * from every private route table. Not with `existingVpc` (its route tables are not this construct's).
   * @default - no transit gateway attachment
   */
  readonly transitGateway?: TransitGatewayRouting;
  /**
   * Adopt this existing VPC instead of creating one; then the construct creates no resources.
   * @default - a new VPC is created
   */
  readonly existingVpc?: ExistingVpc;
  /**
   * Tags added to every resource.
   * @default - only `Name` tags
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Days CloudWatch Logs keeps the VPC flow logs (all traffic, accepted and rejected) of a VPC this
   * construct creates; an adopted VPC's flow logs are its owner's. A CloudWatch Logs retention
   * value; PCI DSS 10.5.1 keeps audit logs 12 months.
   * @default 365
   */
  readonly flowLogRetentionDays?: number;
  /**
   * Account of the VPC: narrows who may assume the flow-log role to the VPC Flow Logs service
   * acting for this account (`aws:SourceAccount`).
   * @default - any account's flow logs in this Region (`aws:SourceArn` only)
   */
  readonly accountId?: string;
}

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;
/** Smallest subnet AWS allows. */
const MIN_SUBNET_PREFIX = 28;
const MIN_AZ_COUNT = 2;
const MAX_AZ_COUNT = 6;

/**
 * The VPC of one Region: public and private subnets in each AZ, an internet gateway, NAT gateways
 * and route tables. Subnet CIDRs are computed at synth time, so the plan shows literal blocks.
 *
 * An S3 gateway endpoint on the private route tables keeps S3 traffic (Velero/Kopia backups, the
 * feed loader's payloads, ECR image layers) off the NAT gateways: gateway endpoints cost nothing,
 * NAT processing is billed per GB. An adopted VPC (`existingVpc`) is left as it is.
 *
 * Private subnets carry `kubernetes.io/role/internal-elb=1` and public ones
 * `kubernetes.io/role/elb=1`, so the AWS Load Balancer Controller finds them.
 */
@validatedConstruct
export class Network extends Construct {
  private readonly _vpcId: string;
  private readonly _privateSubnetIds: string[];
  private readonly _publicSubnetIds: string[];
  private readonly _cidr: string;
  private readonly _availabilityZones: string[];

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);

    requireProp(NAME_PATTERN.test(props.name), 'name', props.name, 'must be 1-64 letters, digits or dashes, starting with a letter or digit');
    validateRegion('region', props.region);

    const parsed = isUnresolved(props.cidr) ? undefined : parseCidr(props.cidr);
    requireProp(parsed !== undefined, 'cidr', props.cidr, 'must be an IPv4 CIDR network address such as 10.0.0.0/16');
    requireProp(parsed === undefined || (parsed.prefix >= 16 && parsed.prefix <= 24), 'cidr', props.cidr, 'must have a prefix from /16 to /24');

    const azCount = props.azCount ?? props.availabilityZones?.length ?? 3;
    requireProp(
      Number.isInteger(azCount) && azCount >= MIN_AZ_COUNT && azCount <= MAX_AZ_COUNT,
      'azCount',
      azCount,
      `must be an integer from ${MIN_AZ_COUNT} to ${MAX_AZ_COUNT}`,
    );

    const zones = props.availabilityZones
      ? [...props.availabilityZones]
      : Array.from({ length: azCount }, (_, i) => `${props.region}${String.fromCharCode(97 + i)}`);
    if (props.availabilityZones) {
      requireProp(zones.length === azCount, 'availabilityZones', zones, `must list exactly azCount (${azCount}) AZs`);
      requireProp(new Set(zones).size === zones.length, 'availabilityZones', zones, 'must not repeat an AZ');
      for (const zone of zones) {
        const inRegion = zone.length === props.region.length + 1 && zone.startsWith(props.region) && /[a-z]$/.test(zone);
        requireProp(inRegion, 'availabilityZones', zone, `must be AZ names in region ${props.region} (e.g. ${props.region}a)`);
      }
    }
    if (parsed) {
      const smallest = publicSubnetPrefix(parsed.prefix, azCount);
      requireProp(
        smallest <= MIN_SUBNET_PREFIX,
        'cidr',
        props.cidr,
        `is too small for ${azCount} AZs: public subnets would be /${smallest}, smaller than the /${MIN_SUBNET_PREFIX} AWS minimum`,
      );
    }
    const natMode = props.natGateways ?? 'perAz';
    requireProp(natMode === 'perAz' || natMode === 'single', 'natGateways', natMode, "must be 'single' or 'perAz'");

    this._cidr = props.cidr;
    this._availabilityZones = zones;

    const tgw = props.transitGateway;
    if (tgw) {
      requireProp(
        /^tgw-[0-9a-f]{8,17}$/.test(tgw.transitGatewayId),
        'transitGateway.transitGatewayId',
        tgw.transitGatewayId,
        'must be a transit gateway id (tgw- and 8 to 17 hex digits)',
      );
      requireProp(tgw.destinationCidrs.length > 0, 'transitGateway.destinationCidrs', tgw.destinationCidrs, 'must list at least one network to route');
      tgw.destinationCidrs.forEach((cidr, i) =>
        requireProp(parseCidr(cidr) !== undefined, `transitGateway.destinationCidrs[${i}]`, cidr, 'must be an IPv4 CIDR network address such as 10.50.0.0/24'),
      );
      requireProp(
        !props.existingVpc,
        'transitGateway',
        tgw.transitGatewayId,
        "cannot be combined with existingVpc: the adopted VPC's route tables are not this construct's",
      );
    }

    if (props.existingVpc) {
      const existing = props.existingVpc;
      requireProp(/^vpc-[0-9a-f]+$/.test(existing.vpcId), 'existingVpc.vpcId', existing.vpcId, 'must be a VPC id (vpc-...)');
      requireProp(existing.privateSubnetIds.length >= 2, 'existingVpc.privateSubnetIds', existing.privateSubnetIds, 'must list at least 2 subnets');
      for (const subnetId of [...existing.privateSubnetIds, ...existing.publicSubnetIds]) {
        requireProp(/^subnet-[0-9a-f]+$/.test(subnetId), 'existingVpc subnet ids', subnetId, 'must be subnet ids (subnet-...)');
      }
      this._vpcId = existing.vpcId;
      this._privateSubnetIds = [...existing.privateSubnetIds];
      this._publicSubnetIds = [...existing.publicSubnetIds];
      return;
    }

    if (!parsed) {
      // Only reachable for a token: subnets are carved at synth time, so the CIDR must be known.
      throw new Error('cidr must be a literal, not a token, when the construct creates the VPC (subnets are carved at synth time)');
    }
    const plan = planSubnets(parsed, azCount);
    const tags = (name: string, extra: Record<string, string> = {}) => ({ ...props.tags, ...extra, Name: name });

    const vpc = new Vpc(this, 'Vpc', {
      cidrBlock: props.cidr,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: tags(props.name),
    });
    const igw = new InternetGateway(this, 'InternetGateway', { vpcId: vpc.id, tags: tags(props.name) });

    const publicRouteTable = new RouteTable(this, 'PublicRouteTable', { vpcId: vpc.id, tags: tags(`${props.name}-public`) });
    new Route(this, 'PublicDefaultRoute', {
      routeTableId: publicRouteTable.id,
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: igw.id,
    });

    const publicSubnets = zones.map((zone, i) => {
      const subnet = new Subnet(this, `PublicSubnet${i}`, {
        vpcId: vpc.id,
        availabilityZone: zone,
        cidrBlock: plan.publicCidrs[i],
        mapPublicIpOnLaunch: false,
        tags: tags(`${props.name}-public-${zone}`, { 'kubernetes.io/role/elb': '1' }),
      });
      new RouteTableAssociation(this, `PublicSubnetRouteTableAssociation${i}`, {
        subnetId: subnet.id,
        routeTableId: publicRouteTable.id,
      });
      return subnet;
    });

    const natCount = natMode === 'perAz' ? azCount : 1;
    const natGateways = publicSubnets.slice(0, natCount).map((subnet, i) => {
      const eip = new Eip(this, `NatEip${i}`, { domain: 'vpc', tags: tags(`${props.name}-nat-${zones[i]}`) });
      return new NatGateway(this, `NatGateway${i}`, {
        allocationId: eip.allocationId,
        subnetId: subnet.id,
        tags: tags(`${props.name}-${zones[i]}`),
        dependsOn: [igw],
      });
    });

    const privateRouteTableIds: string[] = [];
    const privateSubnets = zones.map((zone, i) => {
      const subnet = new Subnet(this, `PrivateSubnet${i}`, {
        vpcId: vpc.id,
        availabilityZone: zone,
        cidrBlock: plan.privateCidrs[i],
        tags: tags(`${props.name}-private-${zone}`, { 'kubernetes.io/role/internal-elb': '1' }),
      });
      const routeTable = new RouteTable(this, `PrivateRouteTable${i}`, { vpcId: vpc.id, tags: tags(`${props.name}-private-${zone}`) });
      new Route(this, `PrivateDefaultRoute${i}`, {
        routeTableId: routeTable.id,
        destinationCidrBlock: '0.0.0.0/0',
        natGatewayId: natGateways[natMode === 'perAz' ? i : 0].id,
      });
      new RouteTableAssociation(this, `PrivateSubnetRouteTableAssociation${i}`, {
        subnetId: subnet.id,
        routeTableId: routeTable.id,
      });
      privateRouteTableIds.push(routeTable.id);
      return subnet;
    });
    if (tgw) this.transitGatewayRoutes(tgw, vpc, privateSubnets, privateRouteTableIds, tags(props.name));
    new VpcEndpoint(this, 'S3GatewayEndpoint', {
      vpcId: vpc.id,
      serviceName: `com.amazonaws.${props.region}.s3`,
      vpcEndpointType: 'Gateway',
      routeTableIds: privateRouteTableIds,
      tags: tags(`${props.name}-s3`),
    });

    this.flowLogs(props, vpc, tags(props.name));
    this._vpcId = vpc.id;
    this._privateSubnetIds = privateSubnets.map((s) => s.id);
    this._publicSubnetIds = publicSubnets.map((s) => s.id);
  }

  /**
   * One attachment on the private subnets (one subnet per AZ, as the attachment takes) and, in every
   * private route table, a route to each destination through the transit gateway. The routes wait
   * for the attachment: a route to a transit gateway the VPC is not attached to is refused.
   * Arguments as provider 5.100 declares them (internal/service/ec2/transitgateway_vpc_attachment.go:
   * subnet_ids, transit_gateway_id, vpc_id; aws_route transit_gateway_id).
   */
  private transitGatewayRoutes(tgw: TransitGatewayRouting, vpc: Vpc, privateSubnets: Subnet[], routeTableIds: string[], tags: Record<string, string>): void {
    const attachment = new Ec2TransitGatewayVpcAttachment(this, 'TransitGatewayAttachment', {
      transitGatewayId: tgw.transitGatewayId,
      vpcId: vpc.id,
      subnetIds: privateSubnets.map((s) => s.id),
      tags,
    });
    routeTableIds.forEach((routeTableId, i) =>
      tgw.destinationCidrs.forEach((cidr, j) => {
        new Route(this, `PrivateTransitGatewayRoute${i}x${j}`, {
          routeTableId,
          destinationCidrBlock: cidr,
          transitGatewayId: tgw.transitGatewayId,
          dependsOn: [attachment],
        });
      }),
    );
  }

  /**
   * Flow logs of the whole VPC to a CloudWatch Logs group, through a role only the VPC Flow Logs
   * service of this account and Region may assume (VPC User Guide, "IAM role for publishing flow
   * logs to CloudWatch Logs", with the confused-deputy conditions).
   */
  private flowLogs(props: NetworkProps, vpc: Vpc, tags: Record<string, string>): void {
    const retentionInDays = props.flowLogRetentionDays ?? 365;
    requireLogRetention('flowLogRetentionDays', retentionInDays);
    const logGroup = new CloudwatchLogGroup(this, 'FlowLogGroup', {
      name: `/aws/vpc-flow-logs/${props.name}`,
      retentionInDays,
      tags: auditLogTags(tags),
    });
    const partition = arnPartition(props.region);
    const role = new IamRole(this, 'FlowLogRole', {
      // <= 64 characters: the name is at most 64 - 15.
      name: `${props.name.slice(0, 49)}-vpc-flow-logs`,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: props.accountId
              ? {
                  StringEquals: { 'aws:SourceAccount': props.accountId },
                  ArnLike: { 'aws:SourceArn': `arn:${partition}:ec2:${props.region}:${props.accountId}:vpc-flow-log/*` },
                }
              : { ArnLike: { 'aws:SourceArn': `arn:${partition}:ec2:${props.region}:*:vpc-flow-log/*` } },
          },
        ],
      }),
      tags,
    });
    new IamRolePolicy(this, 'FlowLogPolicy', {
      name: 'publish-flow-logs',
      role: role.id,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogGroups', 'logs:DescribeLogStreams'],
            Resource: [logGroup.arn, `${logGroup.arn}:*`],
          },
        ],
      }),
    });
    new FlowLog(this, 'FlowLog', {
      vpcId: vpc.id,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: logGroup.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 60,
      tags,
    });
  }

  /** VPC id (a token when the VPC is created here, the given id when adopted). */
  public get vpcId(): string {
    return this._vpcId;
  }

  /** Private subnet ids, one per AZ, in AZ order. */
  public get privateSubnetIds(): string[] {
    return [...this._privateSubnetIds];
  }

  /** Public subnet ids, one per AZ, in AZ order. */
  public get publicSubnetIds(): string[] {
    return [...this._publicSubnetIds];
  }

  /** IPv4 CIDR of the VPC. */
  public get cidr(): string {
    return this._cidr;
  }

  /** AZ names the subnets are spread across. */
  public get availabilityZones(): string[] {
    return [...this._availabilityZones];
  }
}
