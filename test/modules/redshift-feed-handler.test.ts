import { mockClient } from 'aws-sdk-client-mock';
import { GetObjectCommand, GetObjectCommandOutput, S3Client } from '@aws-sdk/client-s3';
import { BatchExecuteStatementCommand, DescribeStatementCommand, RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { LoaderConfig, buildInserts, createHandler, handler, parseJsonLines, parseMessage, parsePayloadBuckets } from '../../modules/redshift-feed/handler';

const s3Mock = mockClient(S3Client);
const redshiftMock = mockClient(RedshiftDataClient);

const CONFIG: LoaderConfig = {
  clusterIdentifier: 'pay-feed',
  database: 'feed',
  dbUser: 'loader',
  defaultTable: 'feed_events',
  // This Region's bucket and the other Region's: each Region's topic fans out to both queues.
  payloadBuckets: { payloads: 'us-east-1', 'payloads-standby': 'us-west-2' },
};

function body(text: string): GetObjectCommandOutput['Body'] {
  return { transformToString: () => Promise.resolve(text) } as unknown as GetObjectCommandOutput['Body'];
}

function record(messageId: string, messageBody: string): SQSRecord {
  return { messageId, body: messageBody } as SQSRecord;
}

function event(...records: SQSRecord[]): SQSEvent {
  return { Records: records };
}

const message = (fields: Record<string, unknown>) => JSON.stringify({ bucket: 'payloads', key: 'orders/1.jsonl', ...fields });

let sleep: jest.Mock;
let errors: jest.SpyInstance;
/** Regions the handler asked S3 clients for, in order. */
let s3Regions: string[];

function newHandler(config: Partial<LoaderConfig> = {}) {
  const s3ForRegion = (region: string) => {
    s3Regions.push(region);
    return new S3Client({ region });
  };
  return createHandler({ s3ForRegion, redshiftData: new RedshiftDataClient({ region: 'us-east-1' }), sleep }, { ...CONFIG, ...config });
}

beforeEach(() => {
  s3Mock.reset();
  redshiftMock.reset();
  redshiftMock.on(BatchExecuteStatementCommand).resolves({ Id: 'stmt-1' });
  redshiftMock.on(DescribeStatementCommand).resolves({ Id: 'stmt-1', Status: 'FINISHED' });
  sleep = jest.fn(() => Promise.resolve());
  s3Regions = [];
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
});

afterEach(() => jest.restoreAllMocks());

describe('loader handler', () => {
  test('loads a JSON Lines object with one parameterised INSERT and waits for it', async () => {
    s3Mock.on(GetObjectCommand).resolves({
      Body: body('{"id":"o-1","amount":12.5,"paid":true,"meta":{"src":"web"}}\n\n{"id":"o-2","amount":3,"note":""}\n'),
    });

    const result = await newHandler()(event(record('m-1', message({ table: 'sales.orders' }))));

    expect(result).toEqual({ batchItemFailures: [] });
    expect(s3Mock.commandCalls(GetObjectCommand).map((c) => c.args[0].input)).toEqual([{ Bucket: 'payloads', Key: 'orders/1.jsonl' }]);
    const batches = redshiftMock.commandCalls(BatchExecuteStatementCommand).map((c) => c.args[0].input);
    expect(batches).toEqual([
      {
        ClusterIdentifier: 'pay-feed',
        Database: 'feed',
        DbUser: 'loader',
        Sqls: ['INSERT INTO "sales"."orders" ("id", "amount", "paid", "meta", "note") VALUES (:p0, :p1, :p2, :p3, NULL), (:p4, :p5, NULL, NULL, \'\')'],
        Parameters: [
          { name: 'p0', value: 'o-1' },
          { name: 'p1', value: '12.5' },
          { name: 'p2', value: 'true' },
          { name: 'p3', value: '{"src":"web"}' },
          { name: 'p4', value: 'o-2' },
          { name: 'p5', value: '3' },
        ],
        StatementName: 'feed-loader-m-1',
      },
    ]);
    expect(redshiftMock.commandCalls(DescribeStatementCommand).map((c) => c.args[0].input)).toEqual([{ Id: 'stmt-1' }]);
  });

  test('never puts values into the SQL text', async () => {
    const hostile = "x'); DROP TABLE feed_events; --";
    s3Mock.on(GetObjectCommand).resolves({ Body: body(JSON.stringify({ id: hostile })) });

    await newHandler()(event(record('m-1', message({}))));

    const input = redshiftMock.commandCalls(BatchExecuteStatementCommand)[0].args[0].input;
    expect(input.Sqls).toEqual(['INSERT INTO "feed_events" ("id") VALUES (:p0)']);
    expect(input.Parameters).toEqual([{ name: 'p0', value: hostile }]);
  });

  test('reads the message out of an SNS envelope and uses the default table', async () => {
    s3Mock.on(GetObjectCommand).resolves({ Body: body('{"id":1}') });
    const envelope = JSON.stringify({ Type: 'Notification', TopicArn: 'arn:aws:sns:us-east-1:111122223333:pay-feed', Message: message({}) });

    const result = await newHandler()(event(record('m-1', envelope)));

    expect(result.batchItemFailures).toEqual([]);
    expect(s3Mock.commandCalls(GetObjectCommand)[0].args[0].input).toEqual({ Bucket: 'payloads', Key: 'orders/1.jsonl' });
    expect(redshiftMock.commandCalls(BatchExecuteStatementCommand)[0].args[0].input.Sqls).toEqual(['INSERT INTO "feed_events" ("id") VALUES (:p0)']);
  });

  test('reports only the malformed records as failures', async () => {
    s3Mock.on(GetObjectCommand).resolves({ Body: body('{"id":1}') });

    const result = await newHandler()(
      event(record('good-1', message({})), record('not-json', 'not json'), record('no-key', '{"bucket":"payloads"}'), record('good-2', message({}))),
    );

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'not-json' }, { itemIdentifier: 'no-key' }] });
    expect(redshiftMock.commandCalls(BatchExecuteStatementCommand)).toHaveLength(2);
    expect(errors).toHaveBeenCalledWith(expect.stringContaining('message field \\"key\\" must be a non-empty string'));
  });

  test('an S3 failure fails that record without touching Redshift', async () => {
    s3Mock.on(GetObjectCommand).rejects(new Error('Access Denied'));

    const result = await newHandler()(event(record('m-1', message({}))));

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(redshiftMock.commandCalls(BatchExecuteStatementCommand)).toHaveLength(0);
    expect(errors).toHaveBeenCalledWith(expect.stringContaining('Access Denied'));
  });

  test('an object that is not JSON Lines fails its record with the line number', async () => {
    s3Mock.on(GetObjectCommand).resolves({ Body: body('{"id":1}\n[1,2]\n') });

    const result = await newHandler()(event(record('m-1', message({}))));

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
    expect(errors).toHaveBeenCalledWith(expect.stringContaining('line 2: expected a JSON object'));
  });

  test('a rejected BatchExecuteStatement fails the record', async () => {
    s3Mock.on(GetObjectCommand).resolves({ Body: body('{"id":1}') });
    redshiftMock.on(BatchExecuteStatementCommand).rejects(new Error('ValidationException: cluster not found'));

    const result = await newHandler()(event(record('m-1', message({}))));

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(redshiftMock.commandCalls(DescribeStatementCommand)).toHaveLength(0);
  });

  test('a statement that ends FAILED fails the record with Redshift’s error', async () => {
    s3Mock.on(GetObjectCommand).resolves({ Body: body('{"id":1}') });
    redshiftMock
      .on(DescribeStatementCommand)
      .resolvesOnce({ Status: 'STARTED' })
      .resolves({ Status: 'FAILED', Error: 'relation "feed_events" does not exist' });

    const result = await newHandler()(event(record('m-1', message({}))));

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(sleep).toHaveBeenCalledTimes(1);
    expect(sleep).toHaveBeenCalledWith(250);
    expect(errors).toHaveBeenCalledWith(expect.stringContaining('Redshift statement stmt-1 FAILED: relation \\"feed_events\\" does not exist'));
  });

  test('polls until the statement finishes', async () => {
    s3Mock.on(GetObjectCommand).resolves({ Body: body('{"id":1}') });
    redshiftMock.on(DescribeStatementCommand).resolvesOnce({ Status: 'SUBMITTED' }).resolvesOnce({ Status: 'STARTED' }).resolves({ Status: 'FINISHED' });

    const result = await newHandler({ pollIntervalMs: 10 })(event(record('m-1', message({}))));

    expect(result.batchItemFailures).toEqual([]);
    expect(redshiftMock.commandCalls(DescribeStatementCommand)).toHaveLength(3);
    expect(sleep.mock.calls).toEqual([[10], [10]]);
  });

  test('chunks a large object into bounded statements and batches', async () => {
    const lines = Array.from({ length: 250 }, (_, i) => JSON.stringify({ id: i }));
    s3Mock.on(GetObjectCommand).resolves({ Body: body(lines.join('\n')) });

    const result = await newHandler({ maxRowsPerStatement: 100, maxStatementsPerBatch: 2 })(event(record('m-1', message({}))));

    expect(result.batchItemFailures).toEqual([]);
    const batches = redshiftMock.commandCalls(BatchExecuteStatementCommand).map((c) => c.args[0].input);
    expect(batches.map((b) => b.Sqls!.map((sql) => sql.match(/\(:p\d+\)/g)!.length))).toEqual([[100, 100], [50]]);
    expect(batches.map((b) => b.Parameters!.length)).toEqual([200, 50]);
    // Parameters are numbered per batch call and carry the rows in order.
    expect(batches[0].Parameters![199]).toEqual({ name: 'p199', value: '199' });
    expect(batches[1].Sqls![0]).toMatch(/^INSERT INTO "feed_events" \("id"\) VALUES \(:p0\), \(:p1\), /);
    expect(batches[1].Parameters![0]).toEqual({ name: 'p0', value: '200' });
    expect(redshiftMock.commandCalls(DescribeStatementCommand)).toHaveLength(2);
  });

  test('an empty object loads nothing and succeeds', async () => {
    s3Mock.on(GetObjectCommand).resolves({ Body: body('\n\n') });

    const result = await newHandler()(event(record('m-1', message({}))));

    expect(result.batchItemFailures).toEqual([]);
    expect(redshiftMock.commandCalls(BatchExecuteStatementCommand)).toHaveLength(0);
  });

  test('a bad table name in the message fails the record before any AWS call', async () => {
    const result = await newHandler()(event(record('m-1', message({ table: 'orders; DROP TABLE x' }))));

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(s3Mock.commandCalls(GetObjectCommand)).toHaveLength(0);
    expect(redshiftMock.commandCalls(BatchExecuteStatementCommand)).toHaveLength(0);
    expect(errors).toHaveBeenCalledWith(expect.stringContaining('must match'));
  });

  test('a bad column name fails the record', async () => {
    s3Mock.on(GetObjectCommand).resolves({ Body: body('{"id":1,"Bad Column":2}') });

    const result = await newHandler()(event(record('m-1', message({}))));

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
    expect(redshiftMock.commandCalls(BatchExecuteStatementCommand)).toHaveLength(0);
    expect(errors).toHaveBeenCalledWith(expect.stringContaining('line 1: column \\"Bad Column\\" must match'));
  });

  test('an object larger than maxObjectBytes fails the record', async () => {
    s3Mock.on(GetObjectCommand).resolves({ Body: body('{"id":1}'), ContentLength: 2048 });

    const result = await newHandler({ maxObjectBytes: 1024 })(event(record('m-1', message({}))));

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
    expect(errors).toHaveBeenCalledWith(expect.stringContaining('is 2048 bytes; the loader takes at most 1024'));
  });

  test('records left when the invocation runs out of time go back to the queue untouched', async () => {
    const result = await newHandler()(event(record('m-1', message({})), record('m-2', message({}))), { getRemainingTimeInMillis: () => 1000 });

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }, { itemIdentifier: 'm-2' }] });
    expect(s3Mock.commandCalls(GetObjectCommand)).toHaveLength(0);
  });

  test("reads each payload through an S3 client for its bucket's Region, one client per Region", async () => {
    s3Mock.on(GetObjectCommand).resolves({ Body: body('{"id":1}') });

    const result = await newHandler()(
      event(
        record('m-1', message({})),
        record('m-2', message({ bucket: 'payloads-standby', key: 'orders/2.jsonl' })),
        record('m-3', message({ bucket: 'payloads-standby', key: 'orders/3.jsonl' })),
      ),
    );

    expect(result).toEqual({ batchItemFailures: [] });
    expect(s3Regions).toEqual(['us-east-1', 'us-west-2']);
    const calls = s3Mock.commandCalls(GetObjectCommand);
    expect(calls.map((c) => c.args[0].input.Bucket)).toEqual(['payloads', 'payloads-standby', 'payloads-standby']);
    const regions = await Promise.all(calls.map((c) => (c.thisValue as S3Client).config.region()));
    expect(regions).toEqual(['us-east-1', 'us-west-2', 'us-west-2']);
  });

  test('a message naming a bucket that is no payload bucket of the feed fails its record before any S3 call', async () => {
    const result = await newHandler()(event(record('m-1', message({ bucket: 'someone-elses-bucket' }))));

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(s3Mock.commandCalls(GetObjectCommand)).toHaveLength(0);
    expect(errors.mock.calls[0][0]).toContain('bucket \\"someone-elses-bucket\\" is not a payload bucket of this feed (payloads, payloads-standby)');
  });

  test('rejects payload buckets without a valid Region at creation', () => {
    expect(() => newHandler({ payloadBuckets: {} })).toThrow('payloadBuckets (PAYLOAD_BUCKETS) must name at least one bucket');
    expect(() => newHandler({ payloadBuckets: { payloads: 'east' } })).toThrow('payloadBuckets["payloads"] must be an AWS Region (got "east")');
    expect(() => parsePayloadBuckets('[]')).toThrow('PAYLOAD_BUCKETS must be a JSON object of bucket name -> Region');
    expect(() => parsePayloadBuckets('{"payloads":1}')).toThrow('PAYLOAD_BUCKETS["payloads"] must be a Region string');
    expect(parsePayloadBuckets('{"payloads":"us-east-1"}')).toEqual({ payloads: 'us-east-1' });
  });

  test('rejects a bad default table and chunk settings at creation', () => {
    expect(() => newHandler({ defaultTable: 'Feed-Events' })).toThrow('TARGET_TABLE "Feed-Events" must match');
    expect(() => newHandler({ maxStatementsPerBatch: 41 })).toThrow('maxStatementsPerBatch must be 1..40 (got 41)');
    expect(() => newHandler({ maxRowsPerStatement: 0 })).toThrow('maxRowsPerStatement must be >= 1 (got 0)');
  });

  test('the Lambda entry point reads its configuration from the environment', async () => {
    process.env.CLUSTER_IDENTIFIER = 'env-cluster';
    process.env.DATABASE = 'envdb';
    process.env.DB_USER = 'envuser';
    process.env.TARGET_TABLE = 'env_events';
    process.env.PAYLOAD_BUCKETS = '{"payloads":"eu-central-1"}';
    s3Mock.on(GetObjectCommand).resolves({ Body: body('{"id":1}') });
    try {
      const result = await handler(event(record('m-1', message({}))), { getRemainingTimeInMillis: () => 60_000 });
      expect(result.batchItemFailures).toEqual([]);
      expect(redshiftMock.commandCalls(BatchExecuteStatementCommand)[0].args[0].input).toMatchObject({
        ClusterIdentifier: 'env-cluster',
        Database: 'envdb',
        DbUser: 'envuser',
        Sqls: ['INSERT INTO "env_events" ("id") VALUES (:p0)'],
      });
      expect(await (s3Mock.commandCalls(GetObjectCommand)[0].thisValue as S3Client).config.region()).toBe('eu-central-1');
    } finally {
      for (const name of ['CLUSTER_IDENTIFIER', 'DATABASE', 'DB_USER', 'TARGET_TABLE', 'PAYLOAD_BUCKETS']) delete process.env[name];
    }
  });
});

