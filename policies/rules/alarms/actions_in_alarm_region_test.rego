package warm_standby.rules.alarms.actions_in_alarm_region_test

import data.warm_standby.rules.alarms.actions_in_alarm_region as rule
import data.warm_standby.test_fixtures as fx

_alarm := "aws_cloudwatch_metric_alarm.Alarms_DeadLetters_5E6F7A8B"

_actions := "/resource/aws_cloudwatch_metric_alarm/Alarms_DeadLetters_5E6F7A8B/alarm_actions"

test_noncompliant_1_topic_in_the_other_region if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.replace(_actions, ["arn:aws:sns:us-east-1:123456789012:payments-example-alerts"])])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-standby", _alarm)
	fx.finding_with(findings, "example-standby", _alarm, "alarm_actions arn:aws:sns:us-east-1:123456789012:payments-example-alerts is in us-east-1, not in the alarm's Region us-west-2")
}

test_noncompliant_2_ok_action_in_the_other_region if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.add("/resource/aws_cloudwatch_metric_alarm/Alarms_DeadLetters_5E6F7A8B/ok_actions", ["arn:aws:sns:us-east-1:123456789012:x"])])
	fx.one_finding(rule.deny, "example-standby", _alarm) with input as app
}

test_noncompliant_3_referenced_topic_created_by_another_regions_provider if {
	app := fx.patch_stack(
		fx.add_resources(fx.app, "example-primary", "aws_sns_topic", {"Alerts_West": {"name": "alerts", "provider": "aws.west"}}),
		"example-primary",
		[
			fx.add("/provider/aws/-", {"alias": "west", "region": "us-west-2"}),
			fx.replace("/resource/aws_cloudwatch_metric_alarm/Alarms_DeadLetters_2B3C4D5E/alarm_actions", ["${aws_sns_topic.Alerts_West.arn}"]),
		],
	)
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-primary", "aws_cloudwatch_metric_alarm.Alarms_DeadLetters_2B3C4D5E")
	fx.finding_with(findings, "example-primary", "aws_cloudwatch_metric_alarm.Alarms_DeadLetters_2B3C4D5E", "aws_sns_topic.Alerts_West is in us-west-2")
}

test_compliant_app if {
	count(rule.deny) == 0 with input as fx.app
}

test_compliant_referenced_topic_and_aliased_us_east_1_alarm if {
	app := fx.patch_stack(
		fx.add_resources(fx.app, "example-standby", "aws_sns_topic", {"Alerts_East": {"name": "dns-alerts", "provider": "aws.east"}}),
		"example-standby",
		[
			fx.add("/provider/aws/-", {"alias": "east", "region": "us-east-1"}),
			fx.add("/resource/aws_cloudwatch_metric_alarm/Alarms_DeadLetters_5E6F7A8B/provider", "aws.east"),
			fx.replace(_actions, ["${aws_sns_topic.Alerts_East.arn}"]),
		],
	)
	count(rule.deny) == 0 with input as app
	count(rule.deny) == 0 with input as fx.standby_plan
}
