import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EksCluster as EksClusterResource } from '@cdktf/provider-aws/lib/eks-cluster';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Component, RegionalRef, auditLogTags, componentTags, requireLogRetention, requireProp, validateClientCidrs, validatedConstruct } from '../core';
import { EksAdminAccess } from './admin-access';
import { iamRoleName, managedPolicyArn, serviceTrustPolicy } from './private/iam';

/** Control-plane log types EKS can send to CloudWatch Logs. */
export type EksLogType = 'api' | 'audit' | 'authenticator' | 'controllerManager' | 'scheduler';

/** All control-plane log types. */
export const ALL_EKS_LOG_TYPES: readonly EksLogType[] = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

/**
 * How IAM principals authenticate: `API` (access entries only) or `API_AND_CONFIG_MAP` (access
 * entries and the aws-auth ConfigMap). EKS only moves CONFIG_MAP -> API_AND_CONFIG_MAP -> API.
 */
export type EksAuthenticationMode = 'API' | 'API_AND_CONFIG_MAP';

/**
 * What happens at the end of standard support: `STANDARD` upgrades the cluster automatically,
 * `EXTENDED` keeps the version for up to 12 more months at an extra hourly cost.
 */
export type EksSupportType = 'STANDARD' | 'EXTENDED';

/** Retention periods CloudWatch Logs accepts (0 = never expire). */

export interface EksClusterProps {
  /** Cluster name (1-100 letters, digits, dashes, underscores). */
  readonly clusterName: string;
  /** Kubernetes minor version, e.g. `1.35`; keep it the same in both Regions. */
  readonly kubernetesVersion: string;
  /** Subnets of the control-plane network interfaces, at least 2 (in different AZs). */
  readonly subnetIds: readonly string[];
  /** Region the stack's AWS provider targets. */
  readonly region: string;
  /**
   * Whether the API server endpoint is reachable from the internet. The private endpoint is always on.
   * A public endpoint needs `publicAccessCidrs`.
   * @default false
   */
  readonly endpointPublicAccess?: boolean;
  /**
   * IPv4 networks allowed to reach the public endpoint (e.g. the deploy runners' egress). Required
   * when `endpointPublicAccess` is true, because EKS opens an unrestricted public endpoint to
   * 0.0.0.0/0; a `/0` is refused.
   * @default - none (only valid with a private endpoint)
   */
  readonly publicAccessCidrs?: readonly string[];
  /**
   * IPv4 networks allowed to reach the private endpoint on 443 (e.g. deploy agents routed to the VPC):
   * an ingress rule each on the cluster security group EKS creates.
   * @default - none (only the VPC's own traffic that the cluster security group already allows)
   */
  readonly privateAccessCidrs?: readonly string[];
  /**
   * IAM roles given cluster-admin through access entries (`AmazonEKSClusterAdminPolicy`, cluster
   * scope), by purpose, e.g. `{ deploy: 'arn:aws:iam::111122223333:role/deploy' }`. At least one;
   * a role may appear only once (EKS allows one access entry per principal).
   */
  readonly adminRoleArns: Readonly<Record<string, string>>;
  /**
   * Authentication mode of the cluster.
   * @default 'API'
   */
  readonly authenticationMode?: EksAuthenticationMode;
  /**
   * Give the IAM principal that creates the cluster a cluster-admin access entry. Off, so that
   * access comes only from `adminRoleArns` (with it on, an entry for the creator in
   * `adminRoleArns` fails with ResourceInUseException). Changing it replaces the cluster.
   * @default false
   */
  readonly bootstrapClusterCreatorAdminPermissions?: boolean;
  /**
   * Upgrade policy at the end of standard support.
   * @default 'STANDARD'
   */
  readonly supportType?: EksSupportType;
  /**
   * Control-plane log types sent to CloudWatch Logs.
   * @default - all five: api, audit, authenticator, controllerManager, scheduler
   */
  readonly enabledLogTypes?: readonly EksLogType[];
  /**
   * Days to keep control-plane logs (a CloudWatch Logs retention value); the audit log is an audit
   * trail, and PCI DSS 10.5.1 keeps those 12 months.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * KMS key in the cluster's Region for envelope encryption of Kubernetes secrets.
   * @default - no envelope encryption (secrets are still encrypted at rest by EKS)
   */
  readonly secretsKmsKey?: RegionalRef;
  /**
   * Tags added to every resource.
   * @default - only the component tag on the cluster
   */
  readonly tags?: Readonly<Record<string, string>>;
}

