package warm_standby.rules.dated.facts_passed_test

import data.warm_standby.rules.dated.facts_passed as rule
import data.warm_standby.test_fixtures as fx

_loader := "aws_lambda_function.Feed_Loader_9A0B1C2D"

_cluster := "aws_eks_cluster.Eks_Cluster_5E1C0B2A"

_velero := "helm_release.Backup_Velero_0D1E2F3A"

_row(kind, subject, date) := {
	"id": concat("-", [kind, subject]), "kind": kind, "subject": subject, "effect": "stops",
	"date": date, "source": "https://example.test/source", "checked": "2026-12-03",
}

_table := {"warning_days": 90, "facts": [
	_row("lambda_runtime", "nodejs20.x", "2026-08-31"),
	_row("eks_version", "1.34", "2026-12-02"),
	object.union(_row("helm_chart", "velero", "2026-01-27"), {"versions_below": "12.0.0", "kubernetes_from": "1.35"}),
]}

# The fixture's Velero chart (10.1.3) is below 12.0.0; the compliant app moves it.
_app_ok := fx.patch_stack(
	fx.patch_stack(fx.app, "example-primary", [fx.replace("/resource/helm_release/Backup_Velero_0D1E2F3A/version", "12.0.3")]),
	"example-standby", [fx.replace("/resource/helm_release/Backup_Velero_B8C9D0E1/version", "12.0.3")],
)

test_noncompliant_1_runtime_blocked if {
	app := fx.patch_stack(_app_ok, "example-primary", [fx.add("/resource/aws_lambda_function/Feed_Loader_9A0B1C2D/runtime", "nodejs20.x")])
	findings := rule.deny with input as app with data.dated_facts as _table with data.params as {"today": "2026-12-03"}
	fx.one_finding(findings, "example-primary", _loader)
	fx.finding_with(findings, "example-primary", _loader, "since 2026-08-31")
}

test_noncompliant_2_eks_out_of_standard_support if {
	app := fx.patch_stack(_app_ok, "example-primary", [fx.replace("/resource/aws_eks_cluster/Eks_Cluster_5E1C0B2A/version", "1.34")])
	fx.one_finding(rule.deny, "example-primary", _cluster) with input as app with data.dated_facts as _table with data.params as {"today": "2026-12-03"}
}

test_noncompliant_3_chart_broken_on_cluster_minor if {
	app := fx.patch_stack(_app_ok, "example-primary", [fx.replace("/resource/helm_release/Backup_Velero_0D1E2F3A/version", "10.1.3")])
	fx.one_finding(rule.deny, "example-primary", _velero) with input as app with data.dated_facts as _table with data.params as {"today": "2026-12-03"}
}

test_noncompliant_4_today_from_table_when_not_given if {
	app := fx.patch_stack(_app_ok, "example-primary", [fx.add("/resource/aws_lambda_function/Feed_Loader_9A0B1C2D/runtime", "nodejs20.x")])
	fx.one_finding(rule.deny, "example-primary", _loader) with input as app with data.dated_facts as _table
}

test_compliant_before_the_date if {
	app := fx.patch_stack(_app_ok, "example-primary", [fx.add("/resource/aws_lambda_function/Feed_Loader_9A0B1C2D/runtime", "nodejs20.x")])
	count(rule.deny) == 0 with input as app with data.dated_facts as _table with data.params as {"today": "2026-08-30"}
}

test_compliant_app if {
	count(rule.deny) == 0 with input as _app_ok with data.dated_facts as _table with data.params as {"today": "2026-12-03"}
}
