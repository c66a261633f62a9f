package warm_standby.rules.backup.bucket_versioning_test

import data.warm_standby.rules.backup.bucket_versioning as rule
import data.warm_standby.test_fixtures as fx

test_noncompliant_1_primary_bucket_without_versioning if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.remove("/resource/aws_s3_bucket_versioning")])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-primary", "aws_s3_bucket.Backup_Bucket_8B9C0D1E")
	fx.finding_with(findings, "example-primary", "aws_s3_bucket.Backup_Bucket_8B9C0D1E", "payments-example-velero-us-east-1")
}

test_noncompliant_2_standby_versioning_suspended if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.replace("/resource/aws_s3_bucket_versioning/Backup_Versioning_A7B8C9D0/versioning_configuration/status", "Suspended")])
	fx.one_finding(rule.deny, "example-standby", "aws_s3_bucket.Backup_Bucket_F6A7B8C9") with input as app
}

test_noncompliant_3_untagged_bucket_velero_stores_to if {
	app := fx.patch_stack(
		fx.add_resources(fx.app, "example-standby", "aws_s3_bucket", {"Backup_Other_1": {"bucket": "payments-example-other"}}),
		"example-standby", [fx.replace("/resource/helm_release/Backup_Velero_B8C9D0E1/set/0/value", "payments-example-other")],
	)
	fx.one_finding(rule.deny, "example-standby", "aws_s3_bucket.Backup_Other_1") with input as app
}

test_noncompliant_4_versioning_of_another_bucket if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace("/resource/aws_s3_bucket_versioning/Backup_Versioning_9C0D1E2F/bucket", "payments-example-logs")])
	fx.one_finding(rule.deny, "example-primary", "aws_s3_bucket.Backup_Bucket_8B9C0D1E") with input as app
}

test_noncompliant_5_plan_without_versioning_reference if {
	plan := fx.patch_plan_config(fx.standby_plan, "aws_s3_bucket_versioning.Backup_Versioning_A7B8C9D0", [fx.remove("/expressions/bucket")])
	fx.one_finding(rule.deny, "example-standby", "aws_s3_bucket.Backup_Bucket_F6A7B8C9") with input as plan
	fx.one_finding(rule.deny, "warm-standby-example-standby", "aws_s3_bucket.Backup_Bucket_F6A7B8C9") with input as fx.hcp(plan)
}

test_compliant_app if {
	count(rule.deny) == 0 with input as fx.app
}

test_compliant_plan if {
	count(rule.deny) == 0 with input as fx.standby_plan
	count(rule.deny) == 0 with input as fx.hcp(fx.standby_plan)
}

test_compliant_versioning_by_bucket_name if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace("/resource/aws_s3_bucket_versioning/Backup_Versioning_9C0D1E2F/bucket", "payments-example-velero-us-east-1")])
	count(rule.deny) == 0 with input as app
}

test_compliant_inline_versioning if {
	app := fx.patch_stack(fx.app, "example-primary", [
		fx.remove("/resource/aws_s3_bucket_versioning"),
		fx.add("/resource/aws_s3_bucket/Backup_Bucket_8B9C0D1E/versioning", {"enabled": true}),
	])
	count(rule.deny) == 0 with input as app
}
