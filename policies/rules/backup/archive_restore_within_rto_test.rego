package warm_standby.rules.backup.archive_restore_within_rto_test

import data.warm_standby.rules.backup.archive_restore_within_rto as rule
import data.warm_standby.test_fixtures as fx

_primary_ref := "${aws_s3_bucket.Backup_Bucket_8B9C0D1E.id}"

_address := "aws_s3_bucket_lifecycle_configuration.Backup_Lifecycle_1"

# The restore hours the bundle carries (policies/lib/dated_facts/data.json).
_facts := {"s3_archive_restore": {"hours": {"GLACIER": 5, "DEEP_ARCHIVE": 12}}}

_with_lifecycle(stack, bucket, rules) := fx.add_resources(fx.app, stack, "aws_s3_bucket_lifecycle_configuration", {"Backup_Lifecycle_1": {"bucket": bucket, "rule": rules}})

_archive_rule(class) := {"id": "archive", "status": "Enabled", "filter": [{"prefix": ""}], "transition": [{"days": 30, "storage_class": class}]}

test_noncompliant_1_glacier_on_the_primary if {
	app := _with_lifecycle("example-primary", _primary_ref, [_archive_rule("GLACIER")])
	findings := rule.deny with input as app with data.dated_facts as _facts
	fx.one_finding(findings, "example-primary", _address)
	fx.finding_with(findings, "example-primary", _address, "lifecycle rule archive moves current objects of the Velero backup bucket payments-example-velero-us-east-1 to GLACIER, which takes about 5 h to restore (Standard retrieval), longer than the RTO of 3600 s")
}

test_noncompliant_2_deep_archive_on_the_standby_replica_by_name if {
	app := _with_lifecycle("example-standby", "payments-example-velero-us-west-2", [_archive_rule("DEEP_ARCHIVE")])
	findings := rule.deny with input as app with data.dated_facts as _facts
	fx.finding_with(findings, "example-standby", _address, "to DEEP_ARCHIVE, which takes about 12 h")
}

test_noncompliant_3_inline_lifecycle_rule if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.add(
		"/resource/aws_s3_bucket/Backup_Bucket_8B9C0D1E/lifecycle_rule",
		[{"id": "old", "enabled": true, "transition": [{"days": 90, "storage_class": "GLACIER"}]}],
	)])
	fx.one_finding(rule.deny, "example-primary", "aws_s3_bucket.Backup_Bucket_8B9C0D1E") with input as app with data.dated_facts as _facts
}

test_noncompliant_4_glacier_with_a_long_rto_passes_deep_archive_does_not if {
	app := fx.patch_stack(
		_with_lifecycle("example-primary", _primary_ref, [_archive_rule("GLACIER"), object.union(_archive_rule("DEEP_ARCHIVE"), {"id": "deep"})]),
		"example-primary",
		[fx.replace("/output/warm_standby_stack/value/objectives/rto_seconds", 6 * 3600)],
	)
	findings := rule.deny with input as app with data.dated_facts as _facts
	fx.one_finding(findings, "example-primary", _address)
	fx.finding_with(findings, "example-primary", _address, "lifecycle rule deep")
}

test_compliant_instant_and_infrequent_classes_and_noncurrent if {
	app := _with_lifecycle("example-primary", _primary_ref, [
		_archive_rule("GLACIER_IR"),
		_archive_rule("STANDARD_IA"),
		{"id": "old-versions", "status": "Enabled", "noncurrent_version_transition": [{"noncurrent_days": 30, "storage_class": "DEEP_ARCHIVE"}]},
		object.union(_archive_rule("GLACIER"), {"status": "Disabled"}),
	])
	count(rule.deny) == 0 with input as app with data.dated_facts as _facts
}

test_compliant_other_buckets if {
	app := _with_lifecycle("example-primary", "some-other-bucket", [_archive_rule("GLACIER")])
	count(rule.deny) == 0 with input as app with data.dated_facts as _facts
}

test_compliant if {
	count(rule.deny) == 0 with input as fx.app with data.dated_facts as _facts
	count(rule.deny) == 0 with input as fx.standby_plan with data.dated_facts as _facts
}
