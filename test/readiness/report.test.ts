/**
 * The readiness report in every format, from a mocked run with one check not ready and one that
 * could not run; and the README's sample, which must be exactly what the mocked run prints.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { XMLParser } from 'fast-xml-parser';
import { createReadinessCommand } from '../../cli/commands/readiness';
import { READINESS_FORMATS, READINESS_MARKDOWN_MARKER, ReadinessReport } from '../../readiness';
import { ARC_ENDPOINTS_FILE, HEALTHY_METRICS, NOW, T, capture, healthy, metrics, mocks } from './fixtures';

async function render(format: string, extra: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  const { out, io } = capture();
  const code = await createReadinessCommand({ now: () => NOW }).run(
    ['--env', 'example', '--format', format, '--arc-endpoints', ARC_ENDPOINTS_FILE, ...extra],
    io,
  );
  return { code, ...out };
}

/** One check not ready (the standby DLQ has messages) and one that could not run (RDS denied). */
function mixed(): void {
  healthy();
  mocks.sqs.on(GetQueueAttributesCommand, { QueueUrl: T.feed.deadLetterQueues.standby.url }).resolves({ Attributes: { ApproximateNumberOfMessages: '4' } });
  mocks.rds.on(DescribeDBInstancesCommand).rejects(Object.assign(new Error('not authorized to perform: rds:DescribeDBInstances'), { name: 'AccessDenied' }));
}

test('formats: text, json, markdown, junit, github', () => {
  expect(READINESS_FORMATS).toEqual(['text', 'json', 'markdown', 'junit', 'github']);
});

test('json: verdict, summary and every check with id, status, observed, threshold, action', async () => {
  mixed();
  const { code, stdout } = await render('json');
  expect(code).toBe(1);
  const report = JSON.parse(stdout) as ReadinessReport;
  expect(report).toMatchObject({
    environment: 'example',
    primaryRegion: 'us-east-1',
    standbyRegion: 'us-west-2',
    checkedAt: NOW.toISOString(),
    verdict: 'NOT READY',
  });
  expect(report.summary).toEqual({ total: 18, ok: 16, not_ready: 1, error: 1 });
  for (const c of report.checks) {
    expect(Object.keys(c).sort()).toEqual(['id', 'message', 'observed', 'recommended_action', 'region', 'resource', 'status', 'threshold', 'title']);
    expect(c.id).toMatch(/^RDY-[A-Z0-9]+-\d{3}$/);
    for (const v of Object.values(c)) expect(String(v).length).toBeGreaterThan(0);
  }
});

test('junit: a testcase per check; not ready is a failure, could-not-check an error', async () => {
  mixed();
  const { stdout } = await render('junit');
  const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(stdout);
  const suite = xml.testsuites.testsuite;
  expect(xml.testsuites).toMatchObject({ tests: '18', failures: '1', errors: '1' });
  expect(suite).toMatchObject({ name: 'readiness example', tests: '18', failures: '1', errors: '1' });
  const cases = suite.testcase as Array<Record<string, any>>;
  expect(cases).toHaveLength(18);
  const dlq = cases.find((c) => c.name.startsWith('RDY-FEED-004 '));
  expect(dlq?.failure).toMatchObject({ type: 'not_ready', message: 'queue payments-example-usw2-feed-feed-dlq holds 4 messages, over 0' });
  const rds = cases.find((c) => c.name.startsWith('RDY-RDS-001 '));
  expect(rds?.error?.message).toMatch(/^RDS DescribeDBInstances \(IAM rds:DescribeDBInstances\) failed in us-west-2: permission error, AccessDenied/);
  expect(cases.filter((c) => c.failure || c.error)).toHaveLength(2);
});

test('markdown: marker, verdict, one row per check, then what needs attention', async () => {
  mixed();
  const { stdout } = await render('markdown');
  const lines = stdout.split('\n');
  expect(lines[0]).toBe(READINESS_MARKDOWN_MARKER);
  expect(lines[1]).toBe('### :x: Warm-standby readiness: not ready');
  expect(lines.filter((l) => /^\| :(white_check_mark|x|warning): \| \*\*RDY-[A-Z0-9]+-\d{3}\*\* [A-Z]/.test(l))).toHaveLength(18);
  expect(stdout).toContain('| :x: | **RDY-FEED-004** | queue payments-example-usw2-feed-feed-dlq holds 4 messages, over 0 |');
  expect(stdout).toContain('| :warning: | **RDY-RDS-001** | RDS DescribeDBInstances (IAM rds:DescribeDBInstances) failed');
});

test('--out writes the report atomically and prints the verdict line', async () => {
  healthy();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-'));
  const file = path.join(dir, 'readiness.md');
  const { code, stdout } = await render('markdown', ['--out', file]);
  expect(code).toBe(0);
  expect(stdout).toBe(
    `warm-standby readiness: READY (18 ok, 0 not ready, 0 could not be checked (18 checks)); markdown report written to ${file.split(path.sep).join('/')}\n`,
  );
  expect(fs.readFileSync(file, 'utf8').split('\n')[1]).toBe('### :white_check_mark: Warm-standby readiness: ready');
});

test('the README sample is the text report of the mocked run with replica lag over the allowance', async () => {
  healthy();
  metrics({ ...HEALTHY_METRICS, ReplicaLag: [125, 90] });
  const { code, stdout } = await render('text');
  expect(code).toBe(1);
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const sample = /<!-- readiness-sample:start -->\n```text\n([\s\S]*?)```\n<!-- readiness-sample:end -->/.exec(readme)?.[1];
  if (process.env.WARM_STANDBY_PRINT_SAMPLE) process.stdout.write(stdout);
  expect(sample).toBe(stdout);
});
