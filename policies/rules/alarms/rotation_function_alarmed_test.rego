package warm_standby.rules.alarms.rotation_function_alarmed_test

import data.warm_standby.rules.alarms.rotation_function_alarmed as rule
import data.warm_standby.test_fixtures as fx

_rotation := "aws_secretsmanager_secret_rotation.Database_MasterSecretRotation_Rotation_1A2B3C4D"

_function_values := {"function_name": "payments-example-pg-master-rotation", "//": {"metadata": {"path": "example-primary/Database/MasterSecretRotation/Function", "uniqueId": "x"}}}

_rotation_values(lambda_arn) := {
	"secret_id": "${aws_secretsmanager_secret.Database_MasterSecret_1A2B3C4D.id}",
	"rotation_lambda_arn": lambda_arn,
	"rotation_rules": {"schedule_expression": "rate(30 days)"},
	"//": {"metadata": {"path": "example-primary/Database/MasterSecretRotation/Rotation", "uniqueId": "x"}},
}

_by_reference := "${aws_lambda_function.Database_MasterSecretRotation_Function_1A2B3C4D.arn}"

_errors_alarm(function_name, actions) := {
	"namespace": "AWS/Lambda",
	"metric_name": "Errors",
	"statistic": "Sum",
	"dimensions": {"FunctionName": function_name},
	"alarm_actions": actions,
	"//": {"metadata": {"path": "example-primary/MasterSecretRotationAlarms/FunctionErrors", "uniqueId": "x"}},
}

_topic := ["arn:aws:sns:us-east-1:123456789012:payments-example-alerts"]

_ref_name := "${aws_lambda_function.Database_MasterSecretRotation_Function_1A2B3C4D.function_name}"

# The primary stack with the rotation, its function and the given alarms (by name).
_app(lambda_arn, alarms) := fx.patch_stack(fx.app, "example-primary", array.concat(
	[
		fx.add("/resource/aws_lambda_function/Database_MasterSecretRotation_Function_1A2B3C4D", _function_values),
		fx.add("/resource/aws_secretsmanager_secret_rotation", {"Database_MasterSecretRotation_Rotation_1A2B3C4D": _rotation_values(lambda_arn)}),
	],
	[fx.add(concat("/", ["/resource/aws_cloudwatch_metric_alarm", name]), alarm) | some name, alarm in alarms],
))

test_noncompliant_1_rotation_function_without_an_errors_alarm if {
	findings := rule.deny with input as _app(_by_reference, {})
	fx.one_finding(findings, "example-primary", _rotation)
	fx.finding_with(findings, "example-primary", _rotation, "payments-example-pg-master-rotation (aws_lambda_function.Database_MasterSecretRotation_Function_1A2B3C4D), which has no CloudWatch alarm with an alarm action on AWS/Lambda Errors (FunctionName) in us-east-1")
}

test_noncompliant_2_errors_alarm_without_an_alarm_action if {
	fx.one_finding(rule.deny, "example-primary", _rotation) with input as _app(_by_reference, {"RotationErrors": _errors_alarm(_ref_name, [])})
}

test_noncompliant_3_errors_alarm_with_actions_disabled if {
	alarm := object.union(_errors_alarm(_ref_name, _topic), {"actions_enabled": false})
	fx.one_finding(rule.deny, "example-primary", _rotation) with input as _app(_by_reference, {"RotationErrors": alarm})
}

test_noncompliant_4_alarm_on_another_function_or_metric if {
	# The feed loader's alarm (in the fixture) does not cover the rotation function; neither does Throttles.
	throttles := object.union(_errors_alarm(_ref_name, _topic), {"metric_name": "Throttles"})
	fx.one_finding(rule.deny, "example-primary", _rotation) with input as _app(_by_reference, {"RotationThrottles": throttles})
}

test_noncompliant_5_literal_lambda_arn_without_an_alarm if {
	arn := "arn:aws:lambda:us-east-1:123456789012:function:shared-rotation"
	findings := rule.deny with input as _app(arn, {"Other": _errors_alarm("payments-example-pg-master-rotation", _topic)})
	fx.one_finding(findings, "example-primary", _rotation)
	fx.finding_with(findings, "example-primary", _rotation, "with the Lambda function shared-rotation, which has no CloudWatch alarm")
}

test_noncompliant_6_alarm_in_another_region if {
	arn := "arn:aws:lambda:us-west-2:123456789012:function:shared-rotation"
	fx.finding_with(rule.deny, "example-primary", _rotation, "in us-west-2") with input as _app(arn, {"Shared": _errors_alarm("shared-rotation", _topic)})
}

test_noncompliant_7_function_cannot_be_identified if {
	findings := rule.deny with input as _app("${data.aws_lambda_function.Shared.arn}", {})
	fx.one_finding(findings, "example-primary", _rotation)
	fx.finding_with(findings, "example-primary", _rotation, "is neither a reference to an aws_lambda_function of the stack nor a literal Lambda ARN")
}

test_compliant_alarm_by_reference_or_literal_name if {
	count(rule.deny) == 0 with input as _app(_by_reference, {"RotationErrors": _errors_alarm(_ref_name, _topic)})
	count(rule.deny) == 0 with input as _app(_by_reference, {"RotationErrors": _errors_alarm("payments-example-pg-master-rotation", _topic)})
	arn := "arn:aws:lambda:us-east-1:123456789012:function:shared-rotation"
	count(rule.deny) == 0 with input as _app(arn, {"Shared": _errors_alarm("shared-rotation", _topic)})
}

test_compliant_fixtures_have_no_rotation if {
	count(rule.deny) == 0 with input as fx.app
	count(rule.deny) == 0 with input as fx.standby_plan
}

test_noncompliant_8_plan_alarm_without_actions if {
	items := array.concat(fx.primary_plan_items, [
		fx.item("aws_lambda_function", "Fn", {"function_name": "payments-example-pg-master-rotation"}, {}),
		fx.item("aws_secretsmanager_secret_rotation", "R", {"rotation_rules": [{"schedule_expression": "rate(30 days)"}]}, {"rotation_lambda_arn": fx.ref("aws_lambda_function.Fn", "arn")}),
		fx.item("aws_cloudwatch_metric_alarm", "E", {"namespace": "AWS/Lambda", "metric_name": "Errors", "dimensions": {"FunctionName": "payments-example-pg-master-rotation"}}, {}),
	])
	plan := fx.plan(fx.primary_metadata, "us-east-1", items, {})
	fx.one_finding(rule.deny, "example-primary", "aws_secretsmanager_secret_rotation.R") with input as plan
}

test_compliant_plan_alarm_on_a_topic_created_in_the_same_run if {
	items := array.concat(fx.primary_plan_items, [
		fx.item("aws_lambda_function", "Fn", {"function_name": "payments-example-pg-master-rotation"}, {}),
		fx.item("aws_secretsmanager_secret_rotation", "R", {"rotation_rules": [{"schedule_expression": "rate(30 days)"}]}, {"rotation_lambda_arn": fx.ref("aws_lambda_function.Fn", "arn")}),
		fx.item("aws_cloudwatch_metric_alarm", "E", {"namespace": "AWS/Lambda", "metric_name": "Errors", "dimensions": {"FunctionName": "payments-example-pg-master-rotation"}}, {"alarm_actions": fx.ref("aws_sns_topic.AlertTopic_1", "arn")}),
	])
	plan := fx.plan(fx.primary_metadata, "us-east-1", items, {})
	count(rule.deny) == 0 with input as plan
}
