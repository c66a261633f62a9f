package warm_standby.rules.logging.access_log_bucket_encryption_test

import data.warm_standby.rules.logging.access_log_bucket_encryption as rule
import data.warm_standby.test_fixtures as fx

_config := "aws_s3_bucket_server_side_encryption_configuration.AccessLogs_Encryption_7A1B2C3D"

_kms_rule := [{"apply_server_side_encryption_by_default": {"sse_algorithm": "aws:kms", "kms_master_key_id": "${aws_kms_key.Keys_Key_0A1B2C3D.arn}"}}]

test_noncompliant_1_access_log_bucket_with_sse_kms if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace("/resource/aws_s3_bucket_server_side_encryption_configuration/AccessLogs_Encryption_7A1B2C3D/rule", _kms_rule)])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-primary", _config)
	fx.finding_with(findings, "example-primary", _config, "sets default encryption aws:kms on access-log bucket aws_s3_bucket.AccessLogs_Bucket_7A1B2C3D")
}

test_noncompliant_2_dsse_on_an_untagged_logging_target if {
	# Untagged, but the target of the feed bucket's logging: still an access-log bucket.
	app := fx.patch_stack(fx.app, "example-primary", [
		fx.remove("/resource/aws_s3_bucket/AccessLogs_Bucket_7A1B2C3D/tags"),
		fx.replace("/resource/aws_s3_bucket_server_side_encryption_configuration/AccessLogs_Encryption_7A1B2C3D/rule", [{"apply_server_side_encryption_by_default": {"sse_algorithm": "aws:kms:dsse"}}]),
	])
	fx.finding_with(rule.deny, "example-primary", _config, "aws:kms:dsse") with input as app
}

test_noncompliant_3_inline_encryption_on_the_bucket if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.add("/resource/aws_s3_bucket/AccessLogs_Bucket_7A1B2C3D/server_side_encryption_configuration", {"rule": _kms_rule})])
	fx.one_finding(rule.deny, "example-primary", "aws_s3_bucket.AccessLogs_Bucket_7A1B2C3D") with input as app
}

test_noncompliant_4_plan_with_sse_kms if {
	items := [j |
		some i in fx.standby_plan_items
		j := _kms_item(i)
	]
	plan := fx.plan(fx.standby_metadata, "us-west-2", items, {})
	fx.one_finding(rule.deny, "example-standby", "aws_s3_bucket_server_side_encryption_configuration.AccessLogs_Encryption_9E8D7C6B") with input as plan
}

_kms_item(i) := object.union(i, {"values": {"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms"}]}]}}) if {
	i.name == "AccessLogs_Encryption_9E8D7C6B"
} else := i

test_compliant_sse_kms_on_a_data_bucket if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.add("/resource/aws_s3_bucket_server_side_encryption_configuration/Backup_Encryption_1", {
		"bucket": "${aws_s3_bucket.Backup_Bucket_8B9C0D1E.id}",
		"rule": _kms_rule,
	})])
	count(rule.deny) == 0 with input as app
}

test_compliant_sse_s3 if {
	count(rule.deny) == 0 with input as fx.app
	count(rule.deny) == 0 with input as fx.standby_plan
}
