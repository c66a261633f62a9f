package warm_standby.rules.alarms.alert_topic_subscribed_test

import data.warm_standby.rules.alarms.alert_topic_subscribed as rule
import data.warm_standby.test_fixtures as fx

_topic := "aws_sns_topic.AlertTopic_1"

# The fixture's alarms notify arn:aws:sns:<region>:123456789012:payments-example-alerts by ARN; the
# topics themselves are added here.
_alert_topic(tags) := {"AlertTopic_1": {"name": "payments-example-alerts", "tags": tags}}

_email := {"AlertTopic_Email_1": {"topic_arn": "${aws_sns_topic.AlertTopic_1.arn}", "protocol": "email", "endpoint": "oncall@example.com"}}

_with_topic(stack, tags) := fx.add_resources(fx.app, stack, "aws_sns_topic", _alert_topic(tags))

test_noncompliant_1_standby_topic_without_subscription if {
	findings := rule.deny with input as _with_topic("example-standby", {})
	fx.one_finding(findings, "example-standby", _topic)
	fx.finding_with(findings, "example-standby", _topic, "alert topic payments-example-alerts has no aws_sns_topic_subscription")
}

test_noncompliant_2_primary_topic_named_by_the_replication_stacks_alarm if {
	# The primary stack's own alarms notify it by ARN as well; the replication stack's alarm too.
	app := _with_topic("example-primary", {})
	fx.one_finding(rule.deny, "example-primary", _topic) with input as app
}

test_noncompliant_3_referenced_topic_with_a_blank_external_tag if {
	app := fx.patch_stack(
		_with_topic("example-standby", {"warm-standby:external-subscriber": " "}),
		"example-standby",
		[fx.add("/resource/aws_cloudwatch_metric_alarm/x", {"alarm_actions": ["${aws_sns_topic.AlertTopic_1.arn}"]})],
	)
	fx.one_finding(rule.deny, "example-standby", _topic) with input as app
}

test_noncompliant_4_subscription_to_another_topic if {
	app := fx.add_resources(_with_topic("example-standby", {}), "example-standby", "aws_sns_topic_subscription", {"Other": {"topic_arn": "arn:aws:sns:us-west-2:123456789012:payments-example-feed", "protocol": "email", "endpoint": "a@example.com"}})
	fx.one_finding(rule.deny, "example-standby", _topic) with input as app
}

test_noncompliant_5_plan_without_the_email_subscription if {
	items := [i | some i in fx.standby_plan_items; i.name != "AlertTopic_Email_1"]
	plan := fx.plan(fx.standby_metadata, "us-west-2", items, {"network": [fx.item("aws_vpc", "this", {"cidr_block": "10.20.0.0/16"}, {})]})
	findings := rule.deny with input as plan
	fx.one_finding(findings, "example-standby", _topic)
}

test_compliant_subscribed_by_reference if {
	app := fx.add_resources(_with_topic("example-standby", {}), "example-standby", "aws_sns_topic_subscription", _email)
	count(rule.deny) == 0 with input as app
}

test_compliant_subscribed_by_arn_from_another_stack if {
	app := fx.add_resources(_with_topic("example-primary", {}), "example-replication", "aws_sns_topic_subscription", {"Page": {"topic_arn": "arn:aws:sns:us-east-1:123456789012:payments-example-alerts", "protocol": "https", "endpoint": "https://pager.example.com"}})
	count(rule.deny) == 0 with input as app
}

test_compliant_declared_external_subscriber if {
	count(rule.deny) == 0 with input as _with_topic("example-standby", {"warm-standby:external-subscriber": "PagerDuty service payments-dr"})
}

test_compliant_topic_no_alarm_notifies if {
	app := fx.add_resources(fx.app, "example-standby", "aws_sns_topic", {"Quiet": {"name": "quiet"}})
	count(rule.deny) == 0 with input as app
}

test_compliant if {
	count(rule.deny) == 0 with input as fx.app
	count(rule.deny) == 0 with input as fx.standby_plan
}
