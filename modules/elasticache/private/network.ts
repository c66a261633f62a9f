import { Construct } from 'constructs';
import { ElasticacheSubnetGroup } from '@cdktf/provider-aws/lib/elasticache-subnet-group';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { clientSecurityGroup } from '../../core';

/** Port Redis clients connect to; the client security group (`clientSecurityGroup` in core) opens it. */
export const REDIS_PORT = 6379;

/** What every replication group here owns beside itself: its subnet group and client security group. */
export function groupPlumbing(
  scope: Construct,
  props: {
    readonly replicationGroupId: string;
    readonly subnetIds: readonly string[];
    readonly vpcId: string;
    readonly allowedCidrs: readonly string[];
    readonly allowedSecurityGroupIds?: readonly string[];
    readonly tags: Readonly<Record<string, string>>;
  },
): { subnetGroup: ElasticacheSubnetGroup; securityGroup: SecurityGroup } {
  const tags = { ...props.tags };
  const subnetGroup = new ElasticacheSubnetGroup(scope, 'SubnetGroup', {
    name: props.replicationGroupId,
    description: `Subnets of ${props.replicationGroupId}`,
    subnetIds: [...props.subnetIds],
    tags,
  });
  const securityGroup = clientSecurityGroup(scope, {
    name: `${props.replicationGroupId}-redis`,
    description: `Redis clients of ${props.replicationGroupId}`,
    vpcId: props.vpcId,
    port: REDIS_PORT,
    allowedCidrs: props.allowedCidrs,
    allowedSecurityGroupIds: props.allowedSecurityGroupIds,
    tags,
  });
  return { subnetGroup, securityGroup };
}
