package warm_standby.rules.dns.primary_health_check_test

import data.warm_standby.rules.dns.primary_health_check as rule
import data.warm_standby.test_fixtures as fx

_record := "aws_route53_record.Dns_PrimaryRecord_2B3C4D5E"

_plan_without_health_check := fx.patch_plan_config(fx.primary_plan, _record, [fx.remove("/expressions/health_check_id")])

test_noncompliant_1_app_record_without_health_check if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.remove("/resource/aws_route53_record/Dns_PrimaryRecord_2B3C4D5E/health_check_id")])
	fx.one_finding(rule.deny, "example-primary", _record) with input as app
}

test_noncompliant_2_plan_record_without_health_check if {
	fx.one_finding(rule.deny, "example-primary", _record) with input as _plan_without_health_check
}

test_noncompliant_3_hcp_record_without_health_check if {
	fx.one_finding(rule.deny, "warm-standby-example-primary", _record) with input as fx.hcp(_plan_without_health_check)
}

test_noncompliant_4_health_check_id_empty if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace("/resource/aws_route53_record/Dns_PrimaryRecord_2B3C4D5E/health_check_id", "")])
	fx.one_finding(rule.deny, "example-primary", _record) with input as app
}

test_noncompliant_5_health_check_id_from_a_variable if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace("/resource/aws_route53_record/Dns_PrimaryRecord_2B3C4D5E/health_check_id", "${var.health_check_id}")])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-primary", _record)
	fx.finding_with(findings, "example-primary", _record, "is ${var.health_check_id}, which names no health check")
}

test_compliant_app if {
	count(rule.deny) == 0 with input as fx.app
}

test_compliant_plan_reference if {
	count(rule.deny) == 0 with input as fx.primary_plan
	count(rule.deny) == 0 with input as fx.hcp(fx.primary_plan)
}

test_compliant_literal_health_check_id if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace("/resource/aws_route53_record/Dns_PrimaryRecord_2B3C4D5E/health_check_id", "abcdef01-2345-6789-abcd-ef0123456789")])
	count(rule.deny) == 0 with input as app
}

test_noncompliant_6_plan_health_check_planned_null if {
	plan := fx.patch_plan_values(fx.primary_plan, _record, [fx.add("/health_check_id", null)])
	fx.one_finding(rule.deny, "example-primary", _record) with input as plan
}
