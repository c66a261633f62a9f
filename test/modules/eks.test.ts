import '../support/cdktf-matchers';
import { Testing, TerraformOutput, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EksCluster as EksClusterResource } from '@cdktf/provider-aws/lib/eks-cluster';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { COMPONENT_TAG, Component, regionalRef } from '../../modules/core';
import { StorageClassV1 } from '@cdktf/provider-kubernetes/lib/storage-class-v1';
import {
  EbsCsiDriver,
  EbsCsiDriverProps,
  EksAdminAccess,
  EksCluster,
  EksClusterProps,
  Gp3StorageClass,
  Gp3StorageClassProps,
  ManagedNodeGroup,
  ManagedNodeGroupProps,
} from '../../modules/eks';
import { atPath } from '../support/errors';

type Resources = Record<string, Record<string, any>>;

const synth = (build: (stack: TerraformStack) => void): string =>
  Testing.synthScope((scope) => {
    new AwsProvider(scope, 'aws', { region: 'us-east-1' });
    build(scope as TerraformStack);
  });
const resources = (json: string): Resources => JSON.parse(json).resource;
const only = (json: string, type: string): [string, Record<string, any>] => {
  const entries = Object.entries<Record<string, any>>(resources(json)[type]);
  expect(entries).toHaveLength(1);
  return entries[0];
};

const DEPLOY = 'arn:aws:iam::111122223333:role/payments-deploy';
const BREAK_GLASS = 'arn:aws:iam::111122223333:role/ops/payments-break-glass';
const clusterProps: EksClusterProps = {
  clusterName: 'payments-prod',
  kubernetesVersion: '1.35',
  subnetIds: ['subnet-a', 'subnet-b'],
  region: 'us-east-1',
  adminRoleArns: { deploy: DEPLOY, 'break-glass': BREAK_GLASS },
};
const buildCluster = (props: Partial<EksClusterProps> = {}) => synth((s) => new EksCluster(s, 'Cluster', { ...clusterProps, ...props }));

