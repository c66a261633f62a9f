/** IPv4 CIDR arithmetic for carving subnets as literals at synth time (no Terraform functions). */

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** A parsed IPv4 CIDR block. */
export interface Ipv4Cidr {
  /** Network address as an unsigned 32-bit integer. */
  readonly address: number;
  /** Prefix length (0..32). */
  readonly prefix: number;
}

/**
 * Parses `a.b.c.d/n`. Returns undefined when the text is not a CIDR or is not a network address
 * (host bits set), the two cases AWS refuses for a VPC.
 */
export function parseCidr(text: string): Ipv4Cidr | undefined {
  const m = CIDR_PATTERN.exec(text);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  if (address % 2 ** (32 - prefix) !== 0) return undefined;
  return { address, prefix };
}

/** Formats a CIDR block back to `a.b.c.d/n`. */
export function formatCidr(cidr: Ipv4Cidr): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(cidr.address / 2 ** shift) % 256);
  return `${octets.join('.')}/${cidr.prefix}`;
}

/** Same as Terraform's `cidrsubnet(prefix, newbits, netnum)`, computed in TypeScript. */
export function cidrSubnet(parent: Ipv4Cidr, newBits: number, netNum: number): Ipv4Cidr {
  const prefix = parent.prefix + newBits;
  if (prefix > 32 || netNum < 0 || netNum >= 2 ** newBits) {
    throw new Error(`cidrSubnet: netnum ${netNum} does not fit in ${newBits} new bits of /${parent.prefix}`);
  }
  return { address: parent.address + netNum * 2 ** (32 - prefix), prefix };
}

/** Subnet CIDRs for one VPC: one private and one public block per AZ. */
export interface SubnetPlan {
  readonly privateCidrs: string[];
  readonly publicCidrs: string[];
}

/**
 * Deterministic subnet layout for `azCount` AZs.
 *
 * With `slotBits = ceil(log2(azCount))`: private subnets fill the first half of the VPC (one
 * `/prefix + slotBits + 1` block per AZ), public subnets fill the third quarter (one
 * `/prefix + slotBits + 2` block per AZ), and the last quarter stays free for later use. Private
 * subnets get the bigger blocks because EKS gives every pod a VPC address.
 */
export function planSubnets(vpc: Ipv4Cidr, azCount: number): SubnetPlan {
  const slotBits = Math.ceil(Math.log2(azCount));
  const privateCidrs: string[] = [];
  const publicCidrs: string[] = [];
  for (let i = 0; i < azCount; i++) {
    privateCidrs.push(formatCidr(cidrSubnet(vpc, slotBits + 1, i)));
    publicCidrs.push(formatCidr(cidrSubnet(vpc, slotBits + 2, 2 ** (slotBits + 1) + i)));
  }
  return { privateCidrs, publicCidrs };
}

/** Prefix length of the public (smallest) subnets {@link planSubnets} carves. */
export function publicSubnetPrefix(vpcPrefix: number, azCount: number): number {
  return vpcPrefix + Math.ceil(Math.log2(azCount)) + 2;
}
