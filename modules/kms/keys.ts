import { Construct } from 'constructs';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { RegionalRef, arnPartition, requireProp, validateAccountId, validateRegion, validatedConstruct } from '../core';

/**
 * A KMS key in a known Region. `id` is what KMS APIs take as `KeyId`: the key id for keys created
 * in this stack, the alias name (`alias/...`) for keys named by alias ARN in another Region.
 */
export type KmsKeyRef = RegionalRef;

export interface DataStoreKeysProps {
  /** Prefix of every alias, e.g. `payments-prod` gives `alias/payments-prod-rds`. */
  readonly prefix: string;
  /** Region the stack's AWS provider targets; the keys live there. */
  readonly region: string;
  /** 12-digit account id that owns the keys; its root principal administers them. */
  readonly accountId: string;
  /** Data stores that get a key each, e.g. `['rds', 'opensearch', 's3', 'sqs']`. */
  readonly stores: readonly string[];
  /**
   * Waiting period before a scheduled key deletion takes effect (7..30).
   * @default 30
   */
  readonly deletionWindowDays?: number;
  /**
   * Tags added to every key.
   * @default - no tags
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Service principals that use a store's key on their own behalf, beyond IAM principals of the
 * account (which the root statement delegates to IAM). SNS encrypts the messages it delivers to
 * an encrypted SQS queue with the queue's key, so it needs the `sqs` key; CloudWatch alarms and
 * EventBridge rules (a secret's failed rotations) publish to the Region's alert topic, encrypted with
 * the `sns` key, so CloudWatch and EventBridge need that one: a publisher to an encrypted topic needs
 * kms:GenerateDataKey* and kms:Decrypt on its key (SNS Developer Guide, "compatibility between event
 * sources from AWS services and encrypted topics"; EventBridge User Guide, Amazon SNS permissions).
 */
const SERVICE_PRINCIPALS: Readonly<Record<string, readonly string[]>> = {
  sqs: ['sns.amazonaws.com'],
  sns: ['cloudwatch.amazonaws.com', 'events.amazonaws.com'],
};

const NAME_PART = /^[a-z0-9][a-z0-9-]*$/;
const KMS_ARN = /^arn:(aws|aws-cn|aws-us-gov):kms:([a-z0-9-]+):(\d{12}):((?:key|alias)\/.+)$/;

/** `elasticache` -> `Elasticache`, `feed-queue` -> `FeedQueue`, for child ids. */
function pascal(text: string): string {
  return text
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** Alias name of a data store's key: `alias/<prefix>-<store>`. */
export function kmsAliasName(prefix: string, store: string): string {
  return `alias/${prefix}-${store}`;
}

/**
 * Deterministic alias ARN of a data store's key, so a stack in another Region can name the key
 * without reading this Region's state.
 */
export function kmsAliasArn(region: string, accountId: string, prefix: string, store: string): string {
  return `arn:${arnPartition(region)}:kms:${region}:${accountId}:${kmsAliasName(prefix, store)}`;
}

/**
 * Describes a KMS key known by configuration (typically in the other Region), from its key ARN or
 * alias ARN. Throws when the ARN is not a KMS ARN or names another Region than `region`.
 */
export function kmsKeyRef(arn: string, region: string): KmsKeyRef {
  const m = KMS_ARN.exec(arn);
  if (!m) throw new Error(`kmsKeyRef arn must be a KMS key or alias ARN (arn:aws:kms:<region>:<account>:key/... or :alias/...) (got ${JSON.stringify(arn)})`);
  if (m[2] !== region) throw new Error(`kmsKeyRef arn must be in region ${region} (got ${JSON.stringify(arn)})`);
  const resource = m[4];
  return { arn, id: resource.startsWith('key/') ? resource.slice('key/'.length) : resource, region };
}

/**
 * One customer-managed KMS key per data store in one Region, each with key rotation on and an
 * alias `alias/<prefix>-<store>`.
 *
 * The key policy makes the account root the administrator, which delegates use of the key to IAM
 * policies (e.g., the S3 replication role's), and lets the service principals that act on their
 * own behalf use the keys they need (SNS may use the `sqs` key, limited to this account's topics).
 * Cross-Region replicas need a key in their own Region: instantiate this construct in each Region
 * with the same prefix and stores, and name the peer's keys with {@link kmsAliasArn}.
 */
@validatedConstruct
export class DataStoreKeys extends Construct {
  private readonly keys = new Map<string, KmsKey>();
  private readonly props: DataStoreKeysProps;

  constructor(scope: Construct, id: string, props: DataStoreKeysProps) {
    super(scope, id);
    this.props = props;

    requireProp(NAME_PART.test(props.prefix), 'prefix', props.prefix, 'must be lower-case letters, digits or dashes, starting with a letter or digit');
    validateRegion('region', props.region);
    validateAccountId('accountId', props.accountId);
    requireProp(props.stores.length > 0, 'stores', props.stores, 'must name at least one data store');
    requireProp(new Set(props.stores).size === props.stores.length, 'stores', props.stores, 'must not repeat a store');
    for (const store of props.stores) {
      requireProp(NAME_PART.test(store), 'stores', store, 'must be lower-case letters, digits or dashes, starting with a letter or digit');
      const alias = kmsAliasName(props.prefix, store);
      requireProp(alias.length <= 256, 'prefix', props.prefix, `makes alias ${alias} longer than 256 characters`);
    }
    const deletionWindowDays = props.deletionWindowDays ?? 30;
    requireProp(
      Number.isInteger(deletionWindowDays) && deletionWindowDays >= 7 && deletionWindowDays <= 30,
      'deletionWindowDays',
      deletionWindowDays,
      'must be an integer from 7 to 30',
    );

    const partition = arnPartition(props.region);
    const root = `arn:${partition}:iam::${props.accountId}:root`;

    for (const store of props.stores) {
      const statements: object[] = [
        {
          Sid: 'AccountRootAdministers',
          Effect: 'Allow',
          Principal: { AWS: root },
          Action: 'kms:*',
          Resource: '*',
        },
      ];
      const services = SERVICE_PRINCIPALS[store] ?? [];
      if (services.length > 0) {
        statements.push({
          Sid: 'ServicesEncryptForThisAccount',
          Effect: 'Allow',
          Principal: { Service: services.length === 1 ? services[0] : [...services] },
          Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
          Resource: '*',
          Condition: { StringEquals: { 'aws:SourceAccount': props.accountId } },
        });
      }

      const key = new KmsKey(this, `${pascal(store)}Key`, {
        description: `${props.prefix} ${store} data store key (${props.region})`,
        enableKeyRotation: true,
        deletionWindowInDays: deletionWindowDays,
        policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
        tags: { ...props.tags },
      });
      new KmsAlias(this, `${pascal(store)}Alias`, {
        name: kmsAliasName(props.prefix, store),
        targetKeyId: key.keyId,
      });
      this.keys.set(store, key);
    }
  }

  /** The data stores that have a key here. */
  public get stores(): string[] {
    return [...this.keys.keys()];
  }

  /** The key of one data store. Throws for a store not listed in `stores`. */
  public key(store: string): KmsKeyRef {
    const key = this.keys.get(store);
    if (!key) {
      throw new Error(`DataStoreKeys ${this.node.path} has no key for store ${JSON.stringify(store)} (stores: ${[...this.keys.keys()].join(', ')})`);
    }
    return { arn: key.arn, id: key.keyId, region: this.props.region };
  }

  /** Deterministic alias ARN of a data store's key, the same string {@link kmsAliasArn} builds. */
  public aliasArn(store: string): string {
    this.key(store);
    return kmsAliasArn(this.props.region, this.props.accountId, this.props.prefix, store);
  }
}
