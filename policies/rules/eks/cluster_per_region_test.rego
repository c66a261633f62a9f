package warm_standby.rules.eks.cluster_per_region_test

import data.warm_standby.rules.eks.cluster_per_region as rule
import data.warm_standby.test_fixtures as fx

test_noncompliant_1_no_standby_cluster if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.remove("/resource/aws_eks_cluster")])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-standby", "aws_eks_cluster")
	fx.finding_with(findings, "example-standby", "aws_eks_cluster", "standby Region us-west-2")
}

test_noncompliant_2_no_primary_cluster if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.remove("/resource/aws_eks_cluster")])
	fx.one_finding(rule.deny, "example-primary", "aws_eks_cluster") with input as app
}

test_noncompliant_3_standby_cluster_created_through_a_primary_region_provider if {
	app := fx.patch_stack(fx.app, "example-standby", [
		fx.add("/provider/aws/-", {"alias": "primary", "region": "us-east-1"}),
		fx.add("/resource/aws_eks_cluster/Eks_Cluster_A1B2C3D4/provider", "aws.primary"),
	])
	fx.one_finding(rule.deny, "example-standby", "aws_eks_cluster") with input as app
}

test_compliant_app if {
	count(rule.deny) == 0 with input as fx.app
}
