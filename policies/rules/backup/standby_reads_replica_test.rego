package warm_standby.rules.backup.standby_reads_replica_test

import data.warm_standby.rules.backup.standby_reads_replica as rule
import data.warm_standby.test_fixtures as fx

_release := "helm_release.Backup_Velero_B8C9D0E1"

_set := "/resource/helm_release/Backup_Velero_B8C9D0E1/set"

test_noncompliant_1_reads_a_bucket_that_is_not_the_replica if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.replace(concat("", [_set, "/0/value"]), "payments-example-other")])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-standby", _release)
	fx.finding_with(findings, "example-standby", _release, "reads payments-example-other, which is not a replication destination of the primary backup bucket (payments-example-velero-us-west-2)")
}

test_noncompliant_2_storage_location_in_the_primary_region if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.replace(concat("", [_set, "/1/value"]), "us-east-1")])
	fx.finding_with(rule.deny, "example-standby", _release, "configured for Region us-east-1") with input as app
}

test_noncompliant_3_no_storage_location if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.replace(_set, [])])
	fx.finding_with(rule.deny, "example-standby", _release, "reads none") with input as app
}

test_noncompliant_4_replication_removed if {
	app := fx.patch_stack(fx.app, "example-replication", [fx.remove("/resource/aws_s3_bucket_replication_configuration")])
	fx.finding_with(rule.deny, "example-standby", _release, "primary backup bucket (none)") with input as app
}

test_compliant_app if {
	count(rule.deny) == 0 with input as fx.app
}

test_compliant_second_storage_location if {
	app := fx.patch_stack(fx.app, "example-standby", [
		fx.replace(concat("", [_set, "/0/value"]), "payments-example-other"),
		fx.add(concat("", [_set, "/-"]), {"name": "configuration.backupStorageLocation[1].bucket", "value": "payments-example-velero-us-west-2"}),
	])
	count(rule.deny) == 0 with input as app
}
