package warm_standby.rules.failover.restore_scope_test

import data.warm_standby.rules.failover.restore_scope as rule
import data.warm_standby.test_fixtures as fx

_restore := "kubernetes_manifest.VeleroRestore_DF94FDD9"

_spec := "/resource/kubernetes_manifest/VeleroRestore_DF94FDD9/manifest/spec"

test_noncompliant_1_all_namespaces if {
	app := fx.patch_stack(fx.failover_app, "example-standby", [fx.remove(concat("", [_spec, "/includedNamespaces"]))])
	fx.finding_with(rule.deny, "example-standby", _restore, "names no includedNamespaces") with input as app
}

test_noncompliant_2_platform_namespace if {
	app := fx.patch_stack(fx.failover_app, "example-standby", [fx.replace(concat("", [_spec, "/includedNamespaces"]), ["payments", "velero"])])
	fx.finding_with(rule.deny, "example-standby", _restore, "includes namespace velero") with input as app
}

test_noncompliant_3_wildcard if {
	app := fx.patch_stack(fx.failover_app, "example-standby", [fx.replace(concat("", [_spec, "/includedNamespaces"]), ["*"])])
	fx.finding_with(rule.deny, "example-standby", _restore, "includes namespace *") with input as app
}

test_noncompliant_4_schedules_not_excluded if {
	app := fx.patch_stack(fx.failover_app, "example-standby", [fx.remove(concat("", [_spec, "/excludedResources"]))])
	fx.finding_with(rule.deny, "example-standby", _restore, "does not exclude schedules.velero.io") with input as app
}

test_compliant if {
	count(rule.deny) == 0 with input as fx.failover_app
}
