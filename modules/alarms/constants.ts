// Values the environments and the runbook read, kept apart from the constructs so that loading them
// does not load the AWS provider.

/** Route 53 publishes health check metrics (AWS/Route53 HealthCheckStatus) in this Region only. */
export const ROUTE53_METRICS_REGION = 'us-east-1';
