import * as path from 'path';
import { AssetType, Fn, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretRotation } from '@cdktf/provider-aws/lib/secretsmanager-secret-rotation';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { ITerraformDependable } from 'cdktf';
import { LAMBDA_TRUST_POLICY, RegionalRef, arnPartition, auditLogTags, kmsGrant, lambdaVpcAccessPolicyArn, validatedConstruct } from '../../core';
import { LAMBDA_NODEJS_RUNTIME, bundleHandler } from '../../redshift-feed/bundle';
import { sourceDir } from '../../../common/source';
import { POSTGRES_PORT } from './network';

// The handler source, also when this module runs compiled from dist/ (esbuild bundles the TypeScript).
const HANDLER_ENTRY = path.join(sourceDir(path.join(__dirname, '..')), 'rotation-handler', 'index.ts');

/** The Lambda runtime's bundle of Amazon CA certificates (RDS included); Node.js 20+ runtimes load it only when named here. */
export const LAMBDA_AMAZON_CA_BUNDLE = '/var/runtime/ca-cert.pem';

export interface MasterSecretRotationProps {
  /** Function, role and security group name. */
  readonly name: string;
  readonly region: string;
  readonly secret: SecretsmanagerSecret;
  /** The secret's literal name (for descriptions; the resource's name is a token). */
  readonly secretName: string;
  /** The secret's KMS key (this Region's). */
  readonly secretKmsKey: RegionalRef;
  readonly instance: DbInstance;
  readonly databaseName: string;
  /** Security group of the instance; it admits the function on 5432. */
  readonly dbSecurityGroupId: string;
  readonly subnetIds: readonly string[];
  readonly vpcId: string;
  readonly scheduleDays: number;
  readonly logRetentionDays: number;
  /** What must exist before the first (immediate) rotation: the secret's first version. */
  readonly after: ITerraformDependable[];
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * Rotates the master secret with our own single-user rotation function (`../rotation-handler`):
 * Secrets Manager's managed rotation covers RDS-managed passwords only, which a replicated source
 * cannot use. The function runs in the instance's VPC (private subnets; Secrets Manager through the
 * NAT gateways, PostgreSQL through its security group) and may touch this one secret and its key.
 */
