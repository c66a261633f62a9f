import { RegionalRef } from './refs';

const KMS_ALIAS_ARN = /^(arn:[a-z-]+:kms:[a-z0-9-]+:\d{12}:)(alias\/.+)$/;

/**
 * Resource and condition of an IAM statement granting use of a KMS key.
 *
 * IAM matches KMS requests against the key ARN only, so a key known by alias ARN (as the other
 * Region's keys are, by deterministic naming) is granted on the Region's keys narrowed by
 * `kms:ResourceAliases`; a plain key ARN is granted directly.
 */
export function kmsGrant(
  key: RegionalRef,
  condition: Record<string, Record<string, unknown>> = {},
): {
  Resource: string;
  Condition?: Record<string, Record<string, unknown>>;
} {
  const alias = KMS_ALIAS_ARN.exec(key.arn);
  if (!alias) return Object.keys(condition).length > 0 ? { Resource: key.arn, Condition: condition } : { Resource: key.arn };
  return {
    Resource: `${alias[1]}key/*`,
    Condition: { ...condition, 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': [alias[2]] } },
  };
}
