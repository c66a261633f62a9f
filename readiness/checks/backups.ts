import { GetBucketReplicationCommand, ListObjectsV2Command, NoSuchBucket } from '@aws-sdk/client-s3';
import { awsCallOrMissing, isErrorNamed } from '../calls';
import { CHECKS } from '../catalogue';
import { CheckContext, CheckSubject, formatSeconds, guarded, judged, readMetrics } from '../check';
import { CheckResult } from '../types';

/**
 * RDY-S3-001: the primary backup bucket has an Enabled replication rule to the standby bucket with
 * S3 Replication Time Control on (the backup RPO model counts on RTC's 15 minutes).
 * GetBucketReplication answers ReplicationConfigurationNotFoundError when the bucket has none.
 */
export async function checkBackupReplicationRule(ctx: CheckContext): Promise<CheckResult[]> {
  const { backups, primaryRegion: region } = ctx.targets;
  const subject: CheckSubject = {
    region,
    resource: backups.sourceBucket,
    threshold: `an Enabled rule to ${backups.destinationBucketArn} with Replication Time Control Enabled`,
  };
  return guarded([[CHECKS.backupReplicationRule, subject]], async () => {
    const out = await awsCallOrMissing(
      'S3 GetBucketReplication',
      region,
      (e) => isErrorNamed(e, 'ReplicationConfigurationNotFoundError', 'NoSuchBucket') || e instanceof NoSuchBucket,
      () => ctx.clients.s3(region).send(new GetBucketReplicationCommand({ Bucket: backups.sourceBucket })),
    );
    const rules = out?.ReplicationConfiguration?.Rules ?? [];
    if (!out || rules.length === 0) {
      return [
        judged(
          CHECKS.backupReplicationRule,
          subject,
          false,
          'no replication configuration',
          `backup bucket ${backups.sourceBucket} does not replicate (or does not exist)`,
        ),
      ];
    }
    const toStandby = rules.filter((r) => r.Destination?.Bucket === backups.destinationBucketArn);
    const rule = toStandby.find((r) => r.Status === 'Enabled') ?? toStandby[0];
    const describe = rules
      .map((r) => `rule ${r.ID ?? '?'} ${r.Status ?? '?'} -> ${r.Destination?.Bucket ?? '?'}, RTC ${r.Destination?.ReplicationTime?.Status ?? 'Disabled'}`)
      .join('; ');
    const problems = !rule
      ? [`no rule replicates to ${backups.destinationBucketArn}`]
      : [
          rule.Status !== 'Enabled' ? `rule ${rule.ID ?? '?'} is ${rule.Status ?? 'without a status'}` : '',
          rule.Destination?.ReplicationTime?.Status !== 'Enabled' ? `rule ${rule.ID ?? '?'} has Replication Time Control off` : '',
        ].filter(Boolean);
    return [
      judged(
        CHECKS.backupReplicationRule,
        subject,
        problems.length === 0,
        describe,
        problems.length
          ? `backup bucket ${backups.sourceBucket}: ${problems.join('; ')}`
          : `backup bucket ${backups.sourceBucket} replicates to the standby bucket with RTC`,
      ),
    ];
  });
}

/** Hours of OperationsFailedReplication looked at: a failed object is not retried, so one night back. */
const FAILED_WINDOW_SECONDS = 24 * 3600;

/**
 * RDY-S3-002: S3 Replication metrics (namespace AWS/S3, dimensions SourceBucket, DestinationBucket,
 * RuleId; published with RTC on). OperationsFailedReplication is published in the source bucket's
 * Region and only when something failed: its Sum over 24 h must be 0. OperationsPendingReplication
 * is published in the destination bucket's Region every minute: its Minimum over the RTC window
 * must reach 0 (the backlog drained at least once in 15 minutes); no datapoint at all means the
 * metrics are not published (RTC/metrics off, or no replication).
 */
