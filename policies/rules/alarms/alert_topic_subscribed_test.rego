package warm_standby.rules.alarms.alert_topic_subscribed_test

import data.warm_standby.rules.alarms.alert_topic_subscribed as rule
import data.warm_standby.test_fixtures as fx

_topic := "aws_sns_topic.AlertTopic_Topic_1A2B3C4D"

_alert_tags := {"warm-standby/component": "alert-topic"}

_with_topic(values) := fx.add_resources(fx.app, "example-primary", "aws_sns_topic", {"AlertTopic_Topic_1A2B3C4D": values})

_subscription(topic_arn) := {"AlertTopic_Email_2B3C4D5E": {"topic_arn": topic_arn, "protocol": "email", "endpoint": "oncall@example.com"}}

test_noncompliant_1_tagged_alert_topic_without_subscriber if {
	app := _with_topic({"name": "payments-example-use1-alerts", "tags": _alert_tags})
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-primary", _topic)
	fx.finding_with(findings, "example-primary", _topic, "payments-example-use1-alerts) is an alert topic with no subscription and no declared external subscriber")
}

test_noncompliant_2_untagged_topic_an_alarm_references if {
	app := fx.patch_stack(_with_topic({"name": "pager"}), "example-primary", [fx.replace(
		"/resource/aws_cloudwatch_metric_alarm/Alarms_DeadLetters_2B3C4D5E/alarm_actions",
		["${aws_sns_topic.AlertTopic_Topic_1A2B3C4D.arn}"],
	)])
	fx.one_finding(rule.deny, "example-primary", _topic) with input as app
}

test_noncompliant_3_untagged_topic_an_alarm_names_by_arn if {
	app := _with_topic({"name": "payments-example-alerts"})
	fx.one_finding(rule.deny, "example-primary", _topic) with input as app
}

test_noncompliant_4_blank_external_subscriber if {
	app := _with_topic({"name": "payments-example-use1-alerts", "tags": object.union(_alert_tags, {"warm-standby/external-subscriber": "  "})})
	fx.one_finding(rule.deny, "example-primary", _topic) with input as app
}

test_noncompliant_5_subscription_of_another_topic if {
	app := fx.add_resources(
		_with_topic({"name": "payments-example-use1-alerts", "tags": _alert_tags}),
		"example-primary",
		"aws_sns_topic_subscription",
		_subscription("${aws_sns_topic.Feed_Topic_5C6D7E8F.arn}"),
	)
	fx.one_finding(rule.deny, "example-primary", _topic) with input as app
}

test_compliant_fixture if {
	count(rule.deny) == 0 with input as fx.app
}

test_compliant_subscription_by_reference if {
	app := fx.add_resources(
		_with_topic({"name": "payments-example-use1-alerts", "tags": _alert_tags}),
		"example-primary",
		"aws_sns_topic_subscription",
		_subscription("${aws_sns_topic.AlertTopic_Topic_1A2B3C4D.arn}"),
	)
	count(rule.deny) == 0 with input as app
}

test_compliant_subscription_by_arn if {
	app := fx.add_resources(
		_with_topic({"name": "payments-example-use1-alerts", "tags": _alert_tags}),
		"example-primary",
		"aws_sns_topic_subscription",
		_subscription("arn:aws:sns:us-east-1:123456789012:payments-example-use1-alerts"),
	)
	count(rule.deny) == 0 with input as app
}

test_compliant_declared_external_subscriber if {
	app := _with_topic({"name": "payments-example-use1-alerts", "tags": object.union(_alert_tags, {"warm-standby/external-subscriber": "PagerDuty service payments"})})
	count(rule.deny) == 0 with input as app
}
