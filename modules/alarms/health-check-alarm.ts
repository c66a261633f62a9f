import { Construct } from 'constructs';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { requireProp, validatedConstruct } from '../core';
import { ROUTE53_METRICS_REGION } from './constants';
import { AlarmTarget, notifyingAlarm, validateTarget } from './private/alarm';

export { ROUTE53_METRICS_REGION };

export interface HealthCheckAlarmProps extends AlarmTarget {
  /** The health check, e.g. an `EndpointHealthCheck`. */
  readonly healthCheck: { readonly healthCheckId: string };
  /** What the check watches, for the alarm's name and description (e.g. the endpoint's host name). */
  readonly endpointName: string;
}

/**
 * Pages when the primary endpoint's Route 53 health check reports unhealthy (the moment DNS
 * fails over). The metric exists only in us-east-1, so `region` must be us-east-1: from a stack in
 * another Region, pass an aliased us-east-1 `provider` and an alert topic in us-east-1.
 */
@validatedConstruct
export class HealthCheckAlarm extends Construct {
  /** The alarm on HealthCheckStatus (Minimum < 1 over one minute). */
  public readonly alarm: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, props: HealthCheckAlarmProps) {
    super(scope, id);
    requireProp(
      props.region === ROUTE53_METRICS_REGION,
      'region',
      props.region,
      `must be ${ROUTE53_METRICS_REGION}: Route 53 publishes HealthCheckStatus there only (use an aliased ${ROUTE53_METRICS_REGION} provider)`,
    );
    validateTarget(props);
    this.alarm = notifyingAlarm(this, 'Alarm', props, {
      alarmName: `${props.endpointName}-health-check`,
      alarmDescription: `Route 53 health check of ${props.endpointName} is unhealthy: DNS fails over to the standby Region`,
      namespace: 'AWS/Route53',
      metricName: 'HealthCheckStatus',
      dimensions: { HealthCheckId: props.healthCheck.healthCheckId },
      statistic: 'Minimum',
      period: 60,
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: 'LessThanThreshold',
      // A health check always reports; no data means it is gone or broken.
      treatMissingData: 'breaching',
    });
  }
}
