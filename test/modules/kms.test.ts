import '../support/cdktf-matchers';
import { Testing, TerraformOutput, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { DataStoreKeys, DataStoreKeysProps, kmsAliasArn, kmsAliasName, kmsKeyRef } from '../../modules/kms';
import { atPath } from '../support/errors';

const synth = (build: (stack: TerraformStack) => void): string =>
  Testing.synthScope((scope) => {
    new AwsProvider(scope, 'aws', { region: 'us-east-1' });
    build(scope as TerraformStack);
  });

const base: DataStoreKeysProps = {
  prefix: 'payments-prod',
  region: 'us-east-1',
  accountId: '111122223333',
  stores: ['rds', 'sqs'],
};
const build = (props: Partial<DataStoreKeysProps> = {}) => synth((s) => new DataStoreKeys(s, 'Keys', { ...base, ...props }));
const keys = (json: string): Record<string, any>[] => Object.values(JSON.parse(json).resource.aws_kms_key);
const policyOf = (key: Record<string, any>) => JSON.parse(key.policy);

describe('DataStoreKeys', () => {
  describe('defaults', () => {
    const json = build();

    test('one rotating key per store with a 30-day deletion window', () => {
      expect(keys(json)).toHaveLength(2);
      expect(json).toHaveResourceWithProperties(KmsKey, {
        description: 'payments-prod rds data store key (us-east-1)',
        enable_key_rotation: true,
        deletion_window_in_days: 30,
      });
      expect(keys(json).every((k) => k.enable_key_rotation === true && k.deletion_window_in_days === 30)).toBe(true);
    });

    test('aliases alias/<prefix>-<store> point at their keys', () => {
      const resources = JSON.parse(json).resource;
      const keyFor = (store: string) => Object.entries<any>(resources.aws_kms_key).find(([, k]) => k.description.includes(` ${store} `))![0];
      expect(json).toHaveResourceWithProperties(KmsAlias, { name: 'alias/payments-prod-rds', target_key_id: `\${aws_kms_key.${keyFor('rds')}.key_id}` });
      expect(json).toHaveResourceWithProperties(KmsAlias, { name: 'alias/payments-prod-sqs', target_key_id: `\${aws_kms_key.${keyFor('sqs')}.key_id}` });
    });

    test('the account root administers every key', () => {
      for (const key of keys(json)) {
        expect(policyOf(key).Statement[0]).toEqual({
          Sid: 'AccountRootAdministers',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111122223333:root' },
          Action: 'kms:*',
          Resource: '*',
        });
      }
    });

    test('SNS may use the sqs key for this account only; other keys have no service statement', () => {
      const [rds, sqs] = keys(json);
      expect(policyOf(rds).Statement).toHaveLength(1);
      expect(policyOf(sqs).Statement[1]).toEqual({
        Sid: 'ServicesEncryptForThisAccount',
        Effect: 'Allow',
        Principal: { Service: 'sns.amazonaws.com' },
        Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
      });
    });
  });

  test('CloudWatch and EventBridge may use the sns key (alarms and rules publish to the encrypted alert topic), for this account only', () => {
    const [sns] = keys(build({ stores: ['sns'] }));
    expect(policyOf(sns).Statement[1]).toEqual({
      Sid: 'ServicesEncryptForThisAccount',
      Effect: 'Allow',
      Principal: { Service: ['cloudwatch.amazonaws.com', 'events.amazonaws.com'] },
      Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
    });
  });

  test('deletionWindowDays and tags', () => {
    const json = build({ deletionWindowDays: 7, tags: { team: 'payments' } });
    expect(keys(json).every((k) => k.deletion_window_in_days === 7)).toBe(true);
    expect(json).toHaveResourceWithProperties(KmsKey, { tags: { team: 'payments' } });
  });

  test('the root ARN follows the Region partition', () => {
    const json = build({ region: 'cn-north-1', stores: ['s3'] });
    expect(policyOf(keys(json)[0]).Statement[0].Principal).toEqual({ AWS: 'arn:aws-cn:iam::111122223333:root' });
  });

  test('key(store) returns a RegionalRef to the key; aliasArn is deterministic', () => {
    let dataKeys: DataStoreKeys | undefined;
    const json = synth((s) => {
      dataKeys = new DataStoreKeys(s, 'Keys', base);
      const ref = dataKeys.key('rds');
      new TerraformOutput(s, 'arn', { value: ref.arn });
      new TerraformOutput(s, 'id', { value: ref.id });
    });
    const output = JSON.parse(json).output;
    expect(output.arn.value).toMatch(/^\$\{aws_kms_key\.Keys_RdsKey_[0-9A-F]+\.arn\}$/);
    expect(output.id.value).toMatch(/^\$\{aws_kms_key\.Keys_RdsKey_[0-9A-F]+\.key_id\}$/);
    expect(dataKeys!.key('rds').region).toBe('us-east-1');
    expect(dataKeys!.aliasArn('sqs')).toBe('arn:aws:kms:us-east-1:111122223333:alias/payments-prod-sqs');
    expect(dataKeys!.stores).toEqual(['rds', 'sqs']);
  });

  test('key(store) throws for an unknown store', () => {
    Testing.synthScope((scope) => {
      const dataKeys = new DataStoreKeys(scope, 'Keys', base);
      expect(() => dataKeys.key('redshift')).toThrow(/has no key for store "redshift" \(stores: rds, sqs\)/);
      expect(() => dataKeys.aliasArn('redshift')).toThrow(/has no key for store "redshift"/);
    });
  });

  describe('validation', () => {
    test.each<[string, Partial<DataStoreKeysProps>, RegExp]>([
      ['prefix', { prefix: 'Payments_Prod' }, /^prefix must be lower-case letters.*\(got "Payments_Prod"\)/],
      ['prefix length', { prefix: 'p'.repeat(260) }, /^prefix makes alias alias\/p+-rds longer than 256 characters/],
      ['region', { region: 'US-EAST-1' }, /^region must be an AWS Region name/],
      ['accountId', { accountId: '1234' }, /^accountId must be a 12-digit AWS account id \(got "1234"\)/],
      ['stores empty', { stores: [] }, /^stores must name at least one data store \(got \[\]\)/],
      ['stores repeat', { stores: ['rds', 'rds'] }, /^stores must not repeat a store/],
      ['store name', { stores: ['rds', 'Open Search'] }, /^stores must be lower-case letters.*\(got "Open Search"\)/],
      ['deletionWindowDays low', { deletionWindowDays: 6 }, /^deletionWindowDays must be an integer from 7 to 30 \(got 6\)/],
      ['deletionWindowDays high', { deletionWindowDays: 31 }, /^deletionWindowDays must be an integer from 7 to 30 \(got 31\)/],
    ])('%s', (_, props, message) => {
      expect(() => build(props)).toThrow(atPath('stack/Keys', message));
    });
  });
});

describe('kmsKeyRef / kmsAliasArn', () => {
  test('the other Region names a key by its deterministic alias ARN', () => {
    const arn = kmsAliasArn('us-west-2', '111122223333', 'payments-prod', 'rds');
    expect(arn).toBe('arn:aws:kms:us-west-2:111122223333:alias/payments-prod-rds');
    expect(kmsKeyRef(arn, 'us-west-2')).toEqual({ arn, id: 'alias/payments-prod-rds', region: 'us-west-2' });
    expect(kmsAliasName('payments-prod', 'rds')).toBe('alias/payments-prod-rds');
  });

  test('a key ARN gives the key id', () => {
    const arn = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    expect(kmsKeyRef(arn, 'eu-west-1')).toEqual({ arn, id: '1234abcd-12ab-34cd-56ef-1234567890ab', region: 'eu-west-1' });
  });

  test('GovCloud partition', () => {
    expect(kmsAliasArn('us-gov-west-1', '111122223333', 'p', 's3')).toBe('arn:aws-us-gov:kms:us-gov-west-1:111122223333:alias/p-s3');
  });

  test('rejects a non-KMS ARN and a Region mismatch', () => {
    expect(() => kmsKeyRef('arn:aws:s3:::bucket', 'us-east-1')).toThrow(/^kmsKeyRef arn must be a KMS key or alias ARN/);
    expect(() => kmsKeyRef('arn:aws:kms:us-east-1:111122223333:alias/x', 'us-west-2')).toThrow(/^kmsKeyRef arn must be in region us-west-2/);
  });
});
