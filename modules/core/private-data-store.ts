import { RegionalRef } from './refs';

/**
 * Props every private data store shares (RDS instance and replica, ElastiCache groups, OpenSearch
 * domain): it lives in private subnets of one Region's VPC, encrypts at rest with a key of that
 * Region, and admits only the client networks listed.
 */
export interface PrivateDataStoreProps {
  /** Region of the stack the store is created in. */
  readonly region: string;
  /** VPC of the subnets (for the store's security group). */
  readonly vpcId: string;
  /** Private subnets of the store's subnet group, in at least 2 Availability Zones. */
  readonly subnetIds: readonly string[];
  /**
   * IPv4 networks allowed to connect on the store's port; `/0` is refused.
   * @default [] - no ingress: nothing can reach the store until rules are added
   */
  readonly allowedCidrs?: readonly string[];
  /**
   * Security groups of the clients allowed to connect on the store's port (narrower than a CIDR:
   * only the hosts in those groups). Used by the ElastiCache groups.
   * @default [] - none
   */
  readonly allowedSecurityGroupIds?: readonly string[];
  /** KMS key in `region` that encrypts the store at rest (a cross-Region copy needs a key in its own Region). */
  readonly kmsKey: RegionalRef;
  /**
   * Extra tags; the component tags are always added.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}
