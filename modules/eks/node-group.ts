import { Construct } from 'constructs';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { requireProp, validatedConstruct } from '../core';
import { EksCluster } from './cluster';
import { iamRoleName, managedPolicyArn, serviceTrustPolicy } from './private/iam';

/** Role of a node group in the warm-standby pair. */
export type NodeGroupRole = 'primary' | 'standby';

/** Capacity type of the node group's instances. */
export type NodeCapacityType = 'ON_DEMAND' | 'SPOT';

/**
 * Amazon Linux 2023 AMI types of managed node groups (x86_64 or Graviton arm64). EKS publishes no
 * Amazon Linux 2 AMIs for Kubernetes 1.33 and later, so AL2 types are not offered here.
 */
export type NodeAmiType = 'AL2023_x86_64_STANDARD' | 'AL2023_ARM_64_STANDARD';

const AMI_TYPES: readonly NodeAmiType[] = ['AL2023_x86_64_STANDARD', 'AL2023_ARM_64_STANDARD'];

/** Kubernetes node label carrying the node group's {@link NodeGroupRole}. */
export const NODE_ROLE_LABEL = 'warm-standby/role';

export interface ManagedNodeGroupProps {
  /** Cluster the nodes join. */
  readonly cluster: EksCluster;
  /** Node group name (1-63 letters, digits, dashes, underscores), unique in the cluster. */
  readonly nodeGroupName: string;
  /** `primary` in the primary Region, `standby` in the standby Region. */
  readonly role: NodeGroupRole;
  /** Minimum nodes (>= 1: a standby must keep capacity warm). */
  readonly minNodes: number;
  /** Desired nodes, from minNodes to maxNodes. */
  readonly desiredNodes: number;
  /** Maximum nodes; for a standby at least `scaleUpTargetNodes`. */
  readonly maxNodes: number;
  /**
   * Size the node group must be able to reach on failover: the primary's desired size. Required
   * for role `standby`.
   * @default - desiredNodes (role `primary` only)
   */
  readonly scaleUpTargetNodes?: number;
  /**
   * Instance types, in order of preference; their architecture must match `amiType`.
   * @default ['m6i.large']
   */
  readonly instanceTypes?: readonly string[];
  /** Subnets of the nodes (private subnets), at least 1. */
  readonly subnetIds: readonly string[];
  /**
   * On-Demand or Spot capacity.
   * @default 'ON_DEMAND'
   */
  readonly capacityType?: NodeCapacityType;
  /**
   * AMI type of the nodes. Changing it replaces the node group.
   * @default 'AL2023_x86_64_STANDARD'
   */
  readonly amiType?: NodeAmiType;
  /**
   * Root volume size of each node in GiB (1..16384).
   * @default 50
   */
  readonly diskSizeGiB?: number;
  /**
   * Tags added to every resource.
   * @default - no tags
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Graviton (arm64) instance families: a generation digit followed by `g` (m7g, c6gn, r8gd, t4g). */
const GRAVITON = /^[a-z]+\d+g[a-z]*\./;
const NODE_GROUP_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,62}$/;
const NODE_POLICIES = ['AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy', 'AmazonEC2ContainerRegistryReadOnly'];

/**
 * An EKS managed node group (an Auto Scaling group EKS manages) with its node IAM role.
 *
 * A `standby` node group keeps at least one node warm and must be able to grow to the primary's
 * desired size on failover; nodes carry the label `warm-standby/role=<role>`.
 */
@validatedConstruct
export class ManagedNodeGroup extends Construct {
  /** The underlying aws_eks_node_group, for `dependsOn` of resources that need running nodes. */
  public readonly resource: EksNodeGroup;
  private readonly props: ManagedNodeGroupProps;
  private readonly role_: IamRole;