describe('EksCluster', () => {
  describe('defaults', () => {
    const json = buildCluster();

    test('private-only endpoint, all five log types, API auth without creator admin, STANDARD support, component tag, no envelope encryption', () => {
      const [, cluster] = only(json, 'aws_eks_cluster');
      expect(cluster).toMatchObject({
        name: 'payments-prod',
        version: '1.35',
        vpc_config: { subnet_ids: ['subnet-a', 'subnet-b'], endpoint_private_access: true, endpoint_public_access: false },
        enabled_cluster_log_types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'],
        access_config: { authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: false },
        upgrade_policy: { support_type: 'STANDARD' },
        tags: { [COMPONENT_TAG]: Component.APP_CLUSTER },
      });
      expect(cluster.vpc_config.public_access_cidrs).toBeUndefined();
      expect(cluster.encryption_config).toBeUndefined();
    });

    test('a STANDARD access entry with cluster-scoped AmazonEKSClusterAdminPolicy per admin role', () => {
      const [clusterKey] = only(json, 'aws_eks_cluster');
      const entries = Object.entries<Record<string, any>>(resources(json).aws_eks_access_entry);
      expect(entries.map(([, e]) => e.principal_arn).sort()).toEqual([BREAK_GLASS, DEPLOY].sort());
      const associations = Object.values<Record<string, any>>(resources(json).aws_eks_access_policy_association);
      expect(associations).toHaveLength(2);
      for (const [entryKey, entry] of entries) {
        expect(entry).toMatchObject({ cluster_name: `\${aws_eks_cluster.${clusterKey}.name}`, type: 'STANDARD' });
        expect(associations).toContainEqual({
          cluster_name: `\${aws_eks_cluster.${clusterKey}.name}`,
          principal_arn: `\${aws_eks_access_entry.${entryKey}.principal_arn}`,
          policy_arn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
          access_scope: { type: 'cluster' },
        });
      }
    });

    test('cluster role trusted by EKS with the cluster policy attached', () => {
      const [roleKey, role] = only(json, 'aws_iam_role');
      expect(role.name).toBe('payments-prod-cluster-us-east-1');
      expect(JSON.parse(role.assume_role_policy)).toEqual({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }],
      });
      expect(json).toHaveResourceWithProperties(IamRolePolicyAttachment, {
        role: `\${aws_iam_role.${roleKey}.name}`,
        policy_arn: 'arn:aws:iam::aws:policy/AmazonEKSClusterPolicy',
      });
      const [, cluster] = only(json, 'aws_eks_cluster');
      expect(cluster.role_arn).toBe(`\${aws_iam_role.${roleKey}.arn}`);
    });

    test('log group with 90-day retention exists before the cluster', () => {
      const [logKey] = only(json, 'aws_cloudwatch_log_group');
      const [attachmentKey] = only(json, 'aws_iam_role_policy_attachment');
      // 12 months by default (PCI DSS 10.5.1), tagged as an audit-class log group for WS-LOG-001.
      expect(json).toHaveResourceWithProperties(CloudwatchLogGroup, {
        name: '/aws/eks/payments-prod/cluster',
        retention_in_days: 365,
        tags: { 'warm-standby/log-class': 'audit' },
      });
      const [, cluster] = only(json, 'aws_eks_cluster');
      expect(cluster.depends_on).toEqual([`aws_iam_role_policy_attachment.${attachmentKey}`, `aws_cloudwatch_log_group.${logKey}`]);
    });

    test('OIDC provider for IRSA on the cluster issuer, without thumbprints', () => {
      const [clusterKey] = only(json, 'aws_eks_cluster');
      const [, oidc] = only(json, 'aws_iam_openid_connect_provider');
      expect(oidc).toEqual({ url: `\${aws_eks_cluster.${clusterKey}.identity[0].oidc[0].issuer}`, client_id_list: ['sts.amazonaws.com'], tags: {} });
    });
  });

  test('getters', () => {
    let cluster: EksCluster | undefined;
    const json = synth((s) => {
      cluster = new EksCluster(s, 'Cluster', clusterProps);
      new TerraformOutput(s, 'name', { value: cluster.clusterName });
      new TerraformOutput(s, 'arn', { value: cluster.clusterArn });
      new TerraformOutput(s, 'endpoint', { value: cluster.endpoint });
      new TerraformOutput(s, 'ca', { value: cluster.certificateAuthorityData });
      new TerraformOutput(s, 'oidcArn', { value: cluster.oidcProviderArn });
      new TerraformOutput(s, 'issuer', { value: cluster.oidcIssuerUrl });
    });
    const [clusterKey] = only(json, 'aws_eks_cluster');
    const [oidcKey] = only(json, 'aws_iam_openid_connect_provider');
    const out = JSON.parse(json).output;
    const c = `aws_eks_cluster.${clusterKey}`;
    expect(out.name.value).toBe(`\${${c}.name}`);
    expect(out.arn.value).toBe(`\${${c}.arn}`);
    expect(out.endpoint.value).toBe(`\${${c}.endpoint}`);
    expect(out.ca.value).toBe(`\${${c}.certificate_authority[0].data}`);
    expect(out.oidcArn.value).toBe(`\${aws_iam_openid_connect_provider.${oidcKey}.arn}`);
    expect(out.issuer.value).toBe(`\${replace(${c}.identity[0].oidc[0].issuer, "https://", "")}`);
    expect(cluster!.kubernetesVersion).toBe('1.35');
    expect(cluster!.region).toBe('us-east-1');
    expect(cluster!.clusterNameLiteral).toBe('payments-prod');
  });

  test('authenticationMode, bootstrapClusterCreatorAdminPermissions and supportType', () => {
    expect(
      buildCluster({ authenticationMode: 'API_AND_CONFIG_MAP', bootstrapClusterCreatorAdminPermissions: true, supportType: 'EXTENDED' }),
    ).toHaveResourceWithProperties(EksClusterResource, {
      access_config: { authentication_mode: 'API_AND_CONFIG_MAP', bootstrap_cluster_creator_admin_permissions: true },
      upgrade_policy: { support_type: 'EXTENDED' },
    });
  });

  test('endpointPublicAccess with publicAccessCidrs, enabledLogTypes, logRetentionDays and tags', () => {
    const json = buildCluster({
      endpointPublicAccess: true,
      publicAccessCidrs: ['203.0.113.0/24'],
      enabledLogTypes: ['audit', 'api'],
      logRetentionDays: 731,
      tags: { team: 'payments' },
    });
    expect(json).toHaveResourceWithProperties(EksClusterResource, {
      vpc_config: expect.objectContaining({ endpoint_public_access: true, endpoint_private_access: true, public_access_cidrs: ['203.0.113.0/24'] }),
      enabled_cluster_log_types: ['audit', 'api'],
      tags: { team: 'payments', [COMPONENT_TAG]: Component.APP_CLUSTER },
    });
    expect(json).toHaveResourceWithProperties(CloudwatchLogGroup, { retention_in_days: 731, tags: { team: 'payments', 'warm-standby/log-class': 'audit' } });
    expect(json).toHaveResourceWithProperties(IamOpenidConnectProvider, { tags: { team: 'payments' } });
  });

  test('secretsKmsKey in the same Region turns on envelope encryption of secrets', () => {
    const key = regionalRef('arn:aws:kms:us-east-1:111122223333:key/abcd', 'abcd', 'us-east-1');
    expect(buildCluster({ secretsKmsKey: key })).toHaveResourceWithProperties(EksClusterResource, {
      encryption_config: { resources: ['secrets'], provider: { key_arn: 'arn:aws:kms:us-east-1:111122223333:key/abcd' } },
    });
  });

  test('long names get a hashed, unique IAM role name within 64 characters', () => {
    const a = only(buildCluster({ clusterName: `${'x'.repeat(60)}-a` }), 'aws_iam_role')[1].name as string;
    const b = only(buildCluster({ clusterName: `${'x'.repeat(60)}-b` }), 'aws_iam_role')[1].name as string;
    expect(a.length).toBeLessThanOrEqual(64);
    expect(a).toMatch(/^x+-[0-9a-f]{8}$/);
    expect(a).not.toBe(b);
  });

  test('partition of managed policies follows the Region', () => {
    expect(buildCluster({ region: 'us-gov-west-1' })).toHaveResourceWithProperties(IamRolePolicyAttachment, {
      policy_arn: 'arn:aws-us-gov:iam::aws:policy/AmazonEKSClusterPolicy',
    });
  });

  describe('validation', () => {
    test.each<[string, Partial<EksClusterProps>, RegExp]>([
      ['clusterName', { clusterName: '-bad name' }, /^clusterName must be 1-100 letters.*\(got "-bad name"\)/],
      ['kubernetesVersion', { kubernetesVersion: '1.31.2' }, /^kubernetesVersion must be a Kubernetes minor version such as 1.35 \(got "1.31.2"\)/],
      ['kubernetesVersion prefix', { kubernetesVersion: 'v1.31' }, /^kubernetesVersion must be a Kubernetes minor version/],
      ['subnetIds', { subnetIds: ['subnet-a'] }, /^subnetIds must list at least 2 subnets \(EKS needs two AZs\) \(got \["subnet-a"\]\)/],
      ['enabledLogTypes value', { enabledLogTypes: ['api', 'kubelet' as never] }, /^enabledLogTypes must be among api, audit.*\(got "kubelet"\)/],
      ['enabledLogTypes repeat', { enabledLogTypes: ['api', 'api'] }, /^enabledLogTypes must not repeat a log type/],
      ['logRetentionDays', { logRetentionDays: 45 }, /^logRetentionDays must be a CloudWatch Logs retention.*\(got 45\)/],
      [
        'secretsKmsKey Region',
        { secretsKmsKey: regionalRef('arn:aws:kms:us-west-2:111122223333:key/abcd', 'abcd', 'us-west-2') },
        /^secretsKmsKey.region must be the cluster's region us-east-1.*\(got "us-west-2"\)/,
      ],
      [
        'public endpoint without CIDRs',
        { endpointPublicAccess: true },
        /^publicAccessCidrs must list the networks allowed to reach the public endpoint \(EKS defaults to 0.0.0.0\/0\) \(got \[\]\)/,
      ],
      [
        'public endpoint open to all',
        { endpointPublicAccess: true, publicAccessCidrs: ['203.0.113.0/24', '0.0.0.0/0'] },
        /^publicAccessCidrs\[1\] must not open the Kubernetes API to every address \(\/0\).*\(got "0.0.0.0\/0"\)/,
      ],
      ['public endpoint bad CIDR', { endpointPublicAccess: true, publicAccessCidrs: ['203.0.113.0'] }, /^publicAccessCidrs\[0\] must be an IPv4 CIDR block/],
      [
        'private endpoint with CIDRs',
        { publicAccessCidrs: ['203.0.113.0/24'] },
        /^publicAccessCidrs must be empty when endpointPublicAccess is false \(got \["203.0.113.0\/24"\]\)/,
      ],
      ['no admin roles', { adminRoleArns: {} }, /^adminRoleArns must name at least one IAM role given cluster-admin access \(got \{\}\)/],
      [
        'admin purpose',
        { adminRoleArns: { Deploy: DEPLOY } },
        /^adminRoleArns keys must be lower-case purposes such as deploy or break-glass \(got "Deploy"\)/,
      ],
      [
        'admin repeated',
        { adminRoleArns: { deploy: DEPLOY, ci: DEPLOY } },
        /^adminRoleArns must not repeat a role \(EKS allows one access entry per principal\)/,
      ],
      [
        'authenticationMode',
        { authenticationMode: 'CONFIG_MAP' as never },
        /^authenticationMode must be 'API' or 'API_AND_CONFIG_MAP' \(access entries need one of them\) \(got "CONFIG_MAP"\)/,
      ],
      ['supportType', { supportType: 'LTS' as never }, /^supportType must be 'STANDARD' or 'EXTENDED' \(got "LTS"\)/],
    ])('%s', (_, props, message) => {
      expect(() => buildCluster(props)).toThrow(atPath('stack/Cluster', message));
    });

    test('admin session ARN: the innermost construct (the access entry) names itself', () => {
      expect(() => buildCluster({ adminRoleArns: { deploy: 'arn:aws:sts::111122223333:assumed-role/payments-deploy/gha' } })).toThrow(
        atPath(
          'stack/Cluster/DeployAccess',
          /^principalArn must be an IAM role ARN such as arn:aws:iam::111122223333:role\/deploy \(not an assumed-role session ARN\) \(got "arn:aws:sts::111122223333:assumed-role\/payments-deploy\/gha"\)/,
        ),
      );
    });
  });
});

