package warm_standby.rules.dns.operator_switch_test

import data.warm_standby.rules.dns.operator_switch as rule
import data.warm_standby.test_fixtures as fx

_record := "aws_route53_record.Dns_PrimaryRecord_2B3C4D5E"

_record_path := "/resource/aws_route53_record/Dns_PrimaryRecord_2B3C4D5E"

_switch_path := "/resource/aws_route53_health_check/Dns_Switch_9A8B7C6D"

_hc_path := "/resource/aws_route53_health_check/Dns_HealthCheck_1F0C2A3B"

_on_endpoint_check := fx.replace(concat("", [_record_path, "/health_check_id"]), "${aws_route53_health_check.Dns_HealthCheck_1F0C2A3B.id}")

_on(address) := fx.replace(concat("", [_record_path, "/health_check_id"]), concat("", ["${", address, ".id}"]))

test_noncompliant_1_record_on_the_endpoint_check if {
	app := fx.patch_stack(fx.app, "example-primary", [_on_endpoint_check])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-primary", _record)
	fx.finding_with(findings, "example-primary", _record, "on health check aws_route53_health_check.Dns_HealthCheck_1F0C2A3B (type HTTPS), which no operator controls")
}

test_noncompliant_2_switch_not_disabled if {
	# An enabled CALCULATED check follows its child, the endpoint: automatic failover again.
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace(concat("", [_switch_path, "/disabled"]), false)])
	fx.finding_with(rule.deny, "example-primary", _record, "(type CALCULATED), which no operator controls") with input as app
}

test_noncompliant_3_switch_not_marked if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.remove(concat("", [_switch_path, "/tags"]))])
	fx.one_finding(rule.deny, "example-primary", _record) with input as app
}

test_noncompliant_4_parent_of_endpoint_and_switch if {
	# Children {endpoint, switch} with threshold 2: an endpoint blip still fails over.
	parent := {"Dns_Parent_0F0F0F0F": {
		"type": "CALCULATED",
		"child_healthchecks": [
			"${aws_route53_health_check.Dns_HealthCheck_1F0C2A3B.id}",
			"${aws_route53_health_check.Dns_Switch_9A8B7C6D.id}",
		],
		"child_health_threshold": 2,
	}}
	app := fx.patch_stack(
		fx.add_resources(fx.app, "example-primary", "aws_route53_health_check", parent),
		"example-primary", [_on("aws_route53_health_check.Dns_Parent_0F0F0F0F")],
	)
	fx.finding_with(rule.deny, "example-primary", _record, "Dns_Parent_0F0F0F0F (type CALCULATED)") with input as app
}

test_noncompliant_5_literal_health_check_id if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace(concat("", [_record_path, "/health_check_id"]), "abcdef01-2345-6789-abcd-ef0123456789")])
	fx.finding_with(rule.deny, "example-primary", _record, "not managed in this stack") with input as app
}

test_noncompliant_5b_health_check_id_from_a_variable if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace(concat("", [_record_path, "/health_check_id"]), "${var.switch_id}")])
	fx.finding_with(rule.deny, "example-primary", _record, "on health check ${var.switch_id}, which is not managed in this stack") with input as app
}

test_noncompliant_6_plan_and_hcp_record_on_the_endpoint_check if {
	fx.one_finding(rule.deny, "example-primary", _record) with input as fx.primary_plan
	fx.one_finding(rule.deny, "warm-standby-example-primary", _record) with input as fx.hcp(fx.primary_plan)
}

test_noncompliant_7_opt_out_reason_too_short if {
	app := fx.patch_stack(fx.app, "example-primary", [
		_on_endpoint_check,
		fx.add(concat("", [_hc_path, "/tags"]), {"warm-standby/dns-switch-opt-out": "legacy"}),
	])
	fx.one_finding(rule.deny, "example-primary", _record) with input as app
}

test_compliant_app_manual_switch if {
	count(rule.deny) == 0 with input as fx.app
}

test_compliant_recovery_control if {
	app := fx.patch_stack(fx.app, "example-primary", [
		fx.replace(concat("", [_switch_path, "/type"]), "RECOVERY_CONTROL"),
		fx.remove(concat("", [_switch_path, "/disabled"])),
		fx.remove(concat("", [_switch_path, "/child_healthchecks"])),
		fx.remove(concat("", [_switch_path, "/child_health_threshold"])),
		fx.remove(concat("", [_switch_path, "/tags"])),
		fx.add(concat("", [_switch_path, "/routing_control_arn"]), "arn:aws:route53-recovery-control::123456789012:controlpanel/abc/routingcontrol/def"),
	])
	count(rule.deny) == 0 with input as app
}

test_compliant_recovery_control_plan if {
	plan := fx.patch_plan_values(fx.primary_plan, "aws_route53_health_check.Dns_HealthCheck_1F0C2A3B", [
		fx.replace("/type", "RECOVERY_CONTROL"),
		fx.remove("/fqdn"),
	])
	count(rule.deny) == 0 with input as plan
}

test_compliant_parent_of_manual_switches_only if {
	parent := {"Dns_Parent_0F0F0F0F": {
		"type": "CALCULATED",
		"child_healthchecks": ["${aws_route53_health_check.Dns_Switch_9A8B7C6D.id}"],
		"child_health_threshold": 1,
	}}
	app := fx.patch_stack(
		fx.add_resources(fx.app, "example-primary", "aws_route53_health_check", parent),
		"example-primary", [_on("aws_route53_health_check.Dns_Parent_0F0F0F0F")],
	)
	count(rule.deny) == 0 with input as app
}

test_compliant_opted_out_is_reported_by_ws_dns_005 if {
	app := fx.patch_stack(fx.app, "example-primary", [
		_on_endpoint_check,
		fx.add(concat("", [_hc_path, "/tags"]), {"warm-standby/dns-switch-opt-out": "read-only catalogue: no writes to split"}),
	])
	count(rule.deny) == 0 with input as app
}

test_compliant_no_health_check_is_ws_dns_002 if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.remove(concat("", [_record_path, "/health_check_id"]))])
	count(rule.deny) == 0 with input as app
}
