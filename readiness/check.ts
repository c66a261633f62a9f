import { GetMetricDataCommand, MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { oneLine } from '../common/errors';
import { AwsCallError, awsCall, describeError } from './calls';
import { CheckDefinition } from './catalogue';
import { ReadinessClients } from './clients';
import { ReadinessTargets } from './names';
import { CheckResult, CheckStatus } from './types';

/** Limits that the environment's configuration does not hold. */
export interface ReadinessThresholds {
  /**
   * Messages a feed queue may hold (ApproximateNumberOfMessages) and still count as draining.
   * ENGINEERING ASSUMPTION: AWS publishes no such figure; 1000 is 100 batches of the SQS event source's
   * default batch size (10). Raise it for feeds that legitimately burst.
   * @default 1000
   */
  readonly maxFeedBacklog?: number;
}

export const DEFAULT_MAX_FEED_BACKLOG = 1000;

/** What every check receives. */
export interface CheckContext {
  readonly targets: ReadinessTargets;
  readonly clients: ReadinessClients;
  /** The time the run started; ages and metric windows are measured from it. */
  readonly now: Date;
  readonly thresholds: Required<ReadinessThresholds>;
  /**
   * The Route 53 ARC cluster's data-plane endpoints (the standby stack's output
   * `dns_arc_cluster_endpoints`); the switch check of an ARC environment needs them.
   */
  readonly arcEndpoints?: readonly ArcEndpoint[];
}

/** One regional endpoint of an ARC cluster, as `aws_route53recoverycontrolconfig_cluster.cluster_endpoints` lists it. */
export interface ArcEndpoint {
  readonly endpoint: string;
  readonly region: string;
}

/** Where a check looks and what it requires: the parts of a result known before any call. */
export interface CheckSubject {
  readonly region: string;
  readonly resource: string;
  readonly threshold: string;
}

export function outcome(check: CheckDefinition, subject: CheckSubject, status: Exclude<CheckStatus, 'error'>, observed: string, message: string): CheckResult {
  return {
    id: check.id,
    title: check.title,
    region: subject.region,
    resource: subject.resource,
    status,
    observed: oneLine(observed),
    threshold: subject.threshold,
    message: oneLine(message),
    recommended_action: check.recommended_action,
  };
}

/** `ok` when `pass`, else `not_ready`. */
export function judged(check: CheckDefinition, subject: CheckSubject, pass: boolean, observed: string, message: string): CheckResult {
  return outcome(check, subject, pass ? 'ok' : 'not_ready', observed, message);
}

/** The result of a check that could not run: the message names the AWS call that failed. */
export function errored(check: CheckDefinition, subject: CheckSubject, err: unknown): CheckResult {
  const message = err instanceof AwsCallError ? err.message : `internal error: ${describeError(err)}`;
  return {
    id: check.id,
    title: check.title,
    region: subject.region,
    resource: subject.resource,
    status: 'error',
    observed: 'could not be read',
    threshold: subject.threshold,
    message: oneLine(message),
    recommended_action:
      err instanceof AwsCallError
        ? 'Make sure the credentials are valid, the Region is reachable and the role allows the IAM action named (see the readiness section of the README), then run again.'
        : 'Report this as a bug in warm-standby readiness, with the message.',
  };
}

/** Runs checks that share calls; if any call fails, every one of them is reported as `error`. */
export async function guarded(checks: ReadonlyArray<readonly [CheckDefinition, CheckSubject]>, run: () => Promise<CheckResult[]>): Promise<CheckResult[]> {
  try {
    return await run();
  } catch (err) {
    return checks.map(([check, subject]) => errored(check, subject, err));
  }
}

/** One CloudWatch metric to read. */
export interface MetricRequest {
  readonly id: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly stat: 'Maximum' | 'Minimum' | 'Average' | 'Sum';
  readonly periodSeconds: number;
}

/**
 * Reads metrics with one GetMetricData call (paged) over `[now - windowSeconds, now]` and returns
 * each request's values, newest first; a metric with no datapoints has an empty list.
 */
export async function readMetrics(
  ctx: CheckContext,
  region: string,
  requests: readonly MetricRequest[],
  windowSeconds: number,
): Promise<Map<string, number[]>> {
  const queries: MetricDataQuery[] = requests.map((r) => ({
    Id: r.id,
    MetricStat: {
      Metric: { Namespace: r.namespace, MetricName: r.metricName, Dimensions: Object.entries(r.dimensions).map(([Name, Value]) => ({ Name, Value })) },
      Period: r.periodSeconds,
      Stat: r.stat,
    },
    ReturnData: true,
  }));
  const values = new Map<string, Array<{ t: number; v: number }>>(requests.map((r) => [r.id, []]));
  const client = ctx.clients.cloudwatch(region);
  let token: string | undefined;
  do {
    const out = await awsCall('CloudWatch GetMetricData', region, () =>
      client.send(
        new GetMetricDataCommand({
          MetricDataQueries: queries,
          StartTime: new Date(ctx.now.getTime() - windowSeconds * 1000),
          EndTime: ctx.now,
          ScanBy: 'TimestampDescending',
          NextToken: token,
        }),
      ),
    );
    for (const result of out?.MetricDataResults ?? []) {
      const list = values.get(result.Id ?? '');
      if (!list) continue;
      (result.Values ?? []).forEach((v, i) => list.push({ t: result.Timestamps?.[i]?.getTime() ?? 0, v }));
    }
    token = out?.NextToken;
  } while (token);
  return new Map([...values].map(([id, points]) => [id, points.sort((a, b) => b.t - a.t).map((p) => p.v)]));
}

/** `12 s`, `1.5 s`, `4 min 10 s`, `2 h 5 min`. */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'unbounded';
  if (seconds < 60) return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
  const s = Math.round(seconds);
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  return `${Math.floor(s / 3600)} h${Math.floor((s % 3600) / 60) ? ` ${Math.floor((s % 3600) / 60)} min` : ''}`;
}
