package warm_standby.rules.eks.standby_min_nodes_test

import data.warm_standby.rules.eks.standby_min_nodes as rule
import data.warm_standby.test_fixtures as fx

_node_group := "aws_eks_node_group.Eks_NodeGroup_E5F6A7B8"

_min_size_path := "/resource/aws_eks_node_group/Eks_NodeGroup_E5F6A7B8/scaling_config/min_size"

_plan_min_zero := fx.patch_plan_values(fx.standby_plan, _node_group, [fx.replace("/scaling_config/0/min_size", 0)])

test_noncompliant_1_min_size_zero if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.replace(_min_size_path, 0)])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-standby", _node_group)
	fx.finding_with(findings, "example-standby", _node_group, "min_size is 0, below the minimum of 1")
}

test_noncompliant_2_below_parameter if {
	findings := rule.deny with input as fx.app with data.params as {"min_standby_nodes": 2}
	fx.finding_with(findings, "example-standby", _node_group, "min_size is 1, below the minimum of 2")
}

test_noncompliant_3_min_size_unset if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.remove(_min_size_path)])
	fx.finding_with(rule.deny, "example-standby", _node_group, "min_size is unset") with input as app
}

test_noncompliant_4_standby_cluster_without_node_group if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.remove("/resource/aws_eks_node_group")])
	fx.one_finding(rule.deny, "example-standby", "aws_eks_cluster.Eks_Cluster_A1B2C3D4") with input as app
}

test_noncompliant_5_standby_auto_scaling_group if {
	app := fx.add_resources(fx.app, "example-standby", "aws_autoscaling_group", {"Eks_Asg_1": {"min_size": 0, "max_size": 3}})
	fx.one_finding(rule.deny, "example-standby", "aws_autoscaling_group.Eks_Asg_1") with input as app
}

test_noncompliant_6_plan if {
	fx.one_finding(rule.deny, "example-standby", _node_group) with input as _plan_min_zero
}

test_noncompliant_7_hcp if {
	fx.one_finding(rule.deny, "warm-standby-example-standby", _node_group) with input as fx.hcp(_plan_min_zero)
}

test_compliant_app if {
	count(rule.deny) == 0 with input as fx.app
}

test_compliant_plan_and_hcp if {
	count(rule.deny) == 0 with input as fx.standby_plan
	count(rule.deny) == 0 with input as fx.hcp(fx.standby_plan)
}

test_compliant_primary_sizes_are_not_checked if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace("/resource/aws_eks_node_group/Eks_NodeGroup_7A8B9C0D/scaling_config/min_size", 0)])
	count(rule.deny) == 0 with input as app
}

test_compliant_min_size_as_numeric_string if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.replace(_min_size_path, "2")])
	count(rule.deny) == 0 with input as app with data.params as {"min_standby_nodes": 2}
}