@validatedConstruct
export class MasterSecretRotation extends Construct {
  public readonly function: LambdaFunction;
  public readonly rotation: SecretsmanagerSecretRotation;
  public readonly securityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: MasterSecretRotationProps) {
    super(scope, id);
    const tags = { ...props.tags };
    const partition = arnPartition(props.region);
    // Rotation logs say who changed a credential when: audit class (WS-LOG-001).
    const logGroup = new CloudwatchLogGroup(this, 'LogGroup', {
      name: `/aws/lambda/${props.name}`,
      retentionInDays: props.logRetentionDays,
      tags: auditLogTags(tags),
    });
    const role = new IamRole(this, 'Role', {
      name: props.name,
      description: `Rotates the master secret ${props.secretName}`,
      assumeRolePolicy: LAMBDA_TRUST_POLICY,
      tags,
    });
    const vpcAccess = new IamRolePolicyAttachment(this, 'VpcAccess', {
      role: role.name,
      policyArn: lambdaVpcAccessPolicyArn(partition),
    });
    const policy = new IamRolePolicy(this, 'Policy', {
      role: role.name,
      name: 'rotate-master-secret',
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'RotateThisSecret',
            Effect: 'Allow',
            Action: [
              'secretsmanager:DescribeSecret',
              'secretsmanager:GetSecretValue',
              'secretsmanager:PutSecretValue',
              'secretsmanager:UpdateSecretVersionStage',
            ],
            Resource: props.secret.arn,
          },
          // GetRandomPassword has no resource-level permissions.
          { Sid: 'DrawPassword', Effect: 'Allow', Action: 'secretsmanager:GetRandomPassword', Resource: '*' },
          {
            Sid: 'SecretKey',
            Effect: 'Allow',
            Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
            ...kmsGrant(props.secretKmsKey, { StringEquals: { 'kms:ViaService': `secretsmanager.${props.region}.amazonaws.com` } }),
          },
        ],
      }),
    });

    // aws_security_group drops AWS's default allow-all egress: PostgreSQL to the instance, HTTPS to Secrets Manager.
    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      name: props.name,
      description: `Rotation of ${props.secretName}: PostgreSQL to the instance, HTTPS to Secrets Manager`,
      vpcId: props.vpcId,
      tags: { ...tags, Name: props.name },
    });
    new VpcSecurityGroupEgressRule(this, 'PostgresEgress', {
      securityGroupId: this.securityGroup.id,
      description: 'PostgreSQL to the instance',
      ipProtocol: 'tcp',
      fromPort: POSTGRES_PORT,
      toPort: POSTGRES_PORT,
      referencedSecurityGroupId: props.dbSecurityGroupId,
      tags,
    });
    new VpcSecurityGroupEgressRule(this, 'HttpsEgress', {
      securityGroupId: this.securityGroup.id,
      description: 'HTTPS to Secrets Manager (through the NAT gateways)',
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      cidrIpv4: '0.0.0.0/0',
      tags,
    });
    const ingress = new VpcSecurityGroupIngressRule(this, 'PostgresIngress', {
      securityGroupId: props.dbSecurityGroupId,
      description: `PostgreSQL from the rotation function ${props.name}`,
      ipProtocol: 'tcp',
      fromPort: POSTGRES_PORT,
      toPort: POSTGRES_PORT,
      referencedSecurityGroupId: this.securityGroup.id,
      tags,
    });

    const code = new TerraformAsset(this, 'Code', { path: bundleHandler(HANDLER_ENTRY).archive, type: AssetType.FILE });
    this.function = new LambdaFunction(this, 'Function', {
      functionName: props.name,
      description: `Single-user rotation of ${props.secretName}`,
      role: role.arn,
      runtime: LAMBDA_NODEJS_RUNTIME,
      architectures: ['arm64'],
      handler: 'index.handler',
      filename: code.path,
      // The archive is byte-for-byte reproducible (modules/redshift-feed/bundle.ts).
      sourceCodeHash: Fn.filebase64sha256(code.path),
      timeout: 60,
      memorySize: 256,
      vpcConfig: { subnetIds: [...props.subnetIds], securityGroupIds: [this.securityGroup.id] },
      environment: {
        variables: {
          DB_HOST: props.instance.address,
          DB_PORT: String(POSTGRES_PORT),
          DB_NAME: props.databaseName,
          NODE_EXTRA_CA_CERTS: LAMBDA_AMAZON_CA_BUNDLE,
        },
      },
      tags,
      dependsOn: [logGroup, vpcAccess, policy],
    });
    const permission = new LambdaPermission(this, 'InvokeBySecretsManager', {
      functionName: this.function.functionName,
      action: 'lambda:InvokeFunction',
      principal: 'secretsmanager.amazonaws.com',
      sourceArn: props.secret.arn,
    });
    this.rotation = new SecretsmanagerSecretRotation(this, 'Rotation', {
      secretId: props.secret.id,
      rotationLambdaArn: this.function.arn,
      rotationRules: { scheduleExpression: `rate(${props.scheduleDays} days)` },
      // Starts a first rotation right after creation (RotateSecret), so a broken set-up fails within
      // minutes rather than a month later. The call only starts the rotation, which runs
      // asynchronously (the provider does not wait for it): the apply succeeds whatever happens, and a
      // failure shows only in the function's log group, the secret's CloudTrail events and the
      // alarms on them (SecretRotationAlarms in the region stack, rule WS-ALARM-005).
      rotateImmediately: true,
      dependsOn: [permission, ingress, props.instance, ...props.after],
    });
  }
}
