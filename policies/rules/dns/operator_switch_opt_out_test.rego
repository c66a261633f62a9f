package warm_standby.rules.dns.operator_switch_opt_out_test

import data.warm_standby.rules.dns.operator_switch_opt_out as rule
import data.warm_standby.test_fixtures as fx

_record := "aws_route53_record.Dns_PrimaryRecord_2B3C4D5E"

_record_path := "/resource/aws_route53_record/Dns_PrimaryRecord_2B3C4D5E"

_hc_path := "/resource/aws_route53_health_check/Dns_HealthCheck_1F0C2A3B"

_reason := "read-only catalogue: no writes to split"

_on_endpoint_check := fx.replace(concat("", [_record_path, "/health_check_id"]), "${aws_route53_health_check.Dns_HealthCheck_1F0C2A3B.id}")

test_noncompliant_1_opted_out_record_is_reported_with_its_reason if {
	app := fx.patch_stack(fx.app, "example-primary", [_on_endpoint_check, fx.add(concat("", [_hc_path, "/tags"]), {"warm-standby/dns-switch-opt-out": _reason})])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-primary", _record)
	fx.finding_with(findings, "example-primary", _record, concat("", ["opted out because: ", _reason]))
}

test_noncompliant_2_plan if {
	plan := fx.patch_plan_values(fx.primary_plan, "aws_route53_health_check.Dns_HealthCheck_1F0C2A3B", [fx.add("/tags_all", {"warm-standby/dns-switch-opt-out": _reason})])
	fx.one_finding(rule.deny, "example-primary", _record) with input as plan
}

test_compliant_app if {
	count(rule.deny) == 0 with input as fx.app
}

test_compliant_short_reason_is_not_an_opt_out if {
	# WS-DNS-004 reports it instead.
	app := fx.patch_stack(fx.app, "example-primary", [_on_endpoint_check, fx.add(concat("", [_hc_path, "/tags"]), {"warm-standby/dns-switch-opt-out": "legacy"})])
	count(rule.deny) == 0 with input as app
}

test_compliant_plan_without_opt_out if {
	count(rule.deny) == 0 with input as fx.primary_plan
}
