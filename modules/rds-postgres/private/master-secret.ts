import { Fn, Token } from 'cdktf';
import { Construct } from 'constructs';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { RegionalRef, validatedConstruct } from '../../core';
import { EphemeralResource } from './ephemeral';

/**
 * KMS key of the secret's copy in the other Region when none is given: the AWS managed key
 * `aws/secretsmanager`, which Secrets Manager creates on first use in every Region. The standby
 * Region's customer-managed key is created by the standby stack, which deploys after the primary;
 * Secrets Manager would mark a replica naming a key that does not exist yet `Failed` (the provider
 * does not wait for replica status, so the apply would look successful).
 */
export const AWS_MANAGED_SECRETS_KEY = 'alias/aws/secretsmanager';

/** Tag naming what a Secrets Manager secret holds; the gate finds master secrets by it (WS-RDS-007). */
export const SECRET_CLASS_TAG = 'warm-standby/secret-class';
/** {@link SECRET_CLASS_TAG} of a database master credential. */
export const DB_MASTER_SECRET_CLASS = 'db-master';

/** Length of the generated master password: letters and digits only (RDS refuses / ' " @ and spaces). */
const PASSWORD_LENGTH = 40;

export interface MasterSecretProps {
  readonly name: string;
  readonly username: string;
  readonly kmsKey: RegionalRef;
  readonly replica?: { readonly region: string; readonly kmsKey?: RegionalRef };
  readonly passwordVersion: number;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The master credential of a PostgreSQL source, kept in a Secrets Manager secret that is replicated
 * to the standby Region, and never written to Terraform state or plans:
 *
 * 1. `aws_secretsmanager_secret` (customer key of this Region) with a `replica` in the standby Region.
 * 2. `ephemeral "aws_secretsmanager_random_password"` draws the password; it goes only into the
 *    write-only `secret_string_wo` of `aws_secretsmanager_secret_version` (sent when
 *    `secret_string_wo_version` changes). Its `exclude_characters` is an empty string computed from
 *    the secret's ARN, which makes Terraform open it during apply (after the secret exists) instead of
 *    during the plan of a new stack: a plan from empty state calls no AWS API.
 * 3. `ephemeral "aws_secretsmanager_secret_version"` reads the stored value back (AWSCURRENT) for the
 *    DB instance's write-only `password_wo`, so the secret is the only source of the password.
 *
 * Rotation (`MasterSecretRotation`) changes the real password after that: `password_wo` is sent only
 * when `password_wo_version` changes and is never stored, so Terraform has nothing to compare and
 * plans no change; the version resource keeps its (now non-current) version, see `version_stages`.
 *
 * Needs Terraform >= 1.11 (write-only arguments) and AWS provider >= 5.87 (`password_wo`,
 * `secret_string_wo`, both ephemeral resources); the pinned provider is 5.100.0.
 */
@validatedConstruct
export class MasterSecret extends Construct {
  public readonly secret: SecretsmanagerSecret;
  public readonly version: SecretsmanagerSecretVersion;
  /** The password read back from the secret: an ephemeral value, usable only in write-only arguments. */
  public readonly password: string;

  constructor(scope: Construct, id: string, props: MasterSecretProps) {
    super(scope, id);
    this.secret = new SecretsmanagerSecret(this, 'Secret', {
      name: props.name,
      description: `Master user of ${props.name.replace(/-master$/, '')} (PostgreSQL)`,
      kmsKeyId: props.kmsKey.arn,
      replica: props.replica ? [{ region: props.replica.region, kmsKeyId: props.replica.kmsKey?.arn ?? AWS_MANAGED_SECRETS_KEY }] : undefined,
      tags: { ...props.tags, [SECRET_CLASS_TAG]: DB_MASTER_SECRET_CLASS },
    });
    const generated = new EphemeralResource(this, 'Password', 'aws_secretsmanager_random_password', {
      password_length: PASSWORD_LENGTH,
      exclude_punctuation: true,
      include_space: false,
      // Empty, but unknown until the secret exists: defers opening to apply (see the class comment).
      exclude_characters: Fn.substr(this.secret.arn, 0, 0),
    });
    this.version = new SecretsmanagerSecretVersion(this, 'Version', {
      secretId: this.secret.id,
      secretStringWo: Fn.jsonencode({ username: props.username, password: generated.attribute('random_password') }),
      secretStringWoVersion: props.passwordVersion,
      // Rotation moves AWSCURRENT off this version. version_stages is Optional+Computed in the provider
      // (internal/service/secretsmanager/secret_version.go), so an unset value never plans a change;
      // ignored as well, so nobody adds it later and makes a plan move AWSCURRENT back to a dead password.
      lifecycle: { ignoreChanges: ['version_stages'] },
    });
    const stored = new EphemeralResource(this, 'Read', 'aws_secretsmanager_secret_version', {
      // Through the version resource: opened after the value is written.
      secret_id: this.version.secretId,
    });
    // Fn.lookup is typed `any` but returns a string token already; Token.asString only types it.
    this.password = Token.asString(Fn.lookup(Fn.jsondecode(stored.attribute('secret_string')), 'password'));
  }
}
