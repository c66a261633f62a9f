import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EKSClient } from '@aws-sdk/client-eks';
import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { OpenSearchClient } from '@aws-sdk/client-opensearch';
import { RDSClient } from '@aws-sdk/client-rds';
import { Route53Client } from '@aws-sdk/client-route-53';
import { Route53RecoveryClusterClient } from '@aws-sdk/client-route53-recovery-cluster';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';

/**
 * The AWS SDK clients the readiness checks use, one per service and Region. Injectable: tests pass
 * their own factory (or mock the client classes); nothing is created or called at import time.
 */
export interface ReadinessClients {
  rds(region: string): RDSClient;
  cloudwatch(region: string): CloudWatchClient;
  elasticache(region: string): ElastiCacheClient;
  opensearch(region: string): OpenSearchClient;
  s3(region: string): S3Client;
  route53(region: string): Route53Client;
  eks(region: string): EKSClient;
  autoscaling(region: string): AutoScalingClient;
  sqs(region: string): SQSClient;
  secretsmanager(region: string): SecretsManagerClient;
  /** The data plane of a Route 53 ARC cluster: one of its regional endpoints, signed for that Region. */
  arcCluster(region: string, endpoint: string): Route53RecoveryClusterClient;
}

/** Options every default client gets. */
export interface ClientOptions {
  /**
   * Attempts per call, retries of throttling and transient errors included.
   * @default 3
   */
  readonly maxAttempts?: number;
  /**
   * Milliseconds to wait for a connection, then for a response, before a call fails (so an
   * unreachable endpoint ends as `error`, not a hung nightly job).
   * @default 10000
   */
  readonly timeoutMs?: number;
  /**
   * Address S3 buckets by path (`https://host/bucket/key`) instead of by virtual host
   * (`https://bucket.host/key`): for S3-compatible endpoints and proxies without wildcard DNS.
   * @default false
   */
  readonly s3PathStyle?: boolean;
}

/**
 * Clients with the default credential chain (environment, shared config, web identity such as
 * GitHub OIDC, instance/container role), created on first use and cached per service and Region.
 * Endpoints are the SDK's own resolution, so `AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_<SERVICE>` and
 * `endpoint_url` in the shared config apply to every service.
 */
export function defaultClients(options: ClientOptions = {}): ReadinessClients {
  const config = (region: string) => ({
    region,
    maxAttempts: options.maxAttempts ?? 3,
    requestHandler: { connectionTimeout: options.timeoutMs ?? 10_000, requestTimeout: options.timeoutMs ?? 10_000 },
  });
  const cache = new Map<string, unknown>();
  const cached = <T>(service: string, region: string, create: () => T): T => {
    const key = `${service}\u0000${region}`;
    if (!cache.has(key)) cache.set(key, create());
    return cache.get(key) as T;
  };
  return {
    rds: (region) => cached('rds', region, () => new RDSClient(config(region))),
    cloudwatch: (region) => cached('cloudwatch', region, () => new CloudWatchClient(config(region))),
    elasticache: (region) => cached('elasticache', region, () => new ElastiCacheClient(config(region))),
    opensearch: (region) => cached('opensearch', region, () => new OpenSearchClient(config(region))),
    route53: (region) => cached('route53', region, () => new Route53Client(config(region))),
    eks: (region) => cached('eks', region, () => new EKSClient(config(region))),
    autoscaling: (region) => cached('autoscaling', region, () => new AutoScalingClient(config(region))),
    s3: (region) => cached('s3', region, () => new S3Client({ ...config(region), forcePathStyle: options.s3PathStyle ?? false })),
    // The SQS client would otherwise send each call to the host of the QueueUrl it is given
    // (useQueueUrlAsEndpoint defaults to true) and so ignore the endpoint configuration.
    sqs: (region) => cached('sqs', region, () => new SQSClient({ ...config(region), useQueueUrlAsEndpoint: false })),
    secretsmanager: (region) => cached('secretsmanager', region, () => new SecretsManagerClient(config(region))),
    arcCluster: (region, endpoint) => cached(`arc ${endpoint}`, region, () => new Route53RecoveryClusterClient({ ...config(region), endpoint })),
  };
}
