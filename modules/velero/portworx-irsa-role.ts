import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { arnPartition, irsaTrustPolicy, requireProp, validateRegion, validatedConstruct } from '../core';
import { PORTWORX_DRIVE_TAG, PORTWORX_SERVICE_ACCOUNT } from './portworx-release';

/**
 * The EC2 (and Auto Scaling) actions Portworx documents for EBS cloud drives on AWS/EKS ("Granting
 * Portworx the needed AWS permissions"): create, attach, detach, modify, tag and delete its volumes,
 * and find the instances and Auto Scaling groups they belong to.
 */
export const PORTWORX_CLOUD_DRIVE_ACTIONS: readonly string[] = [
  'ec2:AttachVolume',
  'ec2:ModifyVolume',
  'ec2:DetachVolume',
  'ec2:CreateTags',
  'ec2:CreateVolume',
  'ec2:DeleteTags',
  'ec2:DeleteVolume',
  'ec2:DescribeTags',
  'ec2:DescribeVolumeAttribute',
  'ec2:DescribeVolumesModifications',
  'ec2:DescribeVolumeStatus',
  'ec2:DescribeVolumes',
  'ec2:DescribeInstances',
  'autoscaling:DescribeAutoScalingGroups',
];

/** Actions Portworx needs on its own volumes only (volume resources, tag-conditioned). */
const OWN_VOLUME_ACTIONS = ['ec2:AttachVolume', 'ec2:DetachVolume', 'ec2:ModifyVolume', 'ec2:DeleteVolume', 'ec2:CreateTags', 'ec2:DeleteTags'];
/** Actions without resource-level permissions (Service Authorization Reference), or that only create. */
const UNSCOPED_ACTIONS = PORTWORX_CLOUD_DRIVE_ACTIONS.filter((action) => !OWN_VOLUME_ACTIONS.includes(action));

export interface PortworxIrsaRoleProps {
  /** Name of the IAM role (literal, <= 64 characters). */
  readonly roleName: string;
  /** Portworx cluster name (`PortworxRelease.clusterName`): the value of {@link PORTWORX_DRIVE_TAG} on its drives. */
  readonly clusterName: string;
  /** Region of the cluster (for the ARN partition). */
  readonly region: string;
  /** ARN of the EKS cluster's IAM OIDC provider. */
  readonly oidcProviderArn: string;
  /** The cluster's OIDC issuer without the scheme, e.g. `oidc.eks.eu-west-1.amazonaws.com/id/ABC123`. */
  readonly oidcIssuerUrl: string;
  /**
   * Namespace Portworx runs in (`PortworxRelease.namespace`).
   * @default 'portworx'
   */
  readonly namespace?: string;
  /**
   * Service account of the Portworx pods (the Portworx operator creates `portworx`).
   * @default 'portworx'
   */
  readonly serviceAccount?: string;
  /**
   * Tags for the IAM role.
   * @default - no tags
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * IAM role for the Portworx service account (IRSA, Portworx "workload identity"): web-identity trust
 * limited to `system:serviceaccount:<namespace>:portworx` and the STS audience, with the EC2 volume
 * permissions Portworx documents for cloud drives. This keeps those permissions off the node role,
 * where every pod on the node would have them.
 *
 * `PortworxRelease` passes the role to the chart as its workload identity; the operator then
 * annotates the `portworx` service account with `eks.amazonaws.com/role-arn: <roleArn>`.
 */
@validatedConstruct
export class PortworxIrsaRole extends Construct {
  /** The underlying aws_iam_role. */
  public readonly role: IamRole;
  /** `<namespace>:<serviceAccount>` the role trusts. */
  public readonly subject: string;

  constructor(scope: Construct, id: string, props: PortworxIrsaRoleProps) {
    super(scope, id);
    const namespace = props.namespace ?? 'portworx';
    const serviceAccount = props.serviceAccount ?? PORTWORX_SERVICE_ACCOUNT;
    requireProp(/^[\w+=,.@-]{1,64}$/.test(props.roleName), 'roleName', props.roleName, 'must be a valid IAM role name (1-64 characters of [A-Za-z0-9+=,.@_-])');
    requireProp(!/^[a-z]+:\/\//i.test(props.oidcIssuerUrl), 'oidcIssuerUrl', props.oidcIssuerUrl, 'must not include the scheme (drop "https://")');
    requireProp(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(namespace), 'namespace', namespace, 'must be a Kubernetes namespace name');
    requireProp(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(serviceAccount), 'serviceAccount', serviceAccount, 'must be a Kubernetes service account name');
    requireProp(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(props.clusterName), 'clusterName', props.clusterName, 'must be a DNS label (the Portworx cluster name)');
    validateRegion('region', props.region);
    this.subject = `system:serviceaccount:${namespace}:${serviceAccount}`;
    const partition = arnPartition(props.region);
    const ownVolume = { StringEquals: { [`aws:ResourceTag/${PORTWORX_DRIVE_TAG}`]: props.clusterName } };

    this.role = new IamRole(this, 'Role', {
      name: props.roleName,
      description: `Portworx cloud drives (${namespace}/${serviceAccount}) via IRSA`,
      assumeRolePolicy: irsaTrustPolicy(props.oidcProviderArn, props.oidcIssuerUrl, namespace, serviceAccount),
      tags: props.tags ? { ...props.tags } : undefined,
    });

    new IamRolePolicy(this, 'Policy', {
      name: 'portworx-cloud-drives',
      role: this.role.id,
      policy: JSON.stringify({
        Version: '2012-10-17',
        // Portworx documents every action on "*"; here the destructive ones reach only its own drives.
        Statement: [
          { Sid: 'DescribeAndCreate', Effect: 'Allow', Action: UNSCOPED_ACTIONS, Resource: '*' },
          {
            Sid: 'OwnDrivesOnly',
            Effect: 'Allow',
            Action: OWN_VOLUME_ACTIONS,
            Resource: `arn:${partition}:ec2:*:*:volume/*`,
            Condition: ownVolume,
          },
          // Tags in the CreateVolume call itself (how the drive gets its tag).
          {
            Sid: 'TagDrivesOnCreate',
            Effect: 'Allow',
            Action: 'ec2:CreateTags',
            Resource: `arn:${partition}:ec2:*:*:volume/*`,
            Condition: { StringEquals: { 'ec2:CreateAction': 'CreateVolume' } },
          },
          // Attach/Detach are also authorized on the instance; the volume statement above limits which volumes.
          { Sid: 'AttachToInstances', Effect: 'Allow', Action: ['ec2:AttachVolume', 'ec2:DetachVolume'], Resource: `arn:${partition}:ec2:*:*:instance/*` },
        ],
      }),
    });
  }

  /** ARN of the role, for the `portworx` service account annotation. */
  public get roleArn(): string {
    return this.role.arn;
  }
}
