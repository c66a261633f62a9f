package warm_standby.rules.backup.replica_follows_deletes_test

import data.warm_standby.rules.backup.replica_follows_deletes as rule
import data.warm_standby.test_fixtures as fx

_config := "aws_s3_bucket_replication_configuration.Replication_BackupBucket_A9B0C1D2"

_standby_bucket := "aws_s3_bucket.Backup_Bucket_F6A7B8C9"

_lifecycle_rule := "/resource/aws_s3_bucket_lifecycle_configuration/Backup_Lifecycle_C3D4E5F6/rule/0"

test_noncompliant_1_delete_markers_not_replicated if {
	app := fx.patch_stack(fx.app, "example-replication", [fx.replace(
		"/resource/aws_s3_bucket_replication_configuration/Replication_BackupBucket_A9B0C1D2/rule/0/delete_marker_replication",
		{"status": "Disabled"},
	)])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-replication", _config)
	fx.finding_with(findings, "example-replication", _config, "replication rule velero-to-standby of backup bucket payments-example-velero-us-east-1 does not replicate delete markers")
}

test_noncompliant_2_delete_marker_replication_missing if {
	app := fx.patch_stack(fx.app, "example-replication", [fx.remove("/resource/aws_s3_bucket_replication_configuration/Replication_BackupBucket_A9B0C1D2/rule/0/delete_marker_replication")])
	fx.one_finding(rule.deny, "example-replication", _config) with input as app
}

test_noncompliant_3_standby_without_lifecycle if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.remove("/resource/aws_s3_bucket_lifecycle_configuration")])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-standby", _standby_bucket)
	fx.finding_with(findings, "example-standby", _standby_bucket, "payments-example-velero-us-west-2")
}

test_noncompliant_4_noncurrent_versions_kept if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.remove(concat("", [_lifecycle_rule, "/noncurrent_version_expiration"]))])
	fx.one_finding(rule.deny, "example-standby", _standby_bucket) with input as app
}

test_noncompliant_5_expired_delete_markers_kept if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.replace(concat("", [_lifecycle_rule, "/expiration"]), [{"expired_object_delete_marker": false}])])
	fx.one_finding(rule.deny, "example-standby", _standby_bucket) with input as app
}

test_noncompliant_6_lifecycle_rule_disabled if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.replace(concat("", [_lifecycle_rule, "/status"]), "Disabled")])
	fx.one_finding(rule.deny, "example-standby", _standby_bucket) with input as app
}

test_compliant_replicated_deletes_and_expiring_replica if {
	count(rule.deny) == 0 with input as fx.app
}

test_compliant_lifecycle_by_literal_name if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.replace(
		"/resource/aws_s3_bucket_lifecycle_configuration/Backup_Lifecycle_C3D4E5F6/bucket",
		"payments-example-velero-us-west-2",
	)])
	count(rule.deny) == 0 with input as app
}
