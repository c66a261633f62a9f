package warm_standby.rules.backup.bucket_replication_test

import data.warm_standby.rules.backup.bucket_replication as rule
import data.warm_standby.test_fixtures as fx

_bucket := "aws_s3_bucket.Backup_Bucket_8B9C0D1E"

_rule_path := "/resource/aws_s3_bucket_replication_configuration/Replication_BackupBucket_A9B0C1D2/rule/0"

test_noncompliant_1_no_replication_configuration if {
	app := fx.patch_stack(fx.app, "example-replication", [fx.remove("/resource/aws_s3_bucket_replication_configuration")])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-primary", _bucket)
	fx.finding_with(findings, "example-primary", _bucket, "no enabled S3 replication rule to a bucket in the standby Region us-west-2")
}

test_noncompliant_2_rule_disabled if {
	app := fx.patch_stack(fx.app, "example-replication", [fx.replace(concat("", [_rule_path, "/status"]), "Disabled")])
	fx.one_finding(rule.deny, "example-primary", _bucket) with input as app
}

test_noncompliant_3_destination_not_in_the_standby_region if {
	app := fx.patch_stack(fx.app, "example-replication", [fx.replace(concat("", [_rule_path, "/destination/bucket"]), "arn:aws:s3:::payments-example-archive")])
	fx.one_finding(rule.deny, "example-primary", _bucket) with input as app
}

test_noncompliant_4_replicates_another_bucket if {
	app := fx.patch_stack(fx.app, "example-replication", [fx.replace("/resource/aws_s3_bucket_replication_configuration/Replication_BackupBucket_A9B0C1D2/bucket", "payments-example-logs")])
	fx.one_finding(rule.deny, "example-primary", _bucket) with input as app
}

test_noncompliant_5_destination_is_a_primary_region_bucket if {
	app := fx.patch_stack(fx.app, "example-replication", [fx.replace(concat("", [_rule_path, "/destination/bucket"]), "arn:aws:s3:::payments-example-velero-us-east-1")])
	fx.one_finding(rule.deny, "example-primary", _bucket) with input as app
}

test_compliant_app if {
	count(rule.deny) == 0 with input as fx.app
}

test_compliant_configuration_in_the_primary_stack_by_reference if {
	app := fx.add_resources(
		fx.patch_stack(fx.app, "example-replication", [fx.remove("/resource/aws_s3_bucket_replication_configuration")]),
		"example-primary", "aws_s3_bucket_replication_configuration",
		{"Backup_Replication_1": {
			"bucket": "${aws_s3_bucket.Backup_Bucket_8B9C0D1E.id}",
			"role": "arn:aws:iam::123456789012:role/replication",
			"rule": [{"id": "all", "status": "Enabled", "destination": {"bucket": "arn:aws:s3:::payments-example-velero-us-west-2"}}],
		}},
	)
	count(rule.deny) == 0 with input as app
}

test_compliant_inline_replication_configuration if {
	app := fx.patch_stack(
		fx.patch_stack(fx.app, "example-replication", [fx.remove("/resource/aws_s3_bucket_replication_configuration")]),
		"example-primary",
		[fx.add("/resource/aws_s3_bucket/Backup_Bucket_8B9C0D1E/replication_configuration", {
			"role": "arn:aws:iam::123456789012:role/replication",
			"rules": [{"id": "all", "status": "Enabled", "destination": {"bucket": "arn:aws:s3:::payments-example-velero-us-west-2"}}],
		})],
	)
	count(rule.deny) == 0 with input as app
}
