/**
 * Reads the emulated resources back with the AWS SDK v3 (not by expecting an empty second plan):
 * the replica in the standby Region with the primary as its source, the backup buckets with
 * versioning and the replication rule, each feed queue subscribed to both Regions' topics, and the
 * alarms with actions. Every name comes from the environment's configuration and naming/.
 */
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeNodegroupCommand, EKSClient } from '@aws-sdk/client-eks';
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetBucketReplicationCommand, GetBucketVersioningCommand, S3Client } from '@aws-sdk/client-s3';
import { GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, createHmac } from 'crypto';

export interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };

export function clientConfig(endpoint: string, region: string) {
  return { region, endpoint, credentials: CREDENTIALS, forcePathStyle: true, maxAttempts: 2 };
}

function bytes(data: string | ArrayBuffer | ArrayBufferView): string | Uint8Array {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** node:crypto behind the Checksum interface SignatureV4 wants. */
class Sha256 {
  private readonly h: ReturnType<typeof createHash> | ReturnType<typeof createHmac>;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.h = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.h.update(bytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.h.digest()));
  }
  reset(): void {
    throw new Error('not supported');
  }
}

/**
 * One SNS Query API call, SigV4-signed (the project pins no SNS client; this keeps the lock file as
 * it is). Returns the response body (XML).
 */
export async function snsQuery(endpoint: string, region: string, params: Record<string, string>): Promise<string> {
  const url = new URL(endpoint);
  const body = new URLSearchParams({ ...params, Version: '2010-03-31' }).toString();
  const signer = new SignatureV4({ service: 'sns', region, credentials: CREDENTIALS, sha256: Sha256 });
  const signed = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    query: {},
    headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body,
  });
  const res = await fetch(`${endpoint}/`, { method: 'POST', headers: signed.headers, body });
  const text = await res.text();
  if (!res.ok) throw new Error(`SNS ${params.Action} in ${region}: HTTP ${res.status}: ${text.slice(0, 200)}`);
  return text;
}

/** What the drill reads back, by name (from the environment and naming/). */
export interface VerifyTargets {
  readonly primaryRegion: string;
  readonly standbyRegion: string;
  readonly accountId: string;
  readonly primaryDb: string;
  readonly replicaDb: string;
  readonly primaryBackupBucket: string;
  readonly standbyBackupBucket: string;
  /** Region -> feed topic ARN. */
  readonly topics: Record<string, string>;
  /** Region -> feed queue name. */
  readonly queues: Record<string, string>;
  readonly standbyCluster: string;
  readonly nodeGroup: string;
}

async function attempt(name: string, f: () => Promise<Omit<Check, 'name'>>): Promise<Check> {
  try {
    return { name, ...(await f()) };
  } catch (e) {
    return { name, ok: false, detail: `${(e as Error).name}: ${(e as Error).message}`.slice(0, 300) };
  }
}

