package warm_standby.rules.feed.topic_fanout_test

import data.warm_standby.rules.feed.topic_fanout as rule
import data.warm_standby.test_fixtures as fx

_topic := "aws_sns_topic.Feed_Topic_5C6D7E8F"

_standby_topic := "aws_sns_topic.Feed_Topic_D2E3F4A5"

_standby_subscription := "/resource/aws_sns_topic_subscription/Replication_StandbyFeed_B0C1D2E3"

_primary_subscription := "/resource/aws_sns_topic_subscription/Replication_PrimaryFeed_C2D3E4F5"

test_noncompliant_1_no_cross_region_subscriptions if {
	app := fx.patch_stack(fx.app, "example-replication", [fx.remove("/resource/aws_sns_topic_subscription")])
	findings := rule.deny with input as app
	count(findings) == 2
	fx.finding_with(findings, "example-primary", _topic, "no SQS subscription, managed in the topic's Region, for a queue in the standby Region us-west-2")
	fx.finding_with(findings, "example-standby", _standby_topic, "for a queue in the primary Region us-east-1")
}

test_noncompliant_2_no_primary_subscription if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.remove("/resource/aws_sns_topic_subscription")])
	fx.finding_with(rule.deny, "example-primary", _topic, "in the primary Region us-east-1") with input as app
}

test_noncompliant_3_endpoint_is_an_undeclared_queue if {
	app := fx.patch_stack(fx.app, "example-replication", [fx.replace(concat("", [_standby_subscription, "/endpoint"]), "arn:aws:sqs:us-west-2:123456789012:payments-example-elsewhere")])
	fx.one_finding(rule.deny, "example-primary", _topic) with input as app
}

test_noncompliant_4_endpoint_is_the_dead_letter_queue if {
	app := fx.patch_stack(fx.app, "example-replication", [fx.replace(concat("", [_standby_subscription, "/endpoint"]), "arn:aws:sqs:us-west-2:123456789012:payments-example-feed-us-west-2-dlq")])
	fx.one_finding(rule.deny, "example-primary", _topic) with input as app
}

test_noncompliant_5_not_an_sqs_subscription if {
	app := fx.patch_stack(fx.app, "example-replication", [fx.replace(concat("", [_standby_subscription, "/protocol"]), "lambda")])
	fx.one_finding(rule.deny, "example-primary", _topic) with input as app
}

test_noncompliant_6_subscription_to_another_topic if {
	app := fx.patch_stack(fx.app, "example-replication", [fx.replace(concat("", [_standby_subscription, "/topic_arn"]), "arn:aws:sns:us-east-1:123456789012:payments-example-alerts")])
	fx.one_finding(rule.deny, "example-primary", _topic) with input as app
}

test_noncompliant_7_no_feed_topic if {
	app := fx.patch_stack(
		fx.patch_stack(fx.app, "example-primary", [fx.remove("/resource/aws_sns_topic/Feed_Topic_5C6D7E8F/tags")]),
		"example-standby", [fx.remove("/resource/aws_sns_topic/Feed_Topic_D2E3F4A5/tags")],
	)
	fx.one_finding(rule.deny, "example-primary", "aws_sns_topic") with input as app
}

# The standby topic's subscription without the aliased provider is managed in us-east-1: SNS
# rejects it, and the standby topic does not reach the primary queue.
test_noncompliant_8_standby_topic_subscription_in_the_wrong_region if {
	app := fx.patch_stack(fx.app, "example-replication", [fx.remove(concat("", [_primary_subscription, "/provider"]))])
	findings := rule.deny with input as app
	count(findings) == 2
	fx.finding_with(findings, "example-replication", "aws_sns_topic_subscription.Replication_PrimaryFeed_C2D3E4F5", "is managed in us-east-1; create it through a provider for us-west-2")
	fx.finding_with(findings, "example-standby", _standby_topic, "for a queue in the primary Region us-east-1")
}

test_noncompliant_9_standby_topic_without_its_own_subscription if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.remove("/resource/aws_sns_topic_subscription")])
	fx.one_finding(rule.deny, "example-standby", _standby_topic) with input as app
	fx.finding_with(rule.deny, "example-standby", _standby_topic, "for a queue in the standby Region us-west-2") with input as app
}

test_compliant_app if {
	count(rule.deny) == 0 with input as fx.app
}

# The aliased provider's Region is what counts, not the stack's.
test_noncompliant_10_aliased_provider_in_another_region if {
	app := fx.patch_stack(fx.app, "example-replication", [fx.replace("/provider/aws/1/region", "eu-west-1")])
	fx.finding_with(rule.deny, "example-replication", "aws_sns_topic_subscription.Replication_PrimaryFeed_C2D3E4F5", "is managed in eu-west-1") with input as app
}