const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
const KUBERNETES_VERSION = /^1\.\d{2}$/;
const ADMIN_PURPOSE = /^[a-z][a-z0-9-]{0,30}$/;

/** `break-glass` -> `BreakGlass`, for child ids. */
function pascal(text: string): string {
  return text
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/**
 * An EKS cluster with its IAM role, its control-plane log group, the IAM OIDC provider for
 * IAM roles for service accounts (IRSA) and cluster-admin access entries for named IAM roles.
 * The private API endpoint is always on, the public one off by default and, when on, limited to
 * `publicAccessCidrs`; authentication uses access entries (`API`), not the cluster creator's
 * implicit admin rights; the upgrade policy is `STANDARD` support.
 */
@validatedConstruct
export class EksCluster extends Construct {
  private readonly props: EksClusterProps;
  private readonly cluster: EksClusterResource;
  private readonly oidcProvider: IamOpenidConnectProvider;

  constructor(scope: Construct, id: string, props: EksClusterProps) {
    super(scope, id);
    this.props = props;

    requireProp(
      CLUSTER_NAME.test(props.clusterName),
      'clusterName',
      props.clusterName,
      'must be 1-100 letters, digits, dashes or underscores, starting with a letter or digit',
    );
    requireProp(
      KUBERNETES_VERSION.test(props.kubernetesVersion),
      'kubernetesVersion',
      props.kubernetesVersion,
      'must be a Kubernetes minor version such as 1.35',
    );
    requireProp(props.subnetIds.length >= 2, 'subnetIds', props.subnetIds, 'must list at least 2 subnets (EKS needs two AZs)');
    const logTypes = props.enabledLogTypes ?? ALL_EKS_LOG_TYPES;
    for (const logType of logTypes) {
      requireProp(ALL_EKS_LOG_TYPES.includes(logType), 'enabledLogTypes', logType, `must be among ${ALL_EKS_LOG_TYPES.join(', ')}`);
    }
    requireProp(new Set(logTypes).size === logTypes.length, 'enabledLogTypes', logTypes, 'must not repeat a log type');
    const logRetentionDays = props.logRetentionDays ?? 365;
    requireLogRetention('logRetentionDays', logRetentionDays);
    if (props.secretsKmsKey) {
      requireProp(
        props.secretsKmsKey.region === props.region,
        'secretsKmsKey.region',
        props.secretsKmsKey.region,
        `must be the cluster's region ${props.region} (EKS encrypts secrets with a key in its own Region)`,
      );
    }

    const endpointPublicAccess = props.endpointPublicAccess ?? false;
    const publicAccessCidrs = props.publicAccessCidrs ?? [];
    if (endpointPublicAccess) {
      requireProp(
        publicAccessCidrs.length > 0,
        'publicAccessCidrs',
        publicAccessCidrs,
        'must list the networks allowed to reach the public endpoint (EKS defaults to 0.0.0.0/0)',
      );
      validateClientCidrs('publicAccessCidrs', publicAccessCidrs, 'the Kubernetes API');
    } else {
      requireProp(publicAccessCidrs.length === 0, 'publicAccessCidrs', publicAccessCidrs, 'must be empty when endpointPublicAccess is false');
    }
    const privateAccessCidrs = props.privateAccessCidrs ?? [];
    if (privateAccessCidrs.length > 0) validateClientCidrs('privateAccessCidrs', privateAccessCidrs, 'the Kubernetes API');
    const admins = Object.entries(props.adminRoleArns);
    requireProp(admins.length > 0, 'adminRoleArns', props.adminRoleArns, 'must name at least one IAM role given cluster-admin access');
    for (const [purpose] of admins) {
      requireProp(ADMIN_PURPOSE.test(purpose), 'adminRoleArns', purpose, 'keys must be lower-case purposes such as deploy or break-glass');
    }
    const adminArns = admins.map(([, arn]) => arn);
    requireProp(
      new Set(adminArns).size === adminArns.length,
      'adminRoleArns',
      props.adminRoleArns,
      'must not repeat a role (EKS allows one access entry per principal)',
    );
    const authenticationMode = props.authenticationMode ?? 'API';
    requireProp(
      authenticationMode === 'API' || authenticationMode === 'API_AND_CONFIG_MAP',
      'authenticationMode',
      authenticationMode,
      "must be 'API' or 'API_AND_CONFIG_MAP' (access entries need one of them)",
    );
    const supportType = props.supportType ?? 'STANDARD';
    requireProp(supportType === 'STANDARD' || supportType === 'EXTENDED', 'supportType', supportType, "must be 'STANDARD' or 'EXTENDED'");

    const role = new IamRole(this, 'ClusterRole', {
      name: iamRoleName(props.clusterName, 'cluster', props.region),
      assumeRolePolicy: serviceTrustPolicy('eks.amazonaws.com', ['sts:AssumeRole', 'sts:TagSession']),
      tags: { ...props.tags },
    });
    const policy = new IamRolePolicyAttachment(this, 'ClusterPolicyAttachment', {
      role: role.name,
      policyArn: managedPolicyArn(props.region, 'AmazonEKSClusterPolicy'),
    });

    // EKS creates this log group itself, without retention, unless it exists before the cluster.
    const logGroup = new CloudwatchLogGroup(this, 'LogGroup', {
      name: `/aws/eks/${props.clusterName}/cluster`,
      retentionInDays: logRetentionDays,
      tags: auditLogTags(props.tags),
    });

    this.cluster = new EksClusterResource(this, 'Cluster', {
      name: props.clusterName,
      version: props.kubernetesVersion,
      roleArn: role.arn,
      vpcConfig: {
        subnetIds: [...props.subnetIds],
        endpointPrivateAccess: true,
        endpointPublicAccess,
        publicAccessCidrs: endpointPublicAccess ? [...publicAccessCidrs] : undefined,
      },
      enabledClusterLogTypes: [...logTypes],
      accessConfig: {
        authenticationMode,
        bootstrapClusterCreatorAdminPermissions: props.bootstrapClusterCreatorAdminPermissions ?? false,
      },
      upgradePolicy: { supportType },
      encryptionConfig: props.secretsKmsKey ? { resources: ['secrets'], provider: { keyArn: props.secretsKmsKey.arn } } : undefined,
      tags: componentTags(Component.APP_CLUSTER, props.tags),
      dependsOn: [policy, logGroup],
    });

    // The private endpoint answers on the cluster security group; EKS opens it only to the cluster itself.
    privateAccessCidrs.forEach((cidr, i) => {
      new VpcSecurityGroupIngressRule(this, `ApiAccess${i}`, {
        securityGroupId: this.cluster.vpcConfig.clusterSecurityGroupId,
        description: `Kubernetes API (private endpoint) from ${cidr}`,
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        cidrIpv4: cidr,
        tags: { ...props.tags },
      });
    });

    // thumbprint_list is optional in AWS provider 5.x: IAM trusts the EKS OIDC issuer's CA itself.
    this.oidcProvider = new IamOpenidConnectProvider(this, 'OidcProvider', {
      url: this.cluster.identity.get(0).oidc.get(0).issuer,
      clientIdList: ['sts.amazonaws.com'],
      tags: { ...props.tags },
    });

    for (const [purpose, principalArn] of admins) {
      new EksAdminAccess(this, `${pascal(purpose)}Access`, {
        clusterName: this.cluster.name,
        region: props.region,
        principalArn,
        tags: props.tags,
      });
    }
  }

  /** Cluster name (a reference to the cluster, so dependents wait for it). */
  public get clusterName(): string {
    return this.cluster.name;
  }

  /** Cluster name as a literal, for names built at synth time (IAM role names, tags). */
  public get clusterNameLiteral(): string {
    return this.props.clusterName;
  }

  /** Cluster ARN. */
  public get clusterArn(): string {
    return this.cluster.arn;
  }

  /** API server endpoint URL. */
  public get endpoint(): string {
    return this.cluster.endpoint;
  }

  /** Base64-encoded certificate authority data of the API server. */
  public get certificateAuthorityData(): string {
    return this.cluster.certificateAuthority.get(0).data;
  }

  /** ARN of the IAM OIDC provider, the federated principal of IRSA trust policies. */
  public get oidcProviderArn(): string {
    return this.oidcProvider.arn;
  }

  /** OIDC issuer without `https://`, the prefix of IRSA condition keys (`<issuer>:sub`). */
  public get oidcIssuerUrl(): string {
    return Fn.replace(this.cluster.identity.get(0).oidc.get(0).issuer, 'https://', '');
  }

  /** Security group EKS creates for the cluster; managed node groups without a launch template put their nodes in it. */
  public get clusterSecurityGroupId(): string {
    return this.cluster.vpcConfig.clusterSecurityGroupId;
  }

  /** Kubernetes minor version (literal). */
  public get kubernetesVersion(): string {
    return this.props.kubernetesVersion;
  }

  /** Region of the cluster (literal). */
  public get region(): string {
    return this.props.region;
  }
}
