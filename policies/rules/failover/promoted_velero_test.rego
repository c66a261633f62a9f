package warm_standby.rules.failover.promoted_velero_test

import data.warm_standby.rules.failover.promoted_velero as rule
import data.warm_standby.test_fixtures as fx

_velero := "helm_release.Backup_Velero_B8C9D0E1"

_restore := "kubernetes_manifest.VeleroRestore_DF94FDD9"

_set(entries) := fx.patch_failover([fx.replace("/resource/helm_release/Backup_Velero_B8C9D0E1/set", entries)])

test_noncompliant_1_read_only_location if {
	entries := [object.union(e, {"value": "ReadOnly"}) | some e in fx.promoted_velero_set; endswith(e.name, "accessMode")]
	others := [e | some e in fx.promoted_velero_set; not endswith(e.name, "accessMode")]
	findings := rule.deny with input as _set(array.concat(others, entries))
	fx.one_finding(findings, "example-standby", _velero)
	fx.finding_with(findings, "example-standby", _velero, "not ReadWrite")
}

test_noncompliant_2_no_schedule if {
	entries := [e | some e in fx.promoted_velero_set; not startswith(e.name, "schedules.")]
	findings := rule.deny with input as _set(entries)
	fx.one_finding(findings, "example-standby", _velero)
	fx.finding_with(findings, "example-standby", _velero, "has no schedule")
}

test_noncompliant_3_restore_waits_for_completed_only if {
	app := fx.patch_failover([
		fx.remove("/resource/kubernetes_manifest/VeleroRestore_DF94FDD9/wait"),
		fx.add("/resource/kubernetes_manifest/VeleroRestore_DF94FDD9/wait_for", {"fields": {"status.phase": "Completed"}}),
	])
	findings := rule.deny with input as app
	count(findings) == 2
	fx.finding_with(findings, "example-standby", _restore, "does not accept PartiallyFailed")
	fx.finding_with(findings, "example-standby", _restore, "does not accept Failed")
}

test_noncompliant_4_restore_without_wait if {
	app := fx.patch_failover([fx.remove("/resource/kubernetes_manifest/VeleroRestore_DF94FDD9/wait")])
	count(rule.deny) == 3 with input as app
}

test_noncompliant_5_plan_standby_read_only if {
	items := [_read_only(i) | some i in fx.failover_plan_items]
	plan := fx.plan(fx.failover_metadata, "us-west-2", items, {})
	fx.one_finding(rule.deny, "example-standby", _velero) with input as plan
}

_read_only(i) := object.union(i, {"values": object.union(i.values, {"set": [{"name": "configuration.backupStorageLocation[0].accessMode", "value": "ReadOnly", "type": ""}, {"name": "schedules.x.schedule", "value": "0 * * * *", "type": ""}]})}) if {
	i.type == "helm_release"
} else := i

test_compliant if {
	count(rule.deny) == 0 with input as fx.failover_app
	count(rule.deny) == 0 with input as fx.failover_plan
}