describe('ManagedNodeGroup', () => {
  type NodeProps = Omit<ManagedNodeGroupProps, 'cluster'>;
  const primary: NodeProps = { nodeGroupName: 'app', role: 'primary', minNodes: 3, desiredNodes: 3, maxNodes: 6, subnetIds: ['subnet-a', 'subnet-b'] };
  const standby: NodeProps = { ...primary, role: 'standby', minNodes: 1, desiredNodes: 1, maxNodes: 6, scaleUpTargetNodes: 3 };
  const build = (props: NodeProps) =>
    synth((s) => {
      const cluster = new EksCluster(s, 'Cluster', clusterProps);
      new ManagedNodeGroup(s, 'Nodes', { cluster, ...props });
    });
  const nodeGroup = (json: string) => only(json, 'aws_eks_node_group')[1];

  describe('defaults (primary)', () => {
    const json = build(primary);

    test('node group on the cluster, with scaling, one-at-a-time updates and the role label', () => {
      const [clusterKey] = only(json, 'aws_eks_cluster');
      expect(nodeGroup(json)).toMatchObject({
        cluster_name: `\${aws_eks_cluster.${clusterKey}.name}`,
        node_group_name: 'app',
        version: '1.35',
        ami_type: 'AL2023_x86_64_STANDARD',
        subnet_ids: ['subnet-a', 'subnet-b'],
        instance_types: ['m6i.large'],
        capacity_type: 'ON_DEMAND',
        disk_size: 50,
        scaling_config: { min_size: 3, desired_size: 3, max_size: 6 },
        update_config: { max_unavailable: 1 },
        labels: { 'warm-standby/role': 'primary' },
      });
    });

    test('node role trusted by EC2 with the three worker policies, attached before the node group', () => {
      const roles = Object.entries<Record<string, any>>(resources(json).aws_iam_role);
      const [nodeRoleKey, nodeRole] = roles.find(([, r]) => r.name === 'payments-prod-app-node-us-east-1')!;
      expect(JSON.parse(nodeRole.assume_role_policy).Statement).toEqual([
        { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: ['sts:AssumeRole'] },
      ]);
      const attachments = Object.entries<Record<string, any>>(resources(json).aws_iam_role_policy_attachment).filter(
        ([, a]) => a.role === `\${aws_iam_role.${nodeRoleKey}.name}`,
      );
      expect(attachments.map(([, a]) => a.policy_arn).sort()).toEqual([
        'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly',
        'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy',
        'arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy',
      ]);
      const group = nodeGroup(json);
      expect(group.node_role_arn).toBe(`\${aws_iam_role.${nodeRoleKey}.arn}`);
      expect([...group.depends_on].sort()).toEqual(attachments.map(([key]) => `aws_iam_role_policy_attachment.${key}`).sort());
    });

    test('no aws_instance anywhere', () => {
      expect(resources(json).aws_instance).toBeUndefined();
    });
  });

  test('standby: one warm node, able to reach the primary size, labelled standby', () => {
    const json = build(standby);
    expect(json).toHaveResourceWithProperties(EksNodeGroup, {
      scaling_config: { min_size: 1, desired_size: 1, max_size: 6 },
      labels: { 'warm-standby/role': 'standby' },
    });
  });

  test('amiType AL2023 arm64 with Graviton instance types', () => {
    const json = build({ ...primary, amiType: 'AL2023_ARM_64_STANDARD', instanceTypes: ['m7g.large', 'c6gn.xlarge'] });
    expect(nodeGroup(json)).toMatchObject({ ami_type: 'AL2023_ARM_64_STANDARD', instance_types: ['m7g.large', 'c6gn.xlarge'] });
  });

  test('instanceTypes, capacityType, diskSizeGiB and tags', () => {
    const json = build({ ...primary, instanceTypes: ['m7i.xlarge', 'm6i.xlarge'], capacityType: 'SPOT', diskSizeGiB: 100, tags: { team: 'payments' } });
    expect(nodeGroup(json)).toMatchObject({ instance_types: ['m7i.xlarge', 'm6i.xlarge'], capacity_type: 'SPOT', disk_size: 100, tags: { team: 'payments' } });
  });

  test('getters', () => {
    Testing.synthScope((scope) => {
      const cluster = new EksCluster(scope, 'Cluster', clusterProps);
      const group = new ManagedNodeGroup(scope, 'Nodes', { cluster, ...standby });
      expect([group.nodeGroupName, group.role, group.minNodes, group.desiredNodes, group.maxNodes]).toEqual(['app', 'standby', 1, 1, 6]);
      expect(group.nodeRoleArn).toMatch(/TfToken/);
    });
  });

  describe('validation', () => {
    test.each<[string, NodeProps, RegExp]>([
      ['nodeGroupName', { ...primary, nodeGroupName: 'app nodes' }, /^nodeGroupName must be 1-63 letters.*\(got "app nodes"\)/],
      ['role', { ...primary, role: 'secondary' as never }, /^role must be 'primary' or 'standby' \(got "secondary"\)/],
      ['whole numbers', { ...primary, desiredNodes: 3.5, maxNodes: 6 }, /^desiredNodes must be a whole number \(got 3.5\)/],
      ['standby min', { ...standby, minNodes: 0, desiredNodes: 0 }, /^minNodes must be >= 1 for a warm standby \(got 0\)/],
      ['primary min', { ...primary, minNodes: 0 }, /^minNodes must be >= 1 \(got 0\)/],
      ['desired < min', { ...primary, minNodes: 3, desiredNodes: 2 }, /^desiredNodes must be >= minNodes \(3\) \(got 2\)/],
      ['max < desired', { ...primary, desiredNodes: 3, maxNodes: 2 }, /^maxNodes must be >= desiredNodes \(3\) \(got 2\)/],
      [
        'standby without scaleUpTargetNodes',
        { ...standby, scaleUpTargetNodes: undefined },
        /^scaleUpTargetNodes is required for role standby \(the primary's desiredNodes\)/,
      ],
      ['scaleUpTargetNodes value', { ...standby, scaleUpTargetNodes: 0 }, /^scaleUpTargetNodes must be a whole number >= 1 \(got 0\)/],
      [
        'standby max < scale-up target',
        { ...standby, maxNodes: 2, scaleUpTargetNodes: 3 },
        /^maxNodes must be >= scaleUpTargetNodes \(3\) so the standby can scale up to the primary's size on failover \(got 2\)/,
      ],
      ['primary max < scale-up target', { ...primary, scaleUpTargetNodes: 8 }, /^maxNodes must be >= scaleUpTargetNodes \(8\) \(got 6\)/],
      ['instanceTypes', { ...primary, instanceTypes: [] }, /^instanceTypes must list at least 1 instance type/],
      ['subnetIds', { ...primary, subnetIds: [] }, /^subnetIds must list at least 1 subnet/],
      ['capacityType', { ...primary, capacityType: 'RESERVED' as never }, /^capacityType must be 'ON_DEMAND' or 'SPOT' \(got "RESERVED"\)/],
      ['diskSizeGiB', { ...primary, diskSizeGiB: 0 }, /^diskSizeGiB must be an integer from 1 to 16384 \(got 0\)/],
      [
        'amiType AL2',
        { ...primary, amiType: 'AL2_x86_64' as never },
        /^amiType must be one of AL2023_x86_64_STANDARD, AL2023_ARM_64_STANDARD \(EKS publishes no Amazon Linux 2 AMIs for Kubernetes 1.33 and later\) \(got "AL2_x86_64"\)/,
      ],
      [
        'Graviton on x86 AMI',
        { ...primary, instanceTypes: ['m7g.large'] },
        /^instanceTypes must be an x86_64 instance type for amiType AL2023_x86_64_STANDARD \(got "m7g.large"\)/,
      ],
      [
        'x86 on arm AMI',
        { ...primary, amiType: 'AL2023_ARM_64_STANDARD', instanceTypes: ['m6i.large'] },
        /^instanceTypes must be a Graviton \(arm64\) instance type for amiType AL2023_ARM_64_STANDARD \(got "m6i.large"\)/,
      ],
    ])('%s', (_, props, message) => {
      expect(() => build(props)).toThrow(atPath('stack/Nodes', message));
    });
  });
});

describe('EksAdminAccess', () => {
  test('validates the principal on its own too', () => {
    expect(() =>
      synth((s) => new EksAdminAccess(s, 'Admin', { clusterName: 'c', region: 'us-east-1', principalArn: 'arn:aws:iam::111122223333:user/alice' })),
    ).toThrow(/^stack\/Admin: principalArn must be an IAM role ARN .*\(got "arn:aws:iam::111122223333:user\/alice"\)/);
  });

  test('partition of the access policy follows the Region', () => {
    const json = synth(
      (s) => new EksAdminAccess(s, 'Admin', { clusterName: 'c', region: 'us-gov-west-1', principalArn: 'arn:aws-us-gov:iam::111122223333:role/deploy' }),
    );
    const [, association] = only(json, 'aws_eks_access_policy_association');
    expect(association.policy_arn).toBe('arn:aws-us-gov:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy');
  });
});

describe('EbsCsiDriver', () => {
  type DriverProps = Omit<EbsCsiDriverProps, 'cluster' | 'nodeGroups'>;
  const build = (props: DriverProps = {}, withNodes = true) =>
    synth((s) => {
      const cluster = new EksCluster(s, 'Cluster', clusterProps);
      const nodes = withNodes
        ? [
            new ManagedNodeGroup(s, 'Nodes', {
              cluster,
              nodeGroupName: 'app',
              role: 'primary',
              minNodes: 1,
              desiredNodes: 1,
              maxNodes: 2,
              subnetIds: ['subnet-a'],
            }),
          ]
        : [];
      new EbsCsiDriver(s, 'EbsCsi', { cluster, nodeGroups: nodes, ...props });
    });
  const driverRole = (json: string): [string, Record<string, any>] =>
    Object.entries<Record<string, any>>(resources(json).aws_iam_role).find(([, r]) => r.name === 'payments-prod-ebs-csi-us-east-1')!;

  describe('defaults', () => {
    const json = build();

    test('IRSA role trusted only by kube-system/ebs-csi-controller-sa with the sts audience', () => {
      const [clusterKey] = only(json, 'aws_eks_cluster');
      const [oidcKey] = only(json, 'aws_iam_openid_connect_provider');
      const [, role] = driverRole(json);
      // The issuer is a Terraform expression with quotes inside the JSON string: swap it for a placeholder to parse.
      const issuerExpression = `\${replace(aws_eks_cluster.${clusterKey}.identity[0].oidc[0].issuer, "https://", "")}`;
      expect(role.assume_role_policy).toContain(`"${issuerExpression}:sub"`);
      const issuer = 'ISSUER';
      expect(JSON.parse(role.assume_role_policy.split(issuerExpression).join(issuer)).Statement).toEqual([
        {
          Effect: 'Allow',
          Principal: { Federated: `\${aws_iam_openid_connect_provider.${oidcKey}.arn}` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: {
              [`${issuer}:sub`]: 'system:serviceaccount:kube-system:ebs-csi-controller-sa',
              [`${issuer}:aud`]: 'sts.amazonaws.com',
            },
          },
        },
      ]);
    });

    test('AmazonEBSCSIDriverPolicy attached, no KMS policy', () => {
      const [roleKey] = driverRole(json);
      expect(json).toHaveResourceWithProperties(IamRolePolicyAttachment, {
        role: `\${aws_iam_role.${roleKey}.name}`,
        policy_arn: 'arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy',
      });
      expect(resources(json).aws_iam_role_policy).toBeUndefined();
    });

    test('add-on with the role, created after the node group and the policy attachment', () => {
      const [clusterKey] = only(json, 'aws_eks_cluster');
      const [roleKey] = driverRole(json);
      const [nodeGroupKey] = only(json, 'aws_eks_node_group');
      const attachmentKey = Object.entries<Record<string, any>>(resources(json).aws_iam_role_policy_attachment).find(
        ([, a]) => a.role === `\${aws_iam_role.${roleKey}.name}`,
      )![0];
      const [, addon] = only(json, 'aws_eks_addon');
      expect(addon).toMatchObject({
        cluster_name: `\${aws_eks_cluster.${clusterKey}.name}`,
        addon_name: 'aws-ebs-csi-driver',
        service_account_role_arn: `\${aws_iam_role.${roleKey}.arn}`,
        resolve_conflicts_on_create: 'OVERWRITE',
        resolve_conflicts_on_update: 'PRESERVE',
      });
      expect(addon.addon_version).toBeUndefined();
      expect(addon.depends_on).toEqual([`aws_eks_node_group.${nodeGroupKey}`, `aws_iam_role_policy_attachment.${attachmentKey}`]);
    });
  });

  test('kmsKeys: grants for EBS and use of the keys, before the add-on', () => {
    const key = regionalRef('arn:aws:kms:us-east-1:111122223333:key/abcd', 'abcd', 'us-east-1');
    const json = build({ kmsKeys: [key], addonVersion: 'v1.48.0-eksbuild.2' });
    const [policyKey, policy] = only(json, 'aws_iam_role_policy');
    expect(JSON.parse(policy.policy).Statement).toEqual([
      {
        Sid: 'GrantKeysToEbs',
        Effect: 'Allow',
        Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
        Resource: [key.arn],
        Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      },
      {
        Sid: 'UseVolumeKeys',
        Effect: 'Allow',
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        Resource: [key.arn],
      },
    ]);
    const [, addon] = only(json, 'aws_eks_addon');
    expect(addon.addon_version).toBe('v1.48.0-eksbuild.2');
    expect(addon.depends_on).toContain(`aws_iam_role_policy.${policyKey}`);
  });

  describe('validation', () => {
    test.each<[string, DriverProps, boolean, RegExp]>([
      ['no node groups', {}, false, /^nodeGroups must list at least one node group for the driver pods/],
      [
        'key in another Region',
        { kmsKeys: [regionalRef('arn:aws:kms:us-west-2:111122223333:key/abcd', 'abcd', 'us-west-2')] },
        true,
        /^kmsKeys.region must be the cluster's region us-east-1.*\(got "us-west-2"\)/,
      ],
      [
        'alias instead of key',
        { kmsKeys: [regionalRef('arn:aws:kms:us-east-1:111122223333:alias/ebs', 'alias/ebs', 'us-east-1')] },
        true,
        /^kmsKeys.arn must be a KMS key ARN.*\(got "arn:aws:kms:us-east-1:111122223333:alias\/ebs"\)/,
      ],
      ['addonVersion', { addonVersion: '1.48' }, true, /^addonVersion must be an add-on version such as v1.48.0-eksbuild.2 \(got "1.48"\)/],
    ])('%s', (_, props, withNodes, message) => {
      expect(() => build(props, withNodes)).toThrow(atPath('stack/EbsCsi', message));
    });
  });
});

describe('Gp3StorageClass', () => {
  const build = (props?: Gp3StorageClassProps) => Testing.synthScope((s) => new Gp3StorageClass(s, 'Gp3', props));

  test('default: encrypted gp3 on the EBS CSI driver, the default class, bound at first consumer', () => {
    const json = build();
    const [, sc] = only(json, 'kubernetes_storage_class_v1');
    expect(sc).toEqual({
      metadata: { name: 'gp3', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      storage_provisioner: 'ebs.csi.aws.com',
      parameters: { type: 'gp3', encrypted: 'true' },
      reclaim_policy: 'Delete',
      volume_binding_mode: 'WaitForFirstConsumer',
      allow_volume_expansion: true,
    });
  });

  test('name, isDefault, kmsKeyArn and reclaimPolicy', () => {
    const kmsKeyArn = 'arn:aws:kms:us-east-1:111122223333:key/abcd';
    expect(build({ name: 'gp3-cmk', isDefault: false, kmsKeyArn, reclaimPolicy: 'Retain' })).toHaveResourceWithProperties(StorageClassV1, {
      metadata: { name: 'gp3-cmk', annotations: { 'storageclass.kubernetes.io/is-default-class': 'false' } },
      parameters: { type: 'gp3', encrypted: 'true', kmsKeyId: kmsKeyArn },
      reclaim_policy: 'Retain',
    });
  });

  test('storageClassName getter references the object', () => {
    Testing.synthScope((s) => {
      expect(new Gp3StorageClass(s, 'Gp3').storageClassName).toMatch(/TfToken/);
    });
  });

  test.each<[string, Gp3StorageClassProps, RegExp]>([
    ['name', { name: 'GP3' }, /^name must be a Kubernetes object name \(lower-case DNS subdomain\) \(got "GP3"\)/],
    ['kmsKeyArn', { kmsKeyArn: 'alias/aws/ebs' }, /^kmsKeyArn must be a KMS key ARN.*\(got "alias\/aws\/ebs"\)/],
    ['reclaimPolicy', { reclaimPolicy: 'Recycle' as never }, /^reclaimPolicy must be 'Delete' or 'Retain' \(got "Recycle"\)/],
  ])('validation: %s', (_, props, message) => {
    expect(() => build(props)).toThrow(atPath('stack/Gp3', message));
  });
});

describe('EksCluster privateAccessCidrs (deploy agents reaching a private endpoint)', () => {
  test('one HTTPS ingress rule per network on the cluster security group EKS creates', () => {
    const json = buildCluster({ privateAccessCidrs: ['10.50.0.0/24', '10.60.0.0/24'] });
    const rules = Object.values<any>(JSON.parse(json).resource.aws_vpc_security_group_ingress_rule);
    expect(rules.map((r) => [r.cidr_ipv4, r.from_port, r.to_port, r.ip_protocol])).toEqual([
      ['10.50.0.0/24', 443, 443, 'tcp'],
      ['10.60.0.0/24', 443, 443, 'tcp'],
    ]);
    const [name] = only(json, 'aws_eks_cluster');
    expect(rules.every((r) => r.security_group_id === `\${aws_eks_cluster.${name}.vpc_config[0].cluster_security_group_id}`)).toBe(true);
  });

  test('none by default', () => {
    expect(JSON.parse(buildCluster()).resource.aws_vpc_security_group_ingress_rule).toBeUndefined();
  });

  test.each([
    [['0.0.0.0/0'], /privateAccessCidrs\[0\] must not open the Kubernetes API to every address/],
    [['10.50.0.0'], /privateAccessCidrs\[0\] must be an IPv4 CIDR block/],
  ])('rejects %j', (privateAccessCidrs, message) => {
    expect(() => buildCluster({ privateAccessCidrs })).toThrow(message);
  });
});
