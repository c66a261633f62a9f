package warm_standby.rules.failover.standby_capacity_test

import data.warm_standby.rules.failover.standby_capacity as rule
import data.warm_standby.test_fixtures as fx

_ng := "aws_eks_node_group.Eks_NodeGroup_E5F6A7B8"

_sizes := "/resource/aws_eks_node_group/Eks_NodeGroup_E5F6A7B8/scaling_config"

test_noncompliant_1_desired_below_primary if {
	app := fx.patch_failover([fx.replace(concat("", [_sizes, "/desired_size"]), 1)])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-standby", _ng)
	fx.finding_with(findings, "example-standby", _ng, "scaling_config.desired_size is 1 in failover mode, below the primary's desired size of 3 nodes")
}

test_noncompliant_2_min_and_desired_at_warm_size if {
	app := fx.patch_failover([fx.replace(_sizes, {"min_size": 1, "desired_size": 1, "max_size": 6})])
	findings := rule.deny with input as app
	count(findings) == 2
	fx.finding_with(findings, "example-standby", _ng, "scaling_config.min_size is 1")
}

test_noncompliant_3_no_primary_desired_nodes if {
	app := fx.patch_failover([fx.remove("/output/warm_standby_stack/value/primary_desired_nodes")])
	fx.one_finding(rule.deny, "example-standby", "output.warm_standby_stack") with input as app
}

test_noncompliant_4_no_node_group if {
	app := fx.patch_failover([fx.remove("/resource/aws_eks_node_group")])
	fx.one_finding(rule.deny, "example-standby", "aws_eks_node_group") with input as app
}

test_noncompliant_5_plan if {
	plan := fx.patch_plan_values(fx.failover_plan, _ng, [fx.replace("/scaling_config/0/min_size", 2)])
	fx.finding_with(rule.deny, "example-standby", _ng, "scaling_config.min_size is 2") with input as plan
}

test_compliant if {
	count(rule.deny) == 0 with input as fx.failover_app
	count(rule.deny) == 0 with input as fx.failover_plan
	count(rule.deny) == 0 with input as fx.hcp(fx.failover_plan)
}

test_compliant_normal_mode_is_not_checked if {
	count(rule.deny) == 0 with input as fx.app
}
