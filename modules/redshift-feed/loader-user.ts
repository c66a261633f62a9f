import * as path from 'path';
import { Construct } from 'constructs';
import { AssetType, Fn, TerraformAsset } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaInvocation } from '@cdktf/provider-aws/lib/lambda-invocation';
import { RedshiftCluster } from '@cdktf/provider-aws/lib/redshift-cluster';
import {
  Component,
  LAMBDA_TRUST_POLICY,
  RegionalRef,
  auditLogTags,
  componentTags,
  kmsGrant,
  requireLogRetention,
  requireProp,
  validatedConstruct,
} from '../core';
import { LAMBDA_NODEJS_RUNTIME, bundleHandler } from './bundle';
import type { LoaderUserEvent } from './bootstrap-handler';
import { sourceDir } from '../../common/source';

// The handler source, also when this module runs compiled from dist/ (esbuild bundles the TypeScript).
const HANDLER_ENTRY = path.join(sourceDir(__dirname), 'bootstrap-handler', 'index.ts');

/** Value of the invocation's `bootstrap` trigger. */
export const LOADER_USER_BOOTSTRAP_TRIGGER = 'redshift-loader-user';

export interface LoaderUserBootstrapProps {
  /** Function and role name, e.g. `<feed>-feed-loader-user`; IAM is global, so it carries the Region. */
  readonly name: string;
  readonly region: string;
  /** The cluster, with `manage_master_password` (its secret is what the bootstrap connects with). */
  readonly cluster: RedshiftCluster;
  readonly databaseName: string;
  /** The loader's database user (created without a password). */
  readonly loaderUser: string;
  /** Schemas the loader inserts into. */
  readonly schemas: readonly string[];
  /** Key of the master secret (`master_password_secret_kms_key_id`): Secrets Manager decrypts with it for the bootstrap. */
  readonly secretKmsKey: RegionalRef;
  /**
   * Retention of the function's log group, a CloudWatch Logs retention (0 = never expire). The group
   * is audit class (`warm-standby/log-class=audit`, WS-LOG-001): the function creates a database user
   * and grants it privileges (PCI DSS 10.2.1.5, 10.5.1).
   * @default 365
   */
  readonly logRetentionDays?: number;
  /** @default - no tags besides the component tag */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Creates the feed loader's least-privilege database user (INSERT on the target schemas, no
 * password) with a Lambda function invoked by `aws_lambda_invocation` on every configuration change.
 * The function's role is the only one that reads the cluster's master secret; it calls the Data API
 * (a public AWS endpoint, so the function needs no VPC).
 */
@validatedConstruct
export class LoaderUserBootstrap extends Construct {
  public readonly function: LambdaFunction;
  public readonly invocation: LambdaInvocation;
  /** The role that may read the master secret. */
  public readonly roleArn: string;

  constructor(scope: Construct, id: string, props: LoaderUserBootstrapProps) {
    super(scope, id);
    requireProp(/^[\w+=,.@-]{1,64}$/.test(props.name), 'name', props.name, 'must be a valid IAM role and Lambda function name (1-64 characters)');
    requireProp(props.schemas.length > 0, 'schemas', props.schemas, 'must name at least one schema');
    requireProp(props.secretKmsKey.region === props.region, 'secretKmsKey.region', props.secretKmsKey.region, `must be the cluster's Region ${props.region}`);
    const logRetentionDays = props.logRetentionDays ?? 365;
    requireLogRetention('logRetentionDays', logRetentionDays);
    const tags = componentTags(Component.FEED_WAREHOUSE, props.tags ?? {});
    // Who created which database user with which grants, when: audit class (WS-LOG-001).
    const logGroup = new CloudwatchLogGroup(this, 'LogGroup', {
      name: `/aws/lambda/${props.name}`,
      retentionInDays: logRetentionDays,
      tags: auditLogTags(tags),
    });
    const role = new IamRole(this, 'Role', {
      name: props.name,
      description: `Creates the feed loader's database user on ${props.cluster.clusterIdentifier}`,
      assumeRolePolicy: LAMBDA_TRUST_POLICY,
      tags,
    });
    this.roleArn = role.arn;
    const policy = new IamRolePolicy(this, 'Policy', {
      role: role.name,
      name: 'loader-user-bootstrap',
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'RunStatements',
            Effect: 'Allow',
            Action: ['redshift-data:ExecuteStatement', 'redshift-data:BatchExecuteStatement'],
            Resource: props.cluster.arn,
          },
          {
            Sid: 'DescribeOwnStatements',
            Effect: 'Allow',
            Action: 'redshift-data:DescribeStatement',
            Resource: '*',
            // `$${` is Terraform's escape for a literal `${`: an IAM policy variable.
            Condition: { StringEquals: { 'redshift-data:statement-owner-iam-userid': '$${aws:userid}' } },
          },
          { Sid: 'ReadMasterSecret', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: props.cluster.masterPasswordSecretArn },
          {
            Sid: 'DecryptMasterSecret',
            Effect: 'Allow',
            Action: 'kms:Decrypt',
            ...kmsGrant(props.secretKmsKey, { StringEquals: { 'kms:ViaService': `secretsmanager.${props.region}.amazonaws.com` } }),
          },
          { Sid: 'WriteLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${logGroup.arn}:*` },
        ],
      }),
    });
    const code = new TerraformAsset(this, 'Code', { path: bundleHandler(HANDLER_ENTRY).archive, type: AssetType.FILE });
    const sourceCodeHash = Fn.filebase64sha256(code.path);
    this.function = new LambdaFunction(this, 'Function', {
      functionName: props.name,
      description: `Creates the INSERT-only database user of the feed loader on ${props.cluster.clusterIdentifier}`,
      role: role.arn,
      runtime: LAMBDA_NODEJS_RUNTIME,
      architectures: ['arm64'],
      handler: 'index.handler',
      filename: code.path,
      // The archive is byte-for-byte reproducible (bundle.ts).
      sourceCodeHash,
      timeout: 900,
      memorySize: 256,
      tags,
      dependsOn: [logGroup, policy],
    });
    const event: LoaderUserEvent = {
      clusterIdentifier: props.cluster.clusterIdentifier,
      database: props.databaseName,
      secretArn: props.cluster.masterPasswordSecretArn,
      loaderUser: props.loaderUser,
      schemas: [...props.schemas],
    };
    this.invocation = new LambdaInvocation(this, 'Invocation', {
      functionName: this.function.functionName,
      input: JSON.stringify(event),
      triggers: {
        bootstrap: LOADER_USER_BOOTSTRAP_TRIGGER,
        loader_user: props.loaderUser,
        database: props.databaseName,
        schemas: props.schemas.join(','),
        code_sha256: sourceCodeHash,
        // A cluster replaced under the same identifier (same id and ARN) is a new database without the
        // user; its namespace ARN is new ("the cluster namespace is the unique ID of the cluster",
        // Redshift CURRENT_NAMESPACE), so the bootstrap runs again.
        cluster_namespace: props.cluster.clusterNamespaceArn,
      },
      dependsOn: [props.cluster, policy],
    });
  }
}
