import { DBInstanceNotFoundFault, DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { awsCallOrMissing } from '../calls';
import { CHECKS } from '../catalogue';
import { CheckContext, CheckSubject, formatSeconds, guarded, judged, readMetrics } from '../check';
import { CheckResult } from '../types';

/** RDY-RDS-001: the standby replica exists, is `available`, and replicates from the primary's instance. */
export async function checkRdsReplica(ctx: CheckContext): Promise<CheckResult[]> {
  const { rds, standbyRegion: region } = ctx.targets;
  const subject: CheckSubject = {
    region,
    resource: rds.replicaIdentifier,
    threshold: `status available; read replication "replicating"; source ${rds.sourceArn}`,
  };
  return guarded([[CHECKS.rdsReplica, subject]], async () => {
    const out = await awsCallOrMissing(
      'RDS DescribeDBInstances',
      region,
      (e) => e instanceof DBInstanceNotFoundFault || (e as Error)?.name === 'DBInstanceNotFoundFault',
      () => ctx.clients.rds(region).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: rds.replicaIdentifier })),
    );
    const db = out?.DBInstances?.[0];
    if (!db)
      return [judged(CHECKS.rdsReplica, subject, false, 'no such DB instance', `the standby replica ${rds.replicaIdentifier} does not exist in ${region}`)];
    const status = db.DBInstanceStatus ?? 'unknown';
    const replication = db.StatusInfos?.find((s) => s.StatusType === 'read replication');
    const source = db.ReadReplicaSourceDBInstanceIdentifier;
    const replicating = replication?.Status === 'replicating' && replication.Normal !== false;
    const observed = `status ${status}; read replication ${replication?.Status ?? 'none'}${replication?.Message ? ` (${replication.Message})` : ''}; source ${source ?? 'none (not a read replica)'}`;
    const problems = [
      status !== 'available' ? `status is ${status}` : '',
      !replicating ? `read replication is ${replication?.Status ?? 'not reported'}` : '',
      source !== rds.sourceArn ? (source ? `it replicates from ${source}` : 'it is not a read replica (promoted?)') : '',
    ].filter(Boolean);
    return [
      judged(
        CHECKS.rdsReplica,
        subject,
        problems.length === 0,
        observed,
        problems.length
          ? `standby replica ${rds.replicaIdentifier}: ${problems.join('; ')}`
          : `standby replica ${rds.replicaIdentifier} is available and replicating`,
      ),
    ];
  });
}

/** Minutes of ReplicaLag looked at; RDS publishes it every minute. */
const LAG_WINDOW_SECONDS = 600;

/** RDY-RDS-002: the newest ReplicaLag datapoint (CloudWatch AWS/RDS, Maximum per minute) is within the allowance. */
export async function checkRdsLag(ctx: CheckContext): Promise<CheckResult[]> {
  const { rds, standbyRegion: region } = ctx.targets;
  const subject: CheckSubject = {
    region,
    resource: rds.replicaIdentifier,
    threshold: `ReplicaLag <= ${rds.lagAllowanceSeconds} s (rds.replicaLagAllowanceSeconds)`,
  };
  return guarded([[CHECKS.rdsLag, subject]], async () => {
    const metrics = await readMetrics(
      ctx,
      region,
      [
        {
          id: 'lag',
          namespace: 'AWS/RDS',
          metricName: 'ReplicaLag',
          dimensions: { DBInstanceIdentifier: rds.replicaIdentifier },
          stat: 'Maximum',
          periodSeconds: 60,
        },
      ],
      LAG_WINDOW_SECONDS,
    );
    const lag = metrics.get('lag') ?? [];
    if (lag.length === 0) {
      return [
        judged(
          CHECKS.rdsLag,
          subject,
          false,
          `no ReplicaLag datapoints in the last ${LAG_WINDOW_SECONDS / 60} minutes`,
          `RDS publishes no ReplicaLag for ${rds.replicaIdentifier}: it is not replicating, or not a replica`,
        ),
      ];
    }
    const current = lag[0];
    return [
      judged(
        CHECKS.rdsLag,
        subject,
        current <= rds.lagAllowanceSeconds,
        `ReplicaLag ${formatSeconds(current)} (max ${formatSeconds(Math.max(...lag))} over ${LAG_WINDOW_SECONDS / 60} min)`,
        current <= rds.lagAllowanceSeconds
          ? `replica lag ${formatSeconds(current)} is within ${rds.lagAllowanceSeconds} s`
          : `replica lag ${formatSeconds(current)} exceeds the allowance of ${rds.lagAllowanceSeconds} s`,
      ),
    ];
  });
}
