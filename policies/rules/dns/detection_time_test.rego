package warm_standby.rules.dns.detection_time_test

import data.warm_standby.rules.dns.detection_time as rule
import data.warm_standby.test_fixtures as fx

_record := "aws_route53_record.Dns_PrimaryRecord_2B3C4D5E"

_hc_path := "/resource/aws_route53_health_check/Dns_HealthCheck_1F0C2A3B"

_record_path := "/resource/aws_route53_record/Dns_PrimaryRecord_2B3C4D5E"

test_noncompliant_1_slow_health_check if {
	app := fx.patch_stack(fx.app, "example-primary", [
		fx.replace(concat("", [_hc_path, "/request_interval"]), 30),
		fx.replace(concat("", [_hc_path, "/failure_threshold"]), 5),
	])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-primary", _record)
	fx.finding_with(findings, "example-primary", _record, "up to 210 s")
}

test_noncompliant_2_long_ttl if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace(concat("", [_record_path, "/ttl"]), 300)])
	fx.finding_with(rule.deny, "example-primary", _record, "up to 330 s") with input as app
}

test_noncompliant_3_tighter_target_parameter if {
	findings := rule.deny with input as fx.app with data.params as {"max_dns_detection_seconds": 60}
	fx.one_finding(findings, "example-primary", _record)
	fx.finding_with(findings, "example-primary", _record, "above the 60 s target")
}

test_noncompliant_4_health_check_defaults if {
	app := fx.patch_stack(fx.app, "example-primary", [
		fx.remove(concat("", [_hc_path, "/request_interval"])),
		fx.remove(concat("", [_hc_path, "/failure_threshold"])),
		fx.replace(concat("", [_record_path, "/ttl"]), 120),
	])

	# 30 s x 3 failures + 120 s TTL
	fx.finding_with(rule.deny, "example-primary", _record, "up to 210 s") with input as app
}

test_noncompliant_5_alias_record_counted_with_60s if {
	app := fx.patch_stack(fx.app, "example-primary", [
		fx.remove(concat("", [_record_path, "/ttl"])),
		fx.remove(concat("", [_record_path, "/records"])),
		fx.add(concat("", [_record_path, "/alias"]), {"name": "lb.example.com", "zone_id": "Z35SXDOTRQ7X7K", "evaluate_target_health": true}),
		fx.replace(concat("", [_hc_path, "/fqdn"]), "lb.example.com."),
		fx.replace(concat("", [_hc_path, "/request_interval"]), 30),
		fx.replace(concat("", [_hc_path, "/failure_threshold"]), 5),
	])
	fx.finding_with(rule.deny, "example-primary", _record, "plus 60 s TTL") with input as app
}

test_noncompliant_6_plan if {
	plan := fx.patch_plan_values(fx.primary_plan, _record, [fx.replace("/ttl", 200)])
	fx.one_finding(rule.deny, "example-primary", _record) with input as plan
	fx.one_finding(rule.deny, "warm-standby-example-primary", _record) with input as fx.hcp(plan)
}

test_noncompliant_7_switch_without_endpoint_check if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace(concat("", [_hc_path, "/fqdn"]), "elsewhere.example.com")])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-primary", _record)
	fx.finding_with(findings, "example-primary", _record, "no endpoint health check in this stack probes its target (pay-use1.example.com)")
}

test_noncompliant_8_record_on_its_endpoint_check if {
	# No operator switch (dns.switch kind "endpoint"): the record's own check is measured.
	app := fx.patch_stack(fx.app, "example-primary", [
		fx.replace(concat("", [_record_path, "/health_check_id"]), "${aws_route53_health_check.Dns_HealthCheck_1F0C2A3B.id}"),
		fx.replace(concat("", [_hc_path, "/request_interval"]), 30),
		fx.replace(concat("", [_hc_path, "/failure_threshold"]), 5),
	])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-primary", _record)
	fx.finding_with(findings, "example-primary", _record, "up to 210 s to detect (health check aws_route53_health_check.Dns_HealthCheck_1F0C2A3B: 30 s interval x 5 failures, plus 60 s TTL)")
}

test_noncompliant_9_switch_message_names_the_paging_check if {
	app := fx.patch_stack(fx.app, "example-primary", [
		fx.replace(concat("", [_hc_path, "/request_interval"]), 30),
		fx.replace(concat("", [_hc_path, "/failure_threshold"]), 5),
	])
	fx.finding_with(rule.deny, "example-primary", _record, "endpoint health check aws_route53_health_check.Dns_HealthCheck_1F0C2A3B pages the operator: 30 s interval x 5 failures, plus 60 s TTL once operator switch aws_route53_health_check.Dns_Switch_9A8B7C6D is flipped") with input as app
}

test_compliant_app if {
	count(rule.deny) == 0 with input as fx.app
}

test_compliant_plan if {
	count(rule.deny) == 0 with input as fx.primary_plan
}

test_compliant_at_the_limit if {
	# 10 s x 3 + 150 s = 180 s
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace(concat("", [_record_path, "/ttl"]), 150)])
	count(rule.deny) == 0 with input as app
}

test_compliant_looser_target_parameter if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace(concat("", [_record_path, "/ttl"]), 300)])
	count(rule.deny) == 0 with input as app with data.params as {"max_dns_detection_seconds": 400}
}
