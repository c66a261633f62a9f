package warm_standby.rules.backup.lifecycle_keeps_repository_test

import data.warm_standby.rules.backup.lifecycle_keeps_repository as rule
import data.warm_standby.test_fixtures as fx

_primary_ref := "${aws_s3_bucket.Backup_Bucket_8B9C0D1E.id}"

_address := "aws_s3_bucket_lifecycle_configuration.Backup_Lifecycle_1"

# The compliant lifecycle the module writes: noncurrent versions and incomplete uploads only.
_safe_rule := {
	"id": "expire-noncurrent-versions",
	"status": "Enabled",
	"filter": [{"prefix": ""}],
	"noncurrent_version_expiration": [{"noncurrent_days": 7}],
	"abort_incomplete_multipart_upload": [{"days_after_initiation": 7}],
}

_with_lifecycle(stack, bucket, rules) := fx.add_resources(fx.app, stack, "aws_s3_bucket_lifecycle_configuration", {"Backup_Lifecycle_1": {"bucket": bucket, "rule": rules}})

test_noncompliant_1_whole_bucket_expiration if {
	app := _with_lifecycle("example-primary", _primary_ref, [object.union(_safe_rule, {"id": "expire-backups", "expiration": [{"days": 14}]})])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-primary", _address)
	fx.finding_with(findings, "example-primary", _address, "lifecycle rule expire-backups (prefix \"\") expires current objects of the Velero backup bucket payments-example-velero-us-east-1")
}

test_noncompliant_2_kopia_prefix_on_the_standby_replica_by_name if {
	app := _with_lifecycle("example-standby", "payments-example-velero-us-west-2", [{"id": "kopia", "status": "Enabled", "filter": [{"prefix": "kopia/"}], "expiration": [{"days": 30}]}])
	fx.one_finding(rule.deny, "example-standby", _address) with input as app
}

test_noncompliant_3_no_filter_and_a_date if {
	app := _with_lifecycle("example-primary", _primary_ref, [{"id": "all", "status": "Enabled", "expiration": [{"date": "2027-01-01T00:00:00Z"}]}])
	fx.one_finding(rule.deny, "example-primary", _address) with input as app
}

test_noncompliant_4_prefix_inside_the_repository if {
	app := _with_lifecycle("example-primary", _primary_ref, [{"id": "p", "status": "Enabled", "filter": [{"prefix": "restic/default"}], "expiration": [{"days": 5}]}])
	fx.one_finding(rule.deny, "example-primary", _address) with input as app
}

test_noncompliant_5_and_filter_with_size_only if {
	app := _with_lifecycle("example-primary", _primary_ref, [{"id": "big", "status": "Enabled", "filter": [{"and": [{"prefix": "", "object_size_greater_than": 1024}]}], "expiration": [{"days": 5}]}])
	fx.one_finding(rule.deny, "example-primary", _address) with input as app
}

test_noncompliant_6_repository_under_the_velero_prefix if {
	app := fx.patch_stack(
		_with_lifecycle("example-primary", _primary_ref, [{"id": "v", "status": "Enabled", "filter": [{"prefix": "cluster-a/"}], "expiration": [{"days": 5}]}]),
		"example-primary",
		[fx.add("/resource/helm_release/Backup_Velero_0D1E2F3A/set/-", {"name": "configuration.backupStorageLocation[0].prefix", "value": "cluster-a"})],
	)
	fx.one_finding(rule.deny, "example-primary", _address) with input as app
}

test_noncompliant_7_inline_lifecycle_rule if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.add(
		"/resource/aws_s3_bucket/Backup_Bucket_8B9C0D1E/lifecycle_rule",
		[{"id": "old", "enabled": true, "expiration": [{"days": 14}]}],
	)])
	fx.one_finding(rule.deny, "example-primary", "aws_s3_bucket.Backup_Bucket_8B9C0D1E") with input as app
}

test_noncompliant_8_plan_with_null_attributes if {
	plan := fx.plan(
		fx.standby_metadata, "us-west-2", array.concat(fx.standby_plan_items, [fx.item(
			"aws_s3_bucket_lifecycle_configuration", "Backup_Lifecycle_1",
			{"rule": [{"id": "x", "status": "Enabled", "prefix": null, "filter": [{"prefix": null, "tag": [], "and": []}], "expiration": [{"days": 14, "date": null, "expired_object_delete_marker": false}]}]},
			{"bucket": fx.ref("aws_s3_bucket.Backup_Bucket_F6A7B8C9", "id")},
		)]),
		{},
	)
	fx.one_finding(rule.deny, "example-standby", _address) with input as plan
}

test_noncompliant_9_days_from_a_variable if {
	app := _with_lifecycle("example-primary", _primary_ref, [{"id": "v", "status": "Enabled", "expiration": [{"days": "${var.retention_days}"}]}])
	fx.one_finding(rule.deny, "example-primary", _address) with input as app
}

test_compliant_app if {
	count(rule.deny) == 0 with input as fx.app
}

test_compliant_noncurrent_versions_and_uploads_only if {
	count(rule.deny) == 0 with input as _with_lifecycle("example-primary", _primary_ref, [_safe_rule])
}

test_compliant_expired_delete_markers_only if {
	app := _with_lifecycle("example-primary", _primary_ref, [object.union(_safe_rule, {"expiration": [{"expired_object_delete_marker": true}]})])
	count(rule.deny) == 0 with input as app
}

test_compliant_backups_prefix_tagged_rule_disabled_rule_other_bucket if {
	app := fx.add_resources(
		_with_lifecycle("example-primary", _primary_ref, [
			{"id": "restores", "status": "Enabled", "filter": [{"prefix": "restores/"}], "expiration": [{"days": 30}]},
			{"id": "tagged", "status": "Enabled", "filter": [{"tag": [{"key": "tmp", "value": "1"}]}], "expiration": [{"days": 1}]},
			{"id": "off", "status": "Disabled", "filter": [{"prefix": ""}], "expiration": [{"days": 1}]},
		]),
		"example-primary", "aws_s3_bucket_lifecycle_configuration",
		{"Other_Lifecycle": {"bucket": "payments-example-logs", "rule": [{"id": "all", "status": "Enabled", "expiration": [{"days": 1}]}]}},
	)
	count(rule.deny) == 0 with input as app
}