/** The checks after the normal apply. */
export async function verifyDeployment(endpoint: string, t: VerifyTargets): Promise<Check[]> {
  const rdsStandby = new RDSClient(clientConfig(endpoint, t.standbyRegion));
  const checks: Check[] = [];
  checks.push(
    await attempt('RDS replica in the standby Region with the primary as source', async () => {
      const db = (await rdsStandby.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: t.replicaDb }))).DBInstances?.[0];
      const source = db?.ReadReplicaSourceDBInstanceIdentifier ?? '';
      // A cross-Region replica names its source by ARN.
      const want = `arn:aws:rds:${t.primaryRegion}:${t.accountId}:db:${t.primaryDb}`;
      return { ok: source === want || source === t.primaryDb, detail: `${t.replicaDb} source "${source}" (want ${want})` };
    }),
  );
  for (const [region, bucket] of [
    [t.primaryRegion, t.primaryBackupBucket],
    [t.standbyRegion, t.standbyBackupBucket],
  ]) {
    const s3 = new S3Client(clientConfig(endpoint, region));
    checks.push(
      await attempt(`S3 ${bucket} versioning enabled`, async () => {
        const v = await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }));
        return { ok: v.Status === 'Enabled', detail: `versioning ${v.Status ?? 'off'}` };
      }),
    );
  }
  checks.push(
    await attempt(`S3 ${t.primaryBackupBucket} replicates to ${t.standbyBackupBucket}`, async () => {
      const s3 = new S3Client(clientConfig(endpoint, t.primaryRegion));
      const r = await s3.send(new GetBucketReplicationCommand({ Bucket: t.primaryBackupBucket }));
      const rules = r.ReplicationConfiguration?.Rules ?? [];
      const dest = rules.filter((x) => x.Status === 'Enabled').map((x) => x.Destination?.Bucket ?? '');
      return { ok: dest.includes(`arn:aws:s3:::${t.standbyBackupBucket}`), detail: `enabled rules to ${dest.join(', ') || 'nothing'}` };
    }),
  );
  for (const [queueRegion, queueName] of Object.entries(t.queues)) {
    checks.push(
      await attempt(`SQS ${queueName} subscribed to both feed topics`, async () => {
        const sqs = new SQSClient(clientConfig(endpoint, queueRegion));
        await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
        const queueArn = `arn:aws:sqs:${queueRegion}:${t.accountId}:${queueName}`;
        const found: string[] = [];
        for (const [topicRegion, topicArn] of Object.entries(t.topics)) {
          const xml = await snsQuery(endpoint, topicRegion, { Action: 'ListSubscriptionsByTopic', TopicArn: topicArn });
          if (xml.includes(`<Endpoint>${queueArn}</Endpoint>`)) found.push(topicRegion);
        }
        return { ok: found.length === Object.keys(t.topics).length, detail: `subscribed to the topics of ${found.join(', ') || 'no Region'}` };
      }),
    );
  }
  for (const region of [t.primaryRegion, t.standbyRegion]) {
    checks.push(
      await attempt(`CloudWatch alarms in ${region} have actions`, async () => {
        const cw = new CloudWatchClient(clientConfig(endpoint, region));
        const alarms = (await cw.send(new DescribeAlarmsCommand({ MaxRecords: 100 }))).MetricAlarms ?? [];
        const without = alarms.filter((a) => !(a.AlarmActions ?? []).length).map((a) => a.AlarmName);
        return {
          ok: alarms.length > 0 && without.length === 0,
          detail: `${alarms.length} alarms${without.length ? `; without actions: ${without.join(', ')}` : ', all with actions'}`,
        };
      }),
    );
  }
  return checks;
}

/** The checks after the failover apply: the replica promoted, the node group at the primary's size. */
export async function verifyFailover(endpoint: string, t: VerifyTargets, primaryDesiredNodes: number, proxyActions: readonly string[] = []): Promise<Check[]> {
  const rds = new RDSClient(clientConfig(endpoint, t.standbyRegion));
  const eks = new EKSClient(clientConfig(endpoint, t.standbyRegion));
  return [
    await attempt('RDS replica promoted (no ReadReplicaSourceDBInstanceIdentifier)', async () => {
      const db = (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: t.replicaDb }))).DBInstances?.[0];
      const source = db?.ReadReplicaSourceDBInstanceIdentifier;
      if (db !== undefined && !source) return { ok: true, detail: `${t.replicaDb} standalone (${db.DBInstanceStatus ?? '?'})` };
      // moto 5.2.5 keeps the source identifier after PromoteReadReplica (drill/emulator-gaps.ts): then
      // the promotion call itself, seen at the proxy, is the evidence.
      const promoted = proxyActions.includes(`rds:PromoteReadReplica ${t.replicaDb}`);
      return {
        ok: db !== undefined && promoted,
        detail: promoted
          ? `PromoteReadReplica ${t.replicaDb} reached the emulator; moto still reports source ${source} (its known gap)`
          : `still replicates ${source ?? '?'}; no PromoteReadReplica call was made`,
      };
    }),
    await attempt(`EKS node group scaled to the primary's ${primaryDesiredNodes} nodes`, async () => {
      const ng = (await eks.send(new DescribeNodegroupCommand({ clusterName: t.standbyCluster, nodegroupName: t.nodeGroup }))).nodegroup;
      const s = ng?.scalingConfig;
      return { ok: (s?.desiredSize ?? -1) >= primaryDesiredNodes, detail: `min/desired/max ${s?.minSize}/${s?.desiredSize}/${s?.maxSize}` };
    }),
  ];
}