describe('parseMessage', () => {
  test('accepts the raw message and the SNS envelope', () => {
    expect(parseMessage('{"bucket":"b","key":"k"}')).toEqual({ bucket: 'b', key: 'k' });
    expect(parseMessage('{"bucket":"b","key":"k","table":"s.t"}')).toEqual({ bucket: 'b', key: 'k', table: 's.t' });
    expect(parseMessage(JSON.stringify({ Type: 'Notification', Message: '{"bucket":"b","key":"k"}' }))).toEqual({ bucket: 'b', key: 'k' });
  });

  test.each([
    ['{', /message body: not valid JSON/],
    ['[]', /message must be a JSON object/],
    ['{"key":"k"}', /message field "bucket" must be a non-empty string/],
    ['{"bucket":"","key":"k"}', /message field "bucket" must be a non-empty string/],
    ['{"bucket":"b","key":7}', /message field "key" must be a non-empty string/],
    ['{"bucket":"b","key":"k","table":1}', /message field "table" must be a string/],
    ['{"bucket":"b","key":"k","table":"a.b.c"}', /message field "table" "a.b.c" must match/],
    ['{"Type":"Notification","Message":{}}', /SNS envelope field "Message" must be a string/],
    ['{"Type":"Notification","Message":"nope"}', /SNS envelope field "Message": not valid JSON/],
  ])('rejects %s', (input, error) => {
    expect(() => parseMessage(input)).toThrow(error);
  });
});

