package warm_standby.rules.feed.own_topic_and_bucket_test

import data.warm_standby.rules.feed.own_topic_and_bucket as rule
import data.warm_standby.test_fixtures as fx

_standby_topic := "aws_sns_topic.Feed_Topic_D2E3F4A5"

test_noncompliant_1_standby_without_a_topic if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.remove("/resource/aws_sns_topic"), fx.remove("/resource/aws_sns_topic_subscription")])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-standby", "aws_sns_topic")
	fx.finding_with(findings, "example-standby", "aws_sns_topic", "the standby stack example-standby has no feed topic")
}

test_noncompliant_2_primary_without_a_payload_bucket if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.remove("/resource/aws_s3_bucket/FeedPayload_Bucket_2E3F4A5B")])
	fx.one_finding(rule.deny, "example-primary", "aws_s3_bucket") with input as app
	fx.finding_with(rule.deny, "example-primary", "aws_s3_bucket", "payload bucket (tag warm-standby/component=feed-payload) of its own in us-east-1") with input as app
}

# The standby's topic kept only in the replication stack (state in the primary Region) is lost with it.
test_noncompliant_3_standby_topic_only_in_the_replication_stack if {
	moved := fx.patch_stack(fx.app, "example-standby", [fx.remove("/resource/aws_sns_topic"), fx.remove("/resource/aws_sns_topic_subscription")])
	app := fx.add_resources(moved, "example-replication", "aws_sns_topic", {"Feed_Topic_D2E3F4A5": {
		"provider": "aws.standby",
		"name": "payments-example-feed",
		"tags": {"warm-standby/component": "feed-topic"},
	}})
	fx.one_finding(rule.deny, "example-standby", "aws_sns_topic") with input as app
}

test_noncompliant_4_topic_not_subscribed_to_the_own_queue if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.remove("/resource/aws_sns_topic_subscription")])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-standby", _standby_topic)
	fx.finding_with(findings, "example-standby", _standby_topic, "no SQS subscription in the standby stack example-standby delivers it to the stack's own feed queue")
}

test_noncompliant_5_own_subscription_to_the_dead_letter_queue if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.replace(
		"/resource/aws_sns_topic_subscription/Feed_Subscription_E3F4A5B6/endpoint",
		"${aws_sqs_queue.Feed_DeadLetterQueue_B4C5D6E7.arn}",
	)])
	fx.one_finding(rule.deny, "example-standby", _standby_topic) with input as app
}

test_noncompliant_6_plan_without_a_payload_bucket if {
	plan := fx.plan(fx.standby_metadata, "us-west-2", [i | some i in fx.standby_plan_items; i.name != "FeedPayload_Bucket_C1D2E3F4"], {})
	fx.one_finding(rule.deny, "example-standby", "aws_s3_bucket") with input as plan
	fx.one_finding(rule.deny, "warm-standby-example-standby", "aws_s3_bucket") with input as fx.hcp(plan)
}

test_noncompliant_7_failover_without_a_topic if {
	app := fx.patch_failover([fx.remove("/resource/aws_sns_topic"), fx.remove("/resource/aws_sns_topic_subscription")])
	fx.one_finding(rule.deny, "example-standby", "aws_sns_topic") with input as app
}

test_compliant_app if {
	count(rule.deny) == 0 with input as fx.app
}

test_compliant_plan_hcp_and_failover if {
	count(rule.deny) == 0 with input as fx.standby_plan
	count(rule.deny) == 0 with input as fx.hcp(fx.standby_plan)
	count(rule.deny) == 0 with input as fx.failover_app
	count(rule.deny) == 0 with input as fx.failover_plan
}

test_compliant_literal_arns_in_the_own_stack if {
	app := fx.patch_stack(fx.app, "example-standby", [
		fx.replace("/resource/aws_sns_topic_subscription/Feed_Subscription_E3F4A5B6/topic_arn", "arn:aws:sns:us-west-2:123456789012:payments-example-feed"),
		fx.replace("/resource/aws_sns_topic_subscription/Feed_Subscription_E3F4A5B6/endpoint", "arn:aws:sqs:us-west-2:123456789012:payments-example-feed-us-west-2"),
	])
	count(rule.deny) == 0 with input as app
}
