package warm_standby.rules.alarms.replication_paths_alarmed_test

import data.warm_standby.rules.alarms.replication_paths_alarmed as rule
import data.warm_standby.test_fixtures as fx

_alarms := "/resource/aws_cloudwatch_metric_alarm"

test_noncompliant_1_replica_without_lag_alarm if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.remove(concat("/", [_alarms, "Alarms_ReplicaLag_4D5E6F7A"]))])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-standby", "aws_db_instance.Database_Replica_E1F2A3B4")
	fx.finding_with(findings, "example-standby", "aws_db_instance.Database_Replica_E1F2A3B4", "(RDS read replica payments-example-db-replica) has no CloudWatch alarm with an alarm action on AWS/RDS ReplicaLag in us-west-2")
}

test_noncompliant_2_s3_replication_alarm_without_actions if {
	app := fx.patch_stack(fx.app, "example-replication", [fx.replace(concat("/", [_alarms, "Alarms_BackupReplication_8B9C0D1E", "alarm_actions"]), [])])
	fx.one_finding(rule.deny, "example-replication", "aws_s3_bucket_replication_configuration.Replication_BackupBucket_A9B0C1D2") with input as app
}

test_noncompliant_3_health_check_alarm_outside_us_east_1 if {
	# Route 53 publishes HealthCheckStatus in us-east-1 only: an alarm in the primary Region of
	# another environment never sees data.
	app := fx.patch_stack(fx.app, "example-primary", [fx.add(concat("/", [_alarms, "Alarms_HealthCheck_1A2B3C4D", "provider"]), "aws.west")])
	patched := fx.patch_stack(app, "example-primary", [fx.add("/provider/aws/-", {"alias": "west", "region": "us-west-2"})])
	findings := rule.deny with input as patched
	fx.one_finding(findings, "example-primary", "aws_route53_health_check.Dns_HealthCheck_1F0C2A3B")
	fx.finding_with(findings, "example-primary", "aws_route53_health_check.Dns_HealthCheck_1F0C2A3B", "AWS/Route53 HealthCheckStatus in us-east-1")
}

test_noncompliant_4_dead_letter_alarm_on_another_queue if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace(concat("/", [_alarms, "Alarms_DeadLetters_2B3C4D5E", "dimensions", "QueueName"]), "payments-example-feed-us-east-1")])
	fx.one_finding(rule.deny, "example-primary", "aws_sqs_queue.Feed_DeadLetterQueue_7E8F9A0B") with input as app
}

test_noncompliant_5_loader_alarm_on_the_wrong_metric if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace(concat("/", [_alarms, "Alarms_LoaderErrors_3C4D5E6F", "metric_name"]), "Invocations")])
	fx.one_finding(rule.deny, "example-primary", "aws_lambda_function.Feed_Loader_9A0B1C2D") with input as app
}

test_noncompliant_6_opensearch_connection_actions_disabled if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.add(concat("/", [_alarms, "Alarms_SearchReplication_7A8B9C0D", "actions_enabled"]), false)])
	fx.one_finding(rule.deny, "example-standby", "aws_opensearch_outbound_connection.Search_LeaderConnection_D0E1F2A3") with input as app
}

test_noncompliant_7_plan_without_alarms if {
	plan := fx.plan(fx.standby_metadata, "us-west-2", [i | some i in fx.standby_plan_items; i.type != "aws_cloudwatch_metric_alarm"], {})
	count(rule.deny) == 4 with input as plan
}

test_compliant_app if {
	count(rule.deny) == 0 with input as fx.app
}

test_compliant_plan_by_literal_reference_and_metric_math if {
	count(rule.deny) == 0 with input as fx.standby_plan
	count(rule.deny) == 0 with input as fx.hcp(fx.standby_plan)
}

test_compliant_failover_app_promoted_replica_needs_no_lag_alarm if {
	app := fx.patch_failover([fx.remove(concat("/", [_alarms, "Alarms_ReplicaLag_4D5E6F7A"])), fx.remove(concat("/", [_alarms, "Alarms_SearchReplication_7A8B9C0D"]))])
	count(rule.deny) == 0 with input as app
}
