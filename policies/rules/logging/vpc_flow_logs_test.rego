package warm_standby.rules.logging.vpc_flow_logs_test

import data.warm_standby.rules.logging.vpc_flow_logs as rule
import data.warm_standby.test_fixtures as fx

_vpc := "aws_vpc.Network_Vpc_1A2B3C4D"

_with_vpc := fx.add_resources(fx.app, "example-primary", "aws_vpc", {"Network_Vpc_1A2B3C4D": {"cidr_block": "10.10.0.0/16"}})

test_noncompliant_1_vpc_without_flow_log if {
	findings := rule.deny with input as _with_vpc
	fx.one_finding(findings, "example-primary", _vpc)
	fx.finding_with(findings, "example-primary", _vpc, "(10.10.0.0/16) has no flow log")
}

test_noncompliant_2_flow_log_of_another_vpc if {
	app := fx.add_resources(_with_vpc, "example-primary", "aws_flow_log", {"Network_FlowLog_1": {"vpc_id": "vpc-0123456789abcdef0", "traffic_type": "ALL"}})
	fx.one_finding(rule.deny, "example-primary", _vpc) with input as app
}

test_noncompliant_3_flow_log_in_another_stack if {
	app := fx.add_resources(_with_vpc, "example-standby", "aws_flow_log", {"Network_FlowLog_1": {"vpc_id": "${aws_vpc.Network_Vpc_1A2B3C4D.id}"}})
	fx.one_finding(rule.deny, "example-primary", _vpc) with input as app
}

test_compliant_flow_log_references_the_vpc if {
	app := fx.add_resources(_with_vpc, "example-primary", "aws_flow_log", {"Network_FlowLog_1": {"vpc_id": "${aws_vpc.Network_Vpc_1A2B3C4D.id}", "traffic_type": "ALL"}})
	count(rule.deny) == 0 with input as app
}

test_compliant_plan_module if {
	count(rule.deny) == 0 with input as fx.standby_plan
}
