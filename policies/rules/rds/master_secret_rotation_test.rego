package warm_standby.rules.rds.master_secret_rotation_test

import data.warm_standby.rules.rds.master_secret_rotation as rule
import data.warm_standby.test_fixtures as fx

_secret := "aws_secretsmanager_secret.Database_MasterSecret_Secret_1A2B3C4D"

_secret_values := {
	"name": "payments-example-db-master",
	"kms_key_id": "${aws_kms_key.Keys_Key_0A1B2C3D.arn}",
	"replica": [{"region": "us-west-2", "kms_key_id": "alias/aws/secretsmanager"}],
	"tags": {"warm-standby/component": "app-database", "warm-standby/secret-class": "db-master"},
}

_rotation(rules) := {"secret_id": "${aws_secretsmanager_secret.Database_MasterSecret_Secret_1A2B3C4D.id}", "rotation_lambda_arn": "${aws_lambda_function.Rotation_Function_1.arn}", "rotation_rules": rules}

_app(secret, rotations) := fx.patch_stack(fx.app, "example-primary", array.concat(
	[fx.add("/resource/aws_secretsmanager_secret", {"Database_MasterSecret_Secret_1A2B3C4D": secret})],
	[fx.add("/resource/aws_secretsmanager_secret_rotation", rotations) | count(rotations) > 0],
))

test_noncompliant_1_master_secret_never_rotated if {
	findings := rule.deny with input as _app(_secret_values, {})
	fx.one_finding(findings, "example-primary", _secret)
	fx.finding_with(findings, "example-primary", _secret, "(payments-example-db-master) holds a database master password and is never rotated")
}

test_noncompliant_2_untagged_secret_named_after_the_instance if {
	untagged := object.remove(_secret_values, ["tags"])
	fx.one_finding(rule.deny, "example-primary", _secret) with input as _app(untagged, {})
}

test_noncompliant_3_schedule_longer_than_the_default_maximum if {
	findings := rule.deny with input as _app(_secret_values, {"R": _rotation({"schedule_expression": "rate(120 days)"})})
	fx.finding_with(findings, "example-primary", _secret, "is rotated every 120 days by aws_secretsmanager_secret_rotation.R; at most 90 days allowed")
	count(findings) == 1
}

test_noncompliant_4_automatically_after_days_over_a_lower_param if {
	app := _app(_secret_values, {"R": _rotation({"automatically_after_days": 30})})
	fx.finding_with(rule.deny, "example-primary", _secret, "every 30 days") with input as app with data.params as {"max_master_secret_rotation_days": 14}
}

test_noncompliant_5_cron_schedule_cannot_be_checked if {
	app := _app(_secret_values, {"R": _rotation({"schedule_expression": "cron(0 4 1 * ? *)"})})
	fx.finding_with(rule.deny, "example-primary", _secret, "(cron(0 4 1 * ? *)) is not automatically_after_days or rate(N days|hours)") with input as app
}

test_noncompliant_6_rotation_of_another_secret if {
	other := {"secret_id": "${aws_secretsmanager_secret.Other.id}", "rotation_rules": {"schedule_expression": "rate(30 days)"}}
	fx.one_finding(rule.deny, "example-primary", _secret) with input as _app(_secret_values, {"R": other})
}

test_compliant_rate_in_days_and_hours if {
	count(rule.deny) == 0 with input as _app(_secret_values, {"R": _rotation({"schedule_expression": "rate(30 days)"})})
	count(rule.deny) == 0 with input as _app(_secret_values, {"R": _rotation({"schedule_expression": "rate(1 day)"})})
	count(rule.deny) == 0 with input as _app(_secret_values, {"R": _rotation({"schedule_expression": "rate(12 hours)"})})
	count(rule.deny) == 0 with input as _app(_secret_values, {"R": _rotation({"automatically_after_days": 90, "schedule_expression": ""})})
}

test_compliant_other_secrets_need_no_rotation if {
	auth := {"name": "payments-example-redis-auth", "tags": {"warm-standby/component": "app-cache"}}
	count(rule.deny) == 0 with input as _app(auth, {})
}

test_compliant_fixtures if {
	count(rule.deny) == 0 with input as fx.app
	count(rule.deny) == 0 with input as fx.standby_plan
}

test_noncompliant_7_plan_rotation_too_long if {
	items := array.concat(fx.primary_plan_items, [
		fx.item("aws_secretsmanager_secret", "Database_MasterSecret_Secret_1A2B3C4D", _secret_values, {}),
		fx.item("aws_secretsmanager_secret_rotation", "R", {"rotation_rules": [{"automatically_after_days": 0, "schedule_expression": "rate(365 days)", "duration": ""}]}, {"secret_id": fx.ref(_secret, "id")}),
	])
	plan := fx.plan(fx.primary_metadata, "us-east-1", items, {})
	fx.finding_with(rule.deny, "example-primary", _secret, "every 365 days") with input as plan
}
