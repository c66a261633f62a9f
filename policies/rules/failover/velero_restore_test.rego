package warm_standby.rules.failover.velero_restore_test

import data.warm_standby.rules.failover.velero_restore as rule
import data.warm_standby.test_fixtures as fx

_restore := "kubernetes_manifest.VeleroRestore_DF94FDD9"

test_noncompliant_1_no_restore if {
	app := fx.patch_failover([fx.remove("/resource/kubernetes_manifest")])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-standby", "kubernetes_manifest")
	fx.finding_with(findings, "example-standby", "kubernetes_manifest", "has no Velero Restore")
}

test_noncompliant_2_restore_names_nothing if {
	app := fx.patch_failover([fx.remove("/resource/kubernetes_manifest/VeleroRestore_DF94FDD9/manifest/spec/scheduleName")])
	fx.one_finding(rule.deny, "example-standby", _restore) with input as app
}

test_noncompliant_3_another_kind_is_no_restore if {
	app := fx.patch_failover([fx.replace("/resource/kubernetes_manifest/VeleroRestore_DF94FDD9/manifest/kind", "Backup")])
	fx.one_finding(rule.deny, "example-standby", "kubernetes_manifest") with input as app
}

test_noncompliant_4_plan_without_restore if {
	plan := fx.plan(fx.failover_metadata, "us-west-2", [i | some i in fx.failover_plan_items; i.type != "kubernetes_manifest"], {})
	fx.one_finding(rule.deny, "example-standby", "kubernetes_manifest") with input as plan
}

test_compliant if {
	count(rule.deny) == 0 with input as fx.failover_app
	count(rule.deny) == 0 with input as fx.failover_plan
}

test_compliant_backup_name if {
	app := fx.patch_failover([
		fx.remove("/resource/kubernetes_manifest/VeleroRestore_DF94FDD9/manifest/spec/scheduleName"),
		fx.add("/resource/kubernetes_manifest/VeleroRestore_DF94FDD9/manifest/spec/backupName", "velero-warm-standby-20250101000000"),
	])
	count(rule.deny) == 0 with input as app
}
