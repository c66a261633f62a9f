import { Construct } from 'constructs';
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import { arnPartition, requireProp, validatedConstruct } from '../core';
import { IAM_ROLE_ARN } from './constants';

export { IAM_ROLE_ARN };

/** Name of the EKS access policy that grants cluster-admin (Kubernetes `cluster-admin`). */
export const CLUSTER_ADMIN_POLICY = 'AmazonEKSClusterAdminPolicy';

/** ARN of an EKS access policy in the Region's partition. */
export function eksAccessPolicyArn(region: string, policyName: string): string {
  return `arn:${arnPartition(region)}:eks::aws:cluster-access-policy/${policyName}`;
}

export interface EksAdminAccessProps {
  /** Name of the cluster (a reference to the cluster, so the entry waits for it). */
  readonly clusterName: string;
  /** Region of the cluster (literal), for the partition of the access policy ARN. */
  readonly region: string;
  /** ARN of the IAM role given cluster-admin access (a role ARN, optionally with a path). */
  readonly principalArn: string;
  /**
   * Tags for the access entry.
   * @default - no tags
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Cluster-admin access for one IAM role through the EKS access-entry API: a `STANDARD` access
 * entry and the `AmazonEKSClusterAdminPolicy` association at cluster scope. Needs the cluster's
 * authentication mode to be `API` or `API_AND_CONFIG_MAP`.
 */
@validatedConstruct
export class EksAdminAccess extends Construct {
  private readonly entry: EksAccessEntry;

  constructor(scope: Construct, id: string, props: EksAdminAccessProps) {
    super(scope, id);
    requireProp(
      IAM_ROLE_ARN.test(props.principalArn),
      'principalArn',
      props.principalArn,
      'must be an IAM role ARN such as arn:aws:iam::111122223333:role/deploy (not an assumed-role session ARN)',
    );

    this.entry = new EksAccessEntry(this, 'Entry', {
      clusterName: props.clusterName,
      principalArn: props.principalArn,
      type: 'STANDARD',
      tags: props.tags ? { ...props.tags } : undefined,
    });
    new EksAccessPolicyAssociation(this, 'ClusterAdmin', {
      clusterName: props.clusterName,
      // A reference to the entry: the association needs the entry to exist first.
      principalArn: this.entry.principalArn,
      policyArn: eksAccessPolicyArn(props.region, CLUSTER_ADMIN_POLICY),
      accessScope: { type: 'cluster' },
    });
  }

  /** ARN of the access entry. */
  public get accessEntryArn(): string {
    return this.entry.accessEntryArn;
  }
}
