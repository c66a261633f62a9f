import { Construct } from 'constructs';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Token } from 'cdktf';

export const POSTGRES_PORT = 5432;

export interface ClientSecurityGroupProps {
  readonly name: string;
  readonly description: string;
  readonly vpcId: string;
  readonly port: number;
  readonly allowedCidrs: readonly string[];
  readonly tags: Record<string, string>;
}

/**
 * A security group with one TCP ingress rule per client CIDR and no egress rule (Terraform drops
 * the default allow-all egress, and a database never opens connections). Rules are keyed by their
 * CIDR, so reordering `allowedCidrs` changes nothing.
 */
export function clientSecurityGroup(scope: Construct, props: ClientSecurityGroupProps): SecurityGroup {
  const group = new SecurityGroup(scope, 'SecurityGroup', {
    name: props.name,
    description: props.description,
    vpcId: props.vpcId,
    tags: props.tags,
  });
  props.allowedCidrs.forEach((cidr, i) => {
    const key = Token.isUnresolved(cidr) ? String(i) : cidr.replace(/[./]/g, '-');
    new VpcSecurityGroupIngressRule(scope, `Ingress-${key}`, {
      securityGroupId: group.id,
      description: `port ${props.port} from ${Token.isUnresolved(cidr) ? 'a client network' : cidr}`,
      ipProtocol: 'tcp',
      fromPort: props.port,
      toPort: props.port,
      cidrIpv4: cidr,
      tags: props.tags,
    });
  });
  return group;
}
