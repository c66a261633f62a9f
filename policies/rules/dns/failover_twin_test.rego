package warm_standby.rules.dns.failover_twin_test

import data.warm_standby.rules.dns.failover_twin as rule
import data.warm_standby.test_fixtures as fx

_primary := "aws_route53_record.Dns_PrimaryRecord_2B3C4D5E"

_secondary_path := "/resource/aws_route53_record/Dns_SecondaryRecord_C3D4E5F6"

test_noncompliant_1_no_secondary_record if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.remove("/resource/aws_route53_record")])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-primary", _primary)
}

test_noncompliant_2_secondary_of_another_type if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.replace(concat("", [_secondary_path, "/type"]), "A")])
	fx.one_finding(rule.deny, "example-primary", _primary) with input as app
}

test_noncompliant_3_secondary_of_another_name if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.replace(concat("", [_secondary_path, "/name"]), "pay2.example.com")])
	fx.one_finding(rule.deny, "example-primary", _primary) with input as app
}

test_noncompliant_4_twin_is_another_primary if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.replace(concat("", [_secondary_path, "/failover_routing_policy/type"]), "PRIMARY")])
	findings := rule.deny with input as app
	count(findings) == 2
	fx.finding_with(findings, "example-primary", _primary, "no SECONDARY record")
}

test_compliant_app if {
	count(rule.deny) == 0 with input as fx.app
}

test_compliant_name_compared_without_case_and_trailing_dot if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.replace(concat("", [_secondary_path, "/name"]), "PAY.example.com.")])
	count(rule.deny) == 0 with input as app
}
