package warm_standby.rules.dns.arc_changes_serialized_test

import data.warm_standby.rules.dns.arc_changes_serialized as rule
import data.warm_standby.test_fixtures as fx

_rc := "aws_route53recoverycontrolconfig_routing_control"

_rule := "aws_route53recoverycontrolconfig_safety_rule"

_panel := "${aws_route53recoverycontrolconfig_control_panel.Switch_Panel_1A2B3C4D.arn}"

_control(name, extra) := object.union({"name": name, "cluster_arn": "${aws_route53recoverycontrolconfig_cluster.Switch_Cluster_0A1B2C3D.arn}", "control_panel_arn": _panel}, extra)

_safety := {
	"name": "payments-example-at-least-one-on",
	"control_panel_arn": _panel,
	"asserted_controls": ["${aws_route53recoverycontrolconfig_routing_control.Switch_Primary_2B3C4D5E.arn}", "${aws_route53recoverycontrolconfig_routing_control.Switch_Standby_3C4D5E6F.arn}"],
	"rule_config": {"type": "ATLEAST", "threshold": 1, "inverted": false},
	"wait_period_ms": 5000,
}

_with(controls, rules) := fx.add_resources(
	fx.add_resources(
		fx.add_resources(fx.app, "example-standby", "aws_route53recoverycontrolconfig_control_panel", {"Switch_Panel_1A2B3C4D": {"name": "payments-example-panel"}}),
		"example-standby", _rc, controls,
	),
	"example-standby", _rule, rules,
)

_chained := {"depends_on": ["aws_route53recoverycontrolconfig_routing_control.Switch_Primary_2B3C4D5E"]}

test_noncompliant_1_two_controls_in_parallel if {
	app := _with({"Switch_Primary_2B3C4D5E": _control("payments-example-us-east-1", {}), "Switch_Standby_3C4D5E6F": _control("payments-example-us-west-2", {})}, {"Switch_AtLeastOneOn_4D5E6F7A": _safety})
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-standby", "aws_route53recoverycontrolconfig_routing_control.Switch_Standby_3C4D5E6F")
	fx.finding_with(findings, "example-standby", "aws_route53recoverycontrolconfig_routing_control.Switch_Standby_3C4D5E6F", "neither depends on the other")
}

test_noncompliant_2_second_safety_rule_in_parallel if {
	gating := object.union(_safety, {"name": "payments-example-gating", "asserted_controls": ["${aws_route53recoverycontrolconfig_routing_control.Switch_Primary_2B3C4D5E.arn}"]})
	app := _with(
		{"Switch_Primary_2B3C4D5E": _control("payments-example-us-east-1", {}), "Switch_Standby_3C4D5E6F": _control("payments-example-us-west-2", _chained)},
		{"Switch_AtLeastOneOn_4D5E6F7A": _safety, "Switch_Gating_5E6F7A8B": gating},
	)
	findings := rule.deny with input as app

	# Unordered against the standby control and against the other safety rule.
	count(findings) == 2
	fx.finding_with(findings, "example-standby", "aws_route53recoverycontrolconfig_safety_rule.Switch_Gating_5E6F7A8B", "Switch_AtLeastOneOn_4D5E6F7A")
	fx.finding_with(findings, "example-standby", "aws_route53recoverycontrolconfig_safety_rule.Switch_Gating_5E6F7A8B", "Switch_Standby_3C4D5E6F")
}

test_noncompliant_3_literal_panel_arn if {
	arn := "arn:aws:route53-recovery-control::123456789012:controlpanel/abc"
	app := _with({"Switch_Primary_2B3C4D5E": _control("a", {"control_panel_arn": arn}), "Switch_Standby_3C4D5E6F": _control("b", {"control_panel_arn": arn})}, {})
	findings := rule.deny with input as app
	fx.finding_with(findings, "example-standby", "aws_route53recoverycontrolconfig_routing_control.Switch_Standby_3C4D5E6F", arn)
}

test_compliant_chained_controls_and_safety_rule if {
	app := _with({"Switch_Primary_2B3C4D5E": _control("payments-example-us-east-1", {}), "Switch_Standby_3C4D5E6F": _control("payments-example-us-west-2", _chained)}, {"Switch_AtLeastOneOn_4D5E6F7A": _safety})
	count(rule.deny) == 0 with input as app
}

test_compliant_controls_on_different_panels if {
	other := {"control_panel_arn": "${aws_route53recoverycontrolconfig_control_panel.Other_Panel_9A8B7C6D.arn}"}
	app := _with({"Switch_Primary_2B3C4D5E": _control("a", {}), "Switch_Standby_3C4D5E6F": _control("b", other)}, {})
	count(rule.deny) == 0 with input as app
}

test_compliant_app_and_plans if {
	count(rule.deny) == 0 with input as fx.app
	count(rule.deny) == 0 with input as fx.standby_plan
}
