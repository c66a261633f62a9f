import { kmsGrant, regionalRef, requireProp, resourceName } from '../../modules/core';

describe('core', () => {
  test('kmsGrant grants a key ARN directly and keeps the caller condition', () => {
    const key = regionalRef('arn:aws:kms:us-east-1:111122223333:key/abc', 'abc', 'us-east-1');
    expect(kmsGrant(key)).toEqual({ Resource: key.arn });
    expect(kmsGrant(key, { StringLike: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } })).toEqual({
      Resource: key.arn,
      Condition: { StringLike: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
    });
  });

  test('kmsGrant grants an alias ARN through kms:ResourceAliases on that Region and account', () => {
    const alias = regionalRef('arn:aws:kms:us-west-2:111122223333:alias/pay-s3', 'alias/pay-s3', 'us-west-2');
    expect(kmsGrant(alias, { StringLike: { a: 'b' } })).toEqual({
      Resource: 'arn:aws:kms:us-west-2:111122223333:key/*',
      Condition: { StringLike: { a: 'b' }, 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': ['alias/pay-s3'] } },
    });
  });

  test('requireProp names the prop, the rule and the value', () => {
    expect(() => requireProp(false, 'standby.minNodes', 0, 'must be >= 1 for a warm standby')).toThrow('standby.minNodes must be >= 1 for a warm standby (got 0)');
    expect(() => requireProp(true, 'x', 0, 'never')).not.toThrow();
  });

  test('resourceName joins, lower-cases and trims to the limit without a trailing dash', () => {
    expect(resourceName(63, 'Pay', '', 'Primary_DB')).toBe('pay-primary-db');
    expect(resourceName(8, 'abcdefg', 'hij')).toBe('abcdefg');
  });
});
