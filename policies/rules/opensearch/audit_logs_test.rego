package warm_standby.rules.opensearch.audit_logs_test

import data.warm_standby.rules.opensearch.audit_logs as rule
import data.warm_standby.test_fixtures as fx

_leader := "aws_opensearch_domain.Search_Domain_1E2F3A4B"

_follower := "aws_opensearch_domain.Search_Domain_C9D0E1F2"

_leader_options := "/resource/aws_opensearch_domain/Search_Domain_1E2F3A4B/log_publishing_options"

test_noncompliant_1_no_log_publishing if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.remove(_leader_options)])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-primary", _leader)
	fx.finding_with(findings, "example-primary", _leader, "publishes no audit logs")
}

test_noncompliant_2_only_slow_logs if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.replace(
		"/resource/aws_opensearch_domain/Search_Domain_C9D0E1F2/log_publishing_options",
		[{"log_type": "SEARCH_SLOW_LOGS", "cloudwatch_log_group_arn": "${aws_cloudwatch_log_group.Search_AuditLogGroup_6F7A8B9C.arn}"}],
	)])
	fx.one_finding(rule.deny, "example-standby", _follower) with input as app
}

test_noncompliant_3_audit_logs_disabled if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace(concat("", [_leader_options, "/0/enabled"]), false)])
	fx.finding_with(rule.deny, "example-primary", _leader, "publishes no audit logs") with input as app
}

test_noncompliant_4_group_kept_90_days if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace("/resource/aws_cloudwatch_log_group/Search_AuditLogGroup_2B3C4D5E/retention_in_days", 90)])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-primary", _leader)
	fx.finding_with(findings, "example-primary", _leader, "to aws_cloudwatch_log_group.Search_AuditLogGroup_2B3C4D5E (/aws/opensearch/domains/payments-example-use1/audit-logs), which keeps them 90 days; keep them at least 365 (PCI DSS 10.5.1, the environment's logging.retentionDays)")
}

test_noncompliant_5_literal_arn_of_a_short_group if {
	app := fx.patch_stack(fx.app, "example-primary", [
		fx.replace(concat("", [_leader_options, "/0/cloudwatch_log_group_arn"]), "arn:aws:logs:us-east-1:123456789012:log-group:/aws/opensearch/domains/payments-example-use1/audit-logs:*"),
		fx.replace("/resource/aws_cloudwatch_log_group/Search_AuditLogGroup_2B3C4D5E/retention_in_days", "30"),
	])
	fx.finding_with(rule.deny, "example-primary", _leader, "which keeps them 30 days") with input as app
}

test_noncompliant_6_group_outside_the_stack if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace(
		concat("", [_leader_options, "/0/cloudwatch_log_group_arn"]),
		"arn:aws:logs:us-east-1:123456789012:log-group:/shared/audit",
	)])
	fx.finding_with(rule.deny, "example-primary", _leader, "publishes its audit logs to arn:aws:logs:us-east-1:123456789012:log-group:/shared/audit, not a log group of this stack") with input as app
}

test_noncompliant_7_plan_group_kept_30_days if {
	i := [i | some i, r in fx.standby_plan.planned_values.root_module.resources; r.address == "aws_cloudwatch_log_group.Search_AuditLogGroup_6F7A8B9C"][0]
	plan := json.patch(fx.standby_plan, [fx.replace(sprintf("/planned_values/root_module/resources/%d/values/retention_in_days", [i]), 30)])
	fx.one_finding(rule.deny, "example-standby", _follower) with input as plan
}

test_noncompliant_8_environment_keeps_two_years if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace("/output/warm_standby_stack/value/audit_log_retention_days", 731)])
	fx.finding_with(rule.deny, "example-primary", _leader, "which keeps them 365 days; keep them at least 731") with input as app
}

test_noncompliant_9_environment_never_expires if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.replace("/output/warm_standby_stack/value/audit_log_retention_days", 0)])
	fx.finding_with(rule.deny, "example-standby", _follower, "which keeps them 365 days; keep them never to expire them") with input as app
}

test_compliant_app if {
	count(rule.deny) == 0 with input as fx.app
}

test_compliant_plan_group_known_by_reference_only if {
	count(rule.deny) == 0 with input as fx.standby_plan
}

test_compliant_below_the_minimum_the_minimum_holds if {
	# An environment cannot ask for less than 365 days (validation refuses it); a stack saying so still gets 365.
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace("/output/warm_standby_stack/value/audit_log_retention_days", 90)])
	count(rule.deny) == 0 with input as app
	fx.finding_with(rule.deny, "example-primary", _leader, "keep them at least 365") with input as fx.patch_stack(app, "example-primary", [fx.replace("/resource/aws_cloudwatch_log_group/Search_AuditLogGroup_2B3C4D5E/retention_in_days", 180)])
}

test_compliant_never_expires if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace("/resource/aws_cloudwatch_log_group/Search_AuditLogGroup_2B3C4D5E/retention_in_days", 0)])
	count(rule.deny) == 0 with input as app
}
