package warm_standby.rules.logging.server_access_logging_test

import data.warm_standby.rules.logging.server_access_logging as rule
import data.warm_standby.test_fixtures as fx

_backup := "aws_s3_bucket.Backup_Bucket_8B9C0D1E"

_without_backup_logging := fx.patch_stack(fx.app, "example-primary", [fx.remove("/resource/aws_s3_bucket_logging/Backup_AccessLogging_8B9C0D1E")])

test_noncompliant_1_bucket_without_logging if {
	findings := rule.deny with input as _without_backup_logging
	fx.one_finding(findings, "example-primary", _backup)
	fx.finding_with(findings, "example-primary", _backup, "(payments-example-velero-us-east-1) has no S3 server access logging")
}

test_noncompliant_2_logging_of_another_bucket_in_another_stack if {
	# The standby stack's logging names a bucket of that address, but references resolve within a stack.
	app := fx.patch_stack(_without_backup_logging, "example-standby", [fx.add("/resource/aws_s3_bucket_logging/Other", {
		"bucket": "${aws_s3_bucket.Backup_Bucket_8B9C0D1E.id}",
		"target_bucket": "${aws_s3_bucket.AccessLogs_Bucket_9E8D7C6B.id}",
		"target_prefix": "x/",
	})])
	fx.one_finding(rule.deny, "example-primary", _backup) with input as app
}

test_noncompliant_3_bucket_logging_into_itself if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace(
		"/resource/aws_s3_bucket_logging/Backup_AccessLogging_8B9C0D1E/target_bucket",
		"${aws_s3_bucket.Backup_Bucket_8B9C0D1E.id}",
	)])
	findings := rule.deny with input as app
	count(findings) == 2
	fx.finding_with(findings, "example-primary", "aws_s3_bucket_logging.Backup_AccessLogging_8B9C0D1E", "into the same bucket")
	fx.finding_with(findings, "example-primary", _backup, "has no S3 server access logging")
}

test_noncompliant_4_plan_bucket_without_logging if {
	items := [i | some i in fx.standby_plan_items; i.name != "FeedPayload_AccessLogging_C1D2E3F4"]
	plan := fx.plan(fx.standby_metadata, "us-west-2", items, {})
	fx.one_finding(rule.deny, "example-standby", "aws_s3_bucket.FeedPayload_Bucket_C1D2E3F4") with input as plan
}

test_compliant_logging_by_literal_bucket_name if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace(
		"/resource/aws_s3_bucket_logging/Backup_AccessLogging_8B9C0D1E/bucket",
		"payments-example-velero-us-east-1",
	)])
	count(rule.deny) == 0 with input as app
}

test_compliant_access_log_bucket_needs_no_logging if {
	count(rule.deny) == 0 with input as fx.app
}

test_compliant_plan if {
	count(rule.deny) == 0 with input as fx.standby_plan
}