export async function checkBackupReplicationHealth(ctx: CheckContext): Promise<CheckResult[]> {
  const { backups, primaryRegion, standbyRegion } = ctx.targets;
  const windowSeconds = backups.replicationWindowMinutes * 60;
  const subject: CheckSubject = {
    region: `${primaryRegion} + ${standbyRegion}`,
    resource: `${backups.sourceBucket} -> ${backups.destinationBucket} (rule ${backups.ruleId})`,
    threshold: `0 OperationsFailedReplication in 24 h; OperationsPendingReplication reaches 0 within ${backups.replicationWindowMinutes} min (S3 RTC)`,
  };
  return guarded([[CHECKS.backupReplicationHealth, subject]], async () => {
    const dimensions = { SourceBucket: backups.sourceBucket, DestinationBucket: backups.destinationBucket, RuleId: backups.ruleId };
    const [failedMetrics, pendingMetrics] = await Promise.all([
      readMetrics(
        ctx,
        primaryRegion,
        [{ id: 'failed', namespace: 'AWS/S3', metricName: 'OperationsFailedReplication', dimensions, stat: 'Sum', periodSeconds: 3600 }],
        FAILED_WINDOW_SECONDS,
      ),
      readMetrics(
        ctx,
        standbyRegion,
        [{ id: 'pending', namespace: 'AWS/S3', metricName: 'OperationsPendingReplication', dimensions, stat: 'Minimum', periodSeconds: 60 }],
        windowSeconds,
      ),
    ]);
    const failed = (failedMetrics.get('failed') ?? []).reduce((a, b) => a + b, 0);
    const pending = pendingMetrics.get('pending') ?? [];
    const lowestPending = pending.length ? Math.min(...pending) : undefined;
    const problems = [
      failed > 0 ? `${failed} operations failed to replicate in the last 24 h` : '',
      lowestPending === undefined
        ? `no OperationsPendingReplication datapoints in ${backups.replicationWindowMinutes} min (replication metrics not published)`
        : '',
      lowestPending !== undefined && lowestPending > 0
        ? `the backlog never drained in ${backups.replicationWindowMinutes} min (at least ${lowestPending} operations pending throughout)`
        : '',
    ].filter(Boolean);
    const observed = `${failed} failed in 24 h; lowest pending in ${backups.replicationWindowMinutes} min: ${lowestPending ?? 'no datapoints'}`;
    return [
      judged(
        CHECKS.backupReplicationHealth,
        subject,
        problems.length === 0,
        observed,
        problems.length ? `backup replication: ${problems.join('; ')}` : 'backup replication has no failures and its backlog drains',
      ),
    ];
  });
}

/**
 * RDY-VELERO-001: the newest object under `backups/` in the standby (replica) bucket is younger
 * than the backup interval plus the S3 RTC window. Velero uploads a backup's files when it ends,
 * so the newest object dates the newest replicated backup.
 */
export async function checkVeleroBackups(ctx: CheckContext): Promise<CheckResult[]> {
  const { backups, standbyRegion: region } = ctx.targets;
  const limitMinutes = backups.intervalMinutes + backups.replicationWindowMinutes;
  const subject: CheckSubject = {
    region,
    resource: `s3://${backups.destinationBucket}/${backups.prefix}`,
    threshold: `newest backup <= ${limitMinutes} min old (velero.backupIntervalMinutes ${backups.intervalMinutes} + S3 RTC ${backups.replicationWindowMinutes})`,
  };
  return guarded([[CHECKS.veleroBackups, subject]], async () => {
    let newest: { key: string; at: Date } | undefined;
    let count = 0;
    let token: string | undefined;
    let exists = true;
    do {
      const out = await awsCallOrMissing(
        'S3 ListObjectsV2',
        region,
        (e) => e instanceof NoSuchBucket || isErrorNamed(e, 'NoSuchBucket'),
        () => ctx.clients.s3(region).send(new ListObjectsV2Command({ Bucket: backups.destinationBucket, Prefix: backups.prefix, ContinuationToken: token })),
      );
      if (!out) {
        exists = false;
        break;
      }
      for (const object of out.Contents ?? []) {
        count++;
        if (object.LastModified && (!newest || object.LastModified > newest.at)) newest = { key: object.Key ?? '?', at: object.LastModified };
      }
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token);
    if (!exists) return [judged(CHECKS.veleroBackups, subject, false, 'no such bucket', `standby backup bucket ${backups.destinationBucket} does not exist`)];
    if (!newest)
      return [
        judged(
          CHECKS.veleroBackups,
          subject,
          false,
          `no objects under ${backups.prefix}`,
          `no Velero backup has been replicated to ${backups.destinationBucket}`,
        ),
      ];
    const ageSeconds = Math.max(0, (ctx.now.getTime() - newest.at.getTime()) / 1000);
    const fresh = ageSeconds <= limitMinutes * 60;
    return [
      judged(
        CHECKS.veleroBackups,
        subject,
        fresh,
        `newest ${newest.key} at ${newest.at.toISOString()} (${formatSeconds(ageSeconds)} old; ${count} objects)`,
        fresh
          ? `newest replicated backup is ${formatSeconds(ageSeconds)} old`
          : `newest replicated backup is ${formatSeconds(ageSeconds)} old, over ${limitMinutes} min`,
      ),
    ];
  });
}