describe('parseJsonLines and buildInserts', () => {
  test('parses one object per line, skipping blank lines and CRLF', () => {
    expect(parseJsonLines('{"a":1}\r\n\r\n{"b":null}\n')).toEqual([{ a: 1 }, { b: null }]);
  });

  test('rejects invalid JSON with the line number', () => {
    expect(() => parseJsonLines('{"a":1}\n{oops}')).toThrow(/^line 2: not valid JSON/);
  });

  test('keeps the SyntaxError as the cause of the invalid-JSON error', () => {
    let thrown: unknown;
    try {
      parseJsonLines('{oops}');
    } catch (err) {
      thrown = err;
    }
    expect((thrown as Error).cause).toBeInstanceOf(SyntaxError);
  });

  test('builds one statement per chunk, numbering parameters from the given start', () => {
    const statements = buildInserts('t', [{ a: 'x' }, { a: 'y' }, { a: 'z' }], 2, 5);
    expect(statements).toEqual([
      {
        sql: 'INSERT INTO "t" ("a") VALUES (:p5), (:p6)',
        parameters: [
          { name: 'p5', value: 'x' },
          { name: 'p6', value: 'y' },
        ],
      },
      { sql: 'INSERT INTO "t" ("a") VALUES (:p7)', parameters: [{ name: 'p7', value: 'z' }] },
    ]);
  });

  test('rejects a bad table name and rows without columns', () => {
    expect(() => buildInserts('t"; drop', [{ a: 1 }], 10)).toThrow('table "t\\"; drop" must match');
    expect(() => buildInserts('t', [{}], 10)).toThrow('object has rows but no columns');
  });
});
