package warm_standby.rules.eks.ebs_csi_addon_test

import data.warm_standby.rules.eks.ebs_csi_addon as rule
import data.warm_standby.test_fixtures as fx

_primary_cluster := "aws_eks_cluster.Eks_Cluster_5E1C0B2A"

_standby_cluster := "aws_eks_cluster.Eks_Cluster_A1B2C3D4"

_addon := "aws_eks_addon.EbsCsiDriver_Addon_9C0D1E2F"

test_noncompliant_1_no_addon if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.remove("/resource/aws_eks_addon")])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-standby", _standby_cluster)
	fx.finding_with(findings, "example-standby", _standby_cluster, "has no aws-ebs-csi-driver add-on")
}

test_noncompliant_2_other_addon_only if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.replace("/resource/aws_eks_addon/EbsCsiDriver_Addon_9C0D1E2F/addon_name", "vpc-cni")])
	fx.one_finding(rule.deny, "example-standby", _standby_cluster) with input as app
}

test_noncompliant_3_no_service_account_role if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.remove("/resource/aws_eks_addon/EbsCsiDriver_Addon_9C0D1E2F/service_account_role_arn")])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-standby", _addon)
	fx.finding_with(findings, "example-standby", _addon, "has no service account role")
}

test_noncompliant_4_addon_of_another_cluster if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace("/resource/aws_eks_addon/EbsCsiDriver_Addon_3C4D5E6F/cluster_name", "some-other-cluster")])
	fx.one_finding(rule.deny, "example-primary", _primary_cluster) with input as app
}

test_noncompliant_5_plan_without_role if {
	plan := fx.patch_plan_config(fx.standby_plan, _addon, [fx.remove("/expressions/service_account_role_arn")])
	fx.one_finding(rule.deny, "example-standby", _addon) with input as plan
}

test_compliant_pod_identity if {
	app := fx.patch_stack(fx.app, "example-standby", [
		fx.remove("/resource/aws_eks_addon/EbsCsiDriver_Addon_9C0D1E2F/service_account_role_arn"),
		fx.add("/resource/aws_eks_addon/EbsCsiDriver_Addon_9C0D1E2F/pod_identity_association", [{"role_arn": "arn:aws:iam::123456789012:role/ebs-csi", "service_account": "ebs-csi-controller-sa"}]),
	])
	count(rule.deny) == 0 with input as app
}

test_compliant_app if {
	count(rule.deny) == 0 with input as fx.app
}

test_compliant_plan if {
	count(rule.deny) == 0 with input as fx.standby_plan
}

test_noncompliant_6_plan_role_planned_null if {
	plan := fx.patch_plan_values(fx.standby_plan, _addon, [fx.add("/service_account_role_arn", null)])
	fx.one_finding(rule.deny, "example-standby", _addon) with input as plan
}
