package warm_standby.rules.backup.velero_both_regions_test

import data.warm_standby.rules.backup.velero_both_regions as rule
import data.warm_standby.test_fixtures as fx

test_noncompliant_1_no_standby_release if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.remove("/resource/helm_release")])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-standby", "helm_release")
	fx.finding_with(findings, "example-standby", "helm_release", "no Velero release in the standby Region us-west-2")
}

test_noncompliant_2_primary_release_is_another_chart if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace("/resource/helm_release/Backup_Velero_0D1E2F3A/chart", "ingress-nginx")])
	fx.one_finding(rule.deny, "example-primary", "helm_release") with input as app
}

test_noncompliant_3_neither_region if {
	app := fx.patch_stack(
		fx.patch_stack(fx.app, "example-primary", [fx.remove("/resource/helm_release")]),
		"example-standby", [fx.remove("/resource/helm_release")],
	)
	count(rule.deny) == 2 with input as app
}

test_compliant_app if {
	count(rule.deny) == 0 with input as fx.app
}

test_compliant_repository_qualified_chart if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.replace("/resource/helm_release/Backup_Velero_B8C9D0E1/chart", "vmware-tanzu/velero")])
	count(rule.deny) == 0 with input as app
}
