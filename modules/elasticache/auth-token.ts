import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { DataAwsSecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/data-aws-secretsmanager-secret-version';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { EphemeralResource, RegionalRef } from '../core';

/**
 * KMS key of the secret's copies in other Regions: the AWS managed `aws/secretsmanager` key, which
 * exists in every Region; the standby's customer key is created by a stack deployed later, and a
 * replica naming a missing key would end `Failed`.
 */
const REPLICA_KEY = 'alias/aws/secretsmanager';

/** Letters and digits only: AUTH tokens refuse spaces, `"`, `/` and `@` (16-128 printable characters). */
const TOKEN_LENGTH = 64;

/** Name of the AUTH token secret of a replication group. */
export function redisAuthSecretName(replicationGroupId: string): string {
  return `${replicationGroupId}-auth`;
}

export interface RedisAuthTokenProps {
  /** Replication group the token is for; names the secret. */
  readonly replicationGroupId: string;
  /** Key of the secret in this Region. */
  readonly kmsKey: RegionalRef;
  /** Regions the secret is replicated to, so clients (and a promoted Region) read it locally. */
  readonly replicaRegions: readonly string[];
  /** Bump to draw a new token (ElastiCache rotates with auth_token_update_strategy ROTATE). */
  readonly tokenVersion: number;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The Redis AUTH token, drawn by an ephemeral `aws_secretsmanager_random_password` into the secret's
 * write-only `secret_string_wo` (so neither the synthesized JSON nor the plan holds it), and read
 * back by a data source for the replication group's `auth_token`. The pinned provider (5.100) has no
 * write-only `auth_token`, so the token is in the state (marked sensitive), never in the configuration.
 */
export class RedisAuthToken extends Construct {
  public readonly secret: SecretsmanagerSecret;
  /** The token as stored in the secret (a data-source reference). */
  public readonly token: string;

  constructor(scope: Construct, id: string, props: RedisAuthTokenProps) {
    super(scope, id);
    this.secret = new SecretsmanagerSecret(this, 'Secret', {
      name: redisAuthSecretName(props.replicationGroupId),
      description: `Redis AUTH token of ${props.replicationGroupId} and its Global Datastore`,
      kmsKeyId: props.kmsKey.arn,
      replica: props.replicaRegions.map((region) => ({ region, kmsKeyId: REPLICA_KEY })),
      tags: { ...props.tags },
    });
    const generated = new EphemeralResource(this, 'Token', 'aws_secretsmanager_random_password', {
      password_length: TOKEN_LENGTH,
      exclude_punctuation: true,
      include_space: false,
      // Empty, but unknown until the secret exists: opens during apply, not during the plan of a new stack.
      exclude_characters: Fn.substr(this.secret.arn, 0, 0),
    });
    const version = new SecretsmanagerSecretVersion(this, 'Version', {
      secretId: this.secret.id,
      secretStringWo: generated.attribute('random_password'),
      secretStringWoVersion: props.tokenVersion,
    });
    const stored = new DataAwsSecretsmanagerSecretVersion(this, 'Read', { secretId: version.secretId });
    this.token = stored.secretString;
  }
}

export interface RedisAuthTokenReplicaProps {
  /** Name of the AUTH token secret (`redisAuthSecretName` of the Global Datastore's primary group). */
  readonly secretName: string;
}

/**
 * The AUTH token of a Global Datastore as a secondary Region reads it: the replica, in this Region,
 * of the primary's secret (`RedisAuthTokenProps.replicaRegions`). Read by name, so the standby stack
 * needs nothing stored in the primary Region to plan.
 */
export class RedisAuthTokenReplica extends Construct {
  /** The token as stored in the secret's replica (a data-source reference). */
  public readonly token: string;

  constructor(scope: Construct, id: string, props: RedisAuthTokenReplicaProps) {
    super(scope, id);
    this.token = new DataAwsSecretsmanagerSecretVersion(this, 'Read', { secretId: props.secretName }).secretString;
  }
}
