package warm_standby.rules.backup.schedule_not_immediate_test

import data.warm_standby.rules.backup.schedule_not_immediate as rule
import data.warm_standby.test_fixtures as fx

_velero := "helm_release.Backup_Velero_0D1E2F3A"

_primary_set := fx.primary_config.resource.helm_release.Backup_Velero_0D1E2F3A.set

_with_set(entries) := fx.patch_stack(fx.app, "example-primary", [fx.replace("/resource/helm_release/Backup_Velero_0D1E2F3A/set", entries)])

_without(name) := [e | some e in _primary_set; e.name != name]

test_noncompliant_1_schedule_runs_at_once if {
	findings := rule.deny with input as _with_set(_without("schedules.hourly.skipImmediately"))
	fx.one_finding(findings, "example-primary", _velero)
	fx.finding_with(findings, "example-primary", _velero, "Velero schedule hourly backs up as soon as it is installed")
}

test_noncompliant_2_skip_immediately_false if {
	entries := array.concat(_without("schedules.hourly.skipImmediately"), [{"name": "schedules.hourly.skipImmediately", "value": "false"}])
	fx.one_finding(rule.deny, "example-primary", _velero) with input as _with_set(entries)
}

test_noncompliant_3_second_schedule_unguarded if {
	entries := array.concat(_primary_set, [{"name": "schedules.daily.schedule", "value": "0 0 * * *"}])
	findings := rule.deny with input as _with_set(entries)
	fx.one_finding(findings, "example-primary", _velero)
	fx.finding_with(findings, "example-primary", _velero, "schedule daily")
}

_with_values(entries, yaml_text) := fx.patch_stack(_with_set(entries), "example-primary", [fx.add("/resource/helm_release/Backup_Velero_0D1E2F3A/values", [yaml_text])])

test_noncompliant_4_schedule_in_values_yaml if {
	findings := rule.deny with input as _with_values(_primary_set, "schedules:\n  nightly:\n    schedule: 0 1 * * *\n")
	fx.one_finding(findings, "example-primary", _velero)
	fx.finding_with(findings, "example-primary", _velero, "schedule nightly")
}

test_noncompliant_5_set_entry_false_overrides_values if {
	entries := array.concat(_without("schedules.hourly.skipImmediately"), [{"name": "schedules.hourly.skipImmediately", "value": "false"}])
	fx.one_finding(rule.deny, "example-primary", _velero) with input as _with_values(entries, "schedules:\n  hourly:\n    skipImmediately: true\n")
}

test_compliant_values_yaml_skips_immediately if {
	entries := _without("schedules.hourly.skipImmediately")
	count(rule.deny) == 0 with input as _with_values(entries, "schedules:\n  hourly:\n    skipImmediately: true\n")
}

test_compliant if {
	count(rule.deny) == 0 with input as fx.app
	count(rule.deny) == 0 with input as fx.failover_app
	paused := array.concat(_without("schedules.hourly.skipImmediately"), [{"name": "schedules.hourly.paused", "value": "true"}])
	count(rule.deny) == 0 with input as _with_set(paused)
}
