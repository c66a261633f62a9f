package warm_standby.rules.eks.standard_support_test

import data.warm_standby.rules.eks.standard_support as rule
import data.warm_standby.test_fixtures as fx

_primary_cluster := "aws_eks_cluster.Eks_Cluster_5E1C0B2A"

_standby_cluster := "aws_eks_cluster.Eks_Cluster_A1B2C3D4"

test_noncompliant_1_extended if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace("/resource/aws_eks_cluster/Eks_Cluster_5E1C0B2A/upgrade_policy/support_type", "EXTENDED")])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-primary", _primary_cluster)
	fx.finding_with(findings, "example-primary", _primary_cluster, "has upgrade_policy support_type EXTENDED")
}

test_noncompliant_2_unset if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.remove("/resource/aws_eks_cluster/Eks_Cluster_A1B2C3D4/upgrade_policy")])
	fx.finding_with(rule.deny, "example-standby", _standby_cluster, "unset (EKS defaults to EXTENDED)") with input as app
}

test_noncompliant_3_plan_unknown if {
	plan := fx.patch_plan_values(fx.standby_plan, _standby_cluster, [fx.remove("/upgrade_policy")])
	fx.one_finding(rule.deny, "example-standby", _standby_cluster) with input as plan
}

test_compliant_app if {
	count(rule.deny) == 0 with input as fx.app
}

test_compliant_plan if {
	count(rule.deny) == 0 with input as fx.standby_plan
}
