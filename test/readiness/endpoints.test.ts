/**
 * The readiness clients use the SDK's own endpoint resolution (AWS_ENDPOINT_URL and the
 * per-service AWS_ENDPOINT_URL_<SERVICE>), for SQS too although the queue URLs carry the public
 * host, and S3 can be addressed by path (16.10). A local HTTP server stands in for AWS.
 */
import * as http from 'http';
import { AddressInfo } from 'net';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { defaultClients } from '../../readiness/clients';
import { readinessTargets } from '../../readiness/names';
import { loadEnvironment } from '../../environments';

const VARS = [
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_SQS',
  'AWS_ENDPOINT_URL_S3',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
];
const saved = Object.fromEntries(VARS.map((v) => [v, process.env[v]]));
let server: http.Server;
let base: string;
const seen: { host: string; url: string; body: string }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ host: req.headers.host ?? '', url: req.url ?? '', body });
      if ((req.headers['content-type'] ?? '').includes('json')) {
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
        res.end('{"Attributes":{"ApproximateNumberOfMessages":"0"}}');
      } else {
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.end(
          '<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>b</Name><KeyCount>0</KeyCount><IsTruncated>false</IsTruncated></ListBucketResult>',
        );
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://localhost:${(server.address() as AddressInfo).port}`;
  process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
  process.env.AWS_SECRET_ACCESS_KEY = 'secret';
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
});
afterAll(async () => {
  for (const v of VARS) {
    if (saved[v] === undefined) delete process.env[v];
    else process.env[v] = saved[v];
  }
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  seen.length = 0;
  delete process.env.AWS_ENDPOINT_URL;
  delete process.env.AWS_ENDPOINT_URL_SQS;
  delete process.env.AWS_ENDPOINT_URL_S3;
});

const queue = readinessTargets(loadEnvironment('example')).feed.deadLetterQueues.standby;

test.each(['AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_SQS'])('SQS calls go to %s, not to the host in the queue URL', async (variable) => {
  process.env[variable] = base;
  const sqs = defaultClients({ maxAttempts: 1, timeoutMs: 3000 }).sqs(queue.region);
  const out = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queue.url, AttributeNames: ['ApproximateNumberOfMessages'] }));
  expect(out.Attributes?.ApproximateNumberOfMessages).toBe('0');
  expect(seen).toHaveLength(1);
  expect(seen[0].host).toBe(new URL(base).host);
  expect(JSON.parse(seen[0].body)).toMatchObject({ QueueUrl: queue.url });
});

test('S3 path-style addressing puts the bucket in the path of the configured endpoint', async () => {
  process.env.AWS_ENDPOINT_URL_S3 = base;
  const s3 = defaultClients({ maxAttempts: 1, timeoutMs: 3000, s3PathStyle: true }).s3('us-west-2');
  await s3.send(new ListObjectsV2Command({ Bucket: 'payments-example-usw2-velero-123456789012', MaxKeys: 1 }));
  expect(seen).toHaveLength(1);
  expect(seen[0].host).toBe(new URL(base).host);
  expect(seen[0].url).toMatch(/^\/payments-example-usw2-velero-123456789012\/?\?list-type=2/);
});

test('without the option S3 keeps virtual-hosted addressing (the bucket in the host name)', async () => {
  process.env.AWS_ENDPOINT_URL_S3 = 'https://s3.example.test';
  const s3 = defaultClients({ maxAttempts: 1, timeoutMs: 3000 }).s3('us-west-2');
  const err = await s3.send(new ListObjectsV2Command({ Bucket: 'mybucket', MaxKeys: 1 })).then(
    () => undefined,
    (e: Error) => e,
  );
  expect(String(err?.message)).toContain('mybucket.s3.example.test');
});
