package warm_standby.rules.eks.standby_scale_up_test

import data.warm_standby.rules.eks.standby_scale_up as rule
import data.warm_standby.test_fixtures as fx

_standby_node_group := "aws_eks_node_group.Eks_NodeGroup_E5F6A7B8"

test_noncompliant_1_standby_max_below_primary_desired if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.replace("/resource/aws_eks_node_group/Eks_NodeGroup_E5F6A7B8/scaling_config/max_size", 2)])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-standby", _standby_node_group)
	fx.finding_with(findings, "example-standby", _standby_node_group, "can scale to 2 nodes (this one to 2) but the primary Region runs 3")
}

test_noncompliant_2_primary_grows_beyond_standby_max if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace("/resource/aws_eks_node_group/Eks_NodeGroup_7A8B9C0D/scaling_config", {"min_size": 3, "desired_size": 8, "max_size": 10})])
	fx.finding_with(rule.deny, "example-standby", _standby_node_group, "primary Region runs 8") with input as app
}

test_noncompliant_3_two_primary_node_groups_add_up if {
	app := fx.add_resources(fx.app, "example-primary", "aws_eks_node_group", {"Eks_Extra_1": {"scaling_config": {"min_size": 4, "desired_size": 4, "max_size": 4}}})
	fx.finding_with(rule.deny, "example-standby", _standby_node_group, "primary Region runs 7") with input as app
}

test_compliant_app if {
	count(rule.deny) == 0 with input as fx.app
}

test_compliant_standby_max_equals_primary_desired if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.replace("/resource/aws_eks_node_group/Eks_NodeGroup_E5F6A7B8/scaling_config/max_size", 3)])
	count(rule.deny) == 0 with input as app
}
