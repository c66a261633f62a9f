import { oneLine } from '../common/errors';

/**
 * Every AWS API call the readiness checks make, with the IAM action that allows it. The README's
 * permission list is this table; an error names the call and the action so a denied one is obvious.
 */
export const AWS_CALLS = {
  'RDS DescribeDBInstances': ['rds:DescribeDBInstances'],
  'CloudWatch GetMetricData': ['cloudwatch:GetMetricData'],
  'ElastiCache DescribeGlobalReplicationGroups': ['elasticache:DescribeGlobalReplicationGroups'],
  // The Service Authorization Reference maps this operation to both actions (the second is the deprecated name).
  'OpenSearch DescribeOutboundConnections': ['es:DescribeOutboundConnections', 'es:DescribeOutboundCrossClusterSearchConnections'],
  'S3 GetBucketReplication': ['s3:GetReplicationConfiguration'],
  'S3 ListObjectsV2': ['s3:ListBucket'],
  'Route 53 ListHealthChecks': ['route53:ListHealthChecks'],
  'Route 53 GetHealthCheckStatus': ['route53:GetHealthCheckStatus'],
  'EKS DescribeNodegroup': ['eks:DescribeNodegroup'],
  'Auto Scaling DescribeAutoScalingGroups': ['autoscaling:DescribeAutoScalingGroups'],
  'SQS GetQueueAttributes': ['sqs:GetQueueAttributes'],
  'Secrets Manager DescribeSecret': ['secretsmanager:DescribeSecret'],
  'Route 53 ARC ListRoutingControls': ['route53-recovery-cluster:ListRoutingControls'],
} as const satisfies Record<string, readonly string[]>;

/** Every IAM action the readiness checks need, sorted and de-duplicated. */
export function requiredIamActions(): string[] {
  return [...new Set(Object.values(AWS_CALLS).flat())].sort();
}

export type AwsCall = keyof typeof AWS_CALLS;

/** An AWS call that failed: which call, in which Region, and the SDK's error. */
export class AwsCallError extends Error {
  constructor(
    readonly call: AwsCall,
    readonly region: string,
    override readonly cause: unknown,
  ) {
    super(`${call} (IAM ${AWS_CALLS[call][0]}) failed in ${region}: ${describeError(cause)}`);
    this.name = 'AwsCallError';
  }
}

/** Runs one SDK call; any failure becomes an {@link AwsCallError} naming it. */
export async function awsCall<T>(call: AwsCall, region: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (err) {
    throw new AwsCallError(call, region, err);
  }
}

/**
 * Runs one SDK call and returns `undefined` when the error is "this resource does not exist"
 * (`notFound` says which errors are): a missing resource is a readiness finding, not a failure to check.
 */
export async function awsCallOrMissing<T>(call: AwsCall, region: string, notFound: (err: unknown) => boolean, send: () => Promise<T>): Promise<T | undefined> {
  try {
    return await send();
  } catch (err) {
    if (notFound(err)) return undefined;
    throw new AwsCallError(call, region, err);
  }
}

/** True when `err` is an SDK error of one of the given names (`name` or `Code`). */
export function isErrorNamed(err: unknown, ...names: readonly string[]): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { name?: unknown; Code?: unknown };
  return names.some((n) => e.name === n || e.Code === n);
}

/** Kind of failure, to tell credentials and permission problems from network ones at a glance. */
export function errorKind(err: unknown): 'credentials' | 'permission' | 'network' | 'aws' {
  const e = (typeof err === 'object' && err !== null ? err : {}) as { name?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  const name = e.name ?? '';
  if (/Credential|ExpiredToken|InvalidClientTokenId|UnrecognizedClient|SignatureDoesNotMatch|InvalidIdentityToken/i.test(name)) return 'credentials';
  if (/AccessDenied|Unauthorized|AuthorizationError|Forbidden/i.test(name) || e.$metadata?.httpStatusCode === 403) return 'permission';
  if (/Timeout|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|ETIMEDOUT|NetworkingError/i.test(`${name} ${e.code ?? ''}`)) return 'network';
  return 'aws';
}

export function describeError(err: unknown): string {
  if (err instanceof Error) {
    const kind = errorKind(err);
    const label = kind === 'aws' ? err.name : err.name && err.name !== 'Error' ? `${kind} error, ${err.name}` : `${kind} error`;
    return oneLine(`${label}: ${err.message || 'no message'}`);
  }
  return oneLine(String(err));
}
