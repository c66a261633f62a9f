package warm_standby.rules.alarms.replication_metric_region_test

import data.warm_standby.rules.alarms.replication_metric_region as rule
import data.warm_standby.test_fixtures as fx

_alarm := "aws_cloudwatch_metric_alarm.Alarms_Latency_1A2B3C4D"

_dimensions := {"SourceBucket": "payments-example-velero-us-east-1", "DestinationBucket": "payments-example-velero-us-west-2", "RuleId": "velero-to-standby"}

_with_alarm(metric) := fx.add_resources(fx.app, "example-replication", "aws_cloudwatch_metric_alarm", {"Alarms_Latency_1A2B3C4D": {
	"namespace": "AWS/S3",
	"metric_name": metric,
	"dimensions": _dimensions,
	"alarm_actions": ["arn:aws:sns:us-east-1:123456789012:payments-example-alerts"],
}})

test_noncompliant_1_latency_alarm_in_the_source_region if {
	findings := rule.deny with input as _with_alarm("ReplicationLatency")
	fx.one_finding(findings, "example-replication", _alarm)
	fx.finding_with(findings, "example-replication", _alarm, "ReplicationLatency is published in the Region of its DestinationBucket payments-example-velero-us-west-2 (us-west-2), but the alarm is in us-east-1")
}

test_noncompliant_2_pending_operations_in_the_source_region if {
	fx.one_finding(rule.deny, "example-replication", _alarm) with input as _with_alarm("OperationsPendingReplication")
}

test_noncompliant_3_failed_operations_in_the_destination_region if {
	app := fx.patch_stack(_with_alarm("OperationsFailedReplication"), "example-replication", [fx.add("/resource/aws_cloudwatch_metric_alarm/Alarms_Latency_1A2B3C4D/provider", "aws.standby")])
	fx.one_finding(rule.deny, "example-replication", _alarm) with input as app
}

test_compliant_failed_operations_in_the_source_region if {
	count(rule.deny) == 0 with input as _with_alarm("OperationsFailedReplication")
}

test_compliant_latency_in_the_destination_region if {
	app := fx.patch_stack(_with_alarm("ReplicationLatency"), "example-replication", [fx.add("/resource/aws_cloudwatch_metric_alarm/Alarms_Latency_1A2B3C4D/provider", "aws.standby")])
	count(rule.deny) == 0 with input as app
}

test_compliant_fixture if {
	count(rule.deny) == 0 with input as fx.app
}