  constructor(scope: Construct, id: string, props: ManagedNodeGroupProps) {
    super(scope, id);
    this.props = props;

    requireProp(
      NODE_GROUP_NAME.test(props.nodeGroupName),
      'nodeGroupName',
      props.nodeGroupName,
      'must be 1-63 letters, digits, dashes or underscores, starting with a letter or digit',
    );
    requireProp(props.role === 'primary' || props.role === 'standby', 'role', props.role, "must be 'primary' or 'standby'");
    for (const [prop, value] of [
      ['minNodes', props.minNodes],
      ['desiredNodes', props.desiredNodes],
      ['maxNodes', props.maxNodes],
    ] as const) {
      requireProp(Number.isInteger(value) && value >= 0, prop, value, 'must be a whole number');
    }
    const standby = props.role === 'standby';
    requireProp(props.minNodes >= 1, 'minNodes', props.minNodes, standby ? 'must be >= 1 for a warm standby' : 'must be >= 1');
    requireProp(props.desiredNodes >= props.minNodes, 'desiredNodes', props.desiredNodes, `must be >= minNodes (${props.minNodes})`);
    requireProp(props.maxNodes >= props.desiredNodes, 'maxNodes', props.maxNodes, `must be >= desiredNodes (${props.desiredNodes})`);
    requireProp(!standby || props.scaleUpTargetNodes !== undefined, 'scaleUpTargetNodes', null, "is required for role standby (the primary's desiredNodes)");
    const scaleUpTargetNodes = props.scaleUpTargetNodes ?? props.desiredNodes;
    requireProp(Number.isInteger(scaleUpTargetNodes) && scaleUpTargetNodes >= 1, 'scaleUpTargetNodes', scaleUpTargetNodes, 'must be a whole number >= 1');
    requireProp(
      props.maxNodes >= scaleUpTargetNodes,
      'maxNodes',
      props.maxNodes,
      standby
        ? `must be >= scaleUpTargetNodes (${scaleUpTargetNodes}) so the standby can scale up to the primary's size on failover`
        : `must be >= scaleUpTargetNodes (${scaleUpTargetNodes})`,
    );
    const instanceTypes = props.instanceTypes ?? ['m6i.large'];
    requireProp(instanceTypes.length >= 1, 'instanceTypes', instanceTypes, 'must list at least 1 instance type');
    requireProp(props.subnetIds.length >= 1, 'subnetIds', props.subnetIds, 'must list at least 1 subnet');
    const capacityType = props.capacityType ?? 'ON_DEMAND';
    requireProp(capacityType === 'ON_DEMAND' || capacityType === 'SPOT', 'capacityType', capacityType, "must be 'ON_DEMAND' or 'SPOT'");
    const amiType = props.amiType ?? 'AL2023_x86_64_STANDARD';
    requireProp(
      AMI_TYPES.includes(amiType),
      'amiType',
      amiType,
      `must be one of ${AMI_TYPES.join(', ')} (EKS publishes no Amazon Linux 2 AMIs for Kubernetes 1.33 and later)`,
    );
    const arm = amiType === 'AL2023_ARM_64_STANDARD';
    for (const instanceType of instanceTypes) {
      requireProp(
        GRAVITON.test(instanceType) === arm,
        'instanceTypes',
        instanceType,
        `must be ${arm ? 'a Graviton (arm64)' : 'an x86_64'} instance type for amiType ${amiType}`,
      );
    }
    const diskSizeGiB = props.diskSizeGiB ?? 50;
    requireProp(Number.isInteger(diskSizeGiB) && diskSizeGiB >= 1 && diskSizeGiB <= 16384, 'diskSizeGiB', diskSizeGiB, 'must be an integer from 1 to 16384');

    const region = props.cluster.region;
    this.role_ = new IamRole(this, 'NodeRole', {
      name: iamRoleName(props.cluster.clusterNameLiteral, props.nodeGroupName, 'node', region),
      assumeRolePolicy: serviceTrustPolicy('ec2.amazonaws.com'),
      tags: { ...props.tags },
    });
    const attachments = NODE_POLICIES.map(
      (policyName) =>
        new IamRolePolicyAttachment(this, `${policyName.replace(/^Amazon/, '').replace(/_/g, '')}Attachment`, {
          role: this.role_.name,
          policyArn: managedPolicyArn(region, policyName),
        }),
    );

    this.resource = new EksNodeGroup(this, 'NodeGroup', {
      clusterName: props.cluster.clusterName,
      nodeGroupName: props.nodeGroupName,
      nodeRoleArn: this.role_.arn,
      version: props.cluster.kubernetesVersion,
      subnetIds: [...props.subnetIds],
      instanceTypes: [...instanceTypes],
      capacityType,
      amiType,
      diskSize: diskSizeGiB,
      scalingConfig: { minSize: props.minNodes, desiredSize: props.desiredNodes, maxSize: props.maxNodes },
      updateConfig: { maxUnavailable: 1 },
      labels: { [NODE_ROLE_LABEL]: props.role },
      tags: { ...props.tags },
      // The role's policies must be attached before nodes join and stay until they are gone.
      dependsOn: attachments,
    });
  }

  /** Node group name. */
  public get nodeGroupName(): string {
    return this.props.nodeGroupName;
  }

  /** Minimum nodes. */
  public get minNodes(): number {
    return this.props.minNodes;
  }

  /** Desired nodes. */
  public get desiredNodes(): number {
    return this.props.desiredNodes;
  }

  /** Maximum nodes. */
  public get maxNodes(): number {
    return this.props.maxNodes;
  }

  /** `primary` or `standby`. */
  public get role(): NodeGroupRole {
    return this.props.role;
  }

  /** ARN of the node IAM role. */
  public get nodeRoleArn(): string {
    return this.role_.arn;
  }
}
