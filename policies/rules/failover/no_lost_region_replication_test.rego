package warm_standby.rules.failover.no_lost_region_replication_test

import data.warm_standby.rules.failover.no_lost_region_replication as rule
import data.warm_standby.test_fixtures as fx

_db := "aws_db_instance.Database_Replica_E1F2A3B4"

_source := "arn:aws:rds:us-east-1:123456789012:db:payments-example-db"

test_noncompliant_1_replica_not_promoted if {
	app := fx.patch_failover([fx.add("/resource/aws_db_instance/Database_Replica_E1F2A3B4/replicate_source_db", _source)])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-standby", _db)
	fx.finding_with(findings, "example-standby", _db, "replicate_source_db = arn:aws:rds:us-east-1:123456789012:db:payments-example-db is in the lost primary Region us-east-1")
}

test_noncompliant_2_opensearch_still_follows_the_leader if {
	app := fx.patch_failover([fx.add("/resource/aws_opensearch_outbound_connection", fx.standby_config.resource.aws_opensearch_outbound_connection)])
	fx.one_finding(rule.deny, "example-standby", "aws_opensearch_outbound_connection.Search_LeaderConnection_D0E1F2A3") with input as app
}

test_noncompliant_3_queue_mapping_from_the_lost_region if {
	app := fx.patch_failover([fx.replace(
		"/resource/aws_lambda_event_source_mapping/Feed_QueueMapping_D6E7F8A9/event_source_arn",
		"arn:aws:sqs:us-east-1:123456789012:payments-example-feed-us-east-1",
	)])
	fx.one_finding(rule.deny, "example-standby", "aws_lambda_event_source_mapping.Feed_QueueMapping_D6E7F8A9") with input as app
}

test_noncompliant_4_plan if {
	plan := fx.patch_plan_values(fx.failover_plan, _db, [fx.add("/replicate_source_db", _source)])
	fx.one_finding(rule.deny, "example-standby", _db) with input as plan
}

test_compliant if {
	count(rule.deny) == 0 with input as fx.failover_app
	count(rule.deny) == 0 with input as fx.failover_plan
	count(rule.deny) == 0 with input as fx.hcp(fx.failover_plan)
}

test_compliant_same_region_source if {
	app := fx.patch_failover([fx.add("/resource/aws_db_instance/Database_Replica_E1F2A3B4/replicate_source_db", "arn:aws:rds:us-west-2:123456789012:db:other")])
	count(rule.deny) == 0 with input as app
}

test_compliant_normal_mode_is_not_checked if {
	count(rule.deny) == 0 with input as fx.app
}
