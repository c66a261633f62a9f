import { Construct } from 'constructs';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { clientSecurityGroup } from '../../core';
import { postgresParameterGroup } from './parameter-group';

/** Port PostgreSQL clients connect to; the client security group (`clientSecurityGroup` in core) opens it. */
export const POSTGRES_PORT = 5432;

export interface InstancePlumbingProps {
  readonly identifier: string;
  readonly family: string;
  readonly subnetIds: readonly string[];
  readonly vpcId: string;
  readonly allowedCidrs: readonly string[];
  readonly parameters: Readonly<Record<string, string>>;
  readonly tags: Readonly<Record<string, string>>;
}

/** What every PostgreSQL instance here owns beside itself: subnet group, parameter group, client security group. */
export function instancePlumbing(
  scope: Construct,
  props: InstancePlumbingProps,
): {
  subnetGroup: DbSubnetGroup;
  parameterGroup: DbParameterGroup;
  securityGroup: SecurityGroup;
} {
  const tags = { ...props.tags };
  const subnetGroup = new DbSubnetGroup(scope, 'SubnetGroup', {
    name: props.identifier,
    description: `Subnets of ${props.identifier}`,
    subnetIds: [...props.subnetIds],
    tags,
  });
  const parameterGroup = postgresParameterGroup(scope, {
    identifier: props.identifier,
    family: props.family,
    parameters: props.parameters,
    parametersProp: 'parameters',
    tags,
  });
  const securityGroup = clientSecurityGroup(scope, {
    name: `${props.identifier}-postgres`,
    description: `PostgreSQL clients of ${props.identifier}`,
    vpcId: props.vpcId,
    port: POSTGRES_PORT,
    allowedCidrs: props.allowedCidrs,
    tags,
  });
  return { subnetGroup, parameterGroup, securityGroup };
}
