import { Construct } from 'constructs';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Token } from 'cdktf';

/** Props of {@link clientSecurityGroup}. */
export interface ClientSecurityGroupProps {
  readonly name: string;
  readonly description: string;
  readonly vpcId: string;
  /** TCP port the clients connect to. */
  readonly port: number;
  /** Client networks; one ingress rule each. */
  readonly allowedCidrs: readonly string[];
  /**
   * Client security groups (e.g. the EKS cluster security group its nodes use); one ingress rule each.
   * @default []
   */
  readonly allowedSecurityGroupIds?: readonly string[];
  readonly tags: Record<string, string>;
}

/**
 * A security group with one TCP ingress rule per client CIDR (and per client security group) and no egress rule, for a data store
 * that only answers connections (Terraform drops the default allow-all egress, and a database or
 * cache never opens connections). Rules are keyed by their CIDR, so reordering `allowedCidrs`
 * changes nothing; an unresolved CIDR falls back to its index. The group has the child id
 * `SecurityGroup` and the rules `Ingress-<key>`, both directly under `scope`.
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
  (props.allowedSecurityGroupIds ?? []).forEach((sourceGroup, i) => {
    new VpcSecurityGroupIngressRule(scope, `IngressGroup-${i}`, {
      securityGroupId: group.id,
      description: `port ${props.port} from a client security group`,
      ipProtocol: 'tcp',
      fromPort: props.port,
      toPort: props.port,
      referencedSecurityGroupId: sourceGroup,
      tags: props.tags,
    });
  });
  return group;
}
