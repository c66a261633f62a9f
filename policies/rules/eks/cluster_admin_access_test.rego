package warm_standby.rules.eks.cluster_admin_access_test

import data.warm_standby.rules.eks.cluster_admin_access as rule
import data.warm_standby.test_fixtures as fx

_primary_cluster := "aws_eks_cluster.Eks_Cluster_5E1C0B2A"

_standby_cluster := "aws_eks_cluster.Eks_Cluster_A1B2C3D4"

_association := "/resource/aws_eks_access_policy_association/Eks_DeployAccess_ClusterAdmin_2B3C4D5E"

test_noncompliant_1_config_map_mode if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace("/resource/aws_eks_cluster/Eks_Cluster_5E1C0B2A/access_config/authentication_mode", "CONFIG_MAP")])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-primary", _primary_cluster)
	fx.finding_with(findings, "example-primary", _primary_cluster, "uses authentication_mode CONFIG_MAP, which ignores access entries")
}

test_noncompliant_2_mode_unset if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.remove("/resource/aws_eks_cluster/Eks_Cluster_5E1C0B2A/access_config")])
	fx.finding_with(rule.deny, "example-primary", _primary_cluster, "CONFIG_MAP (unset, the EKS API default)") with input as app
}

test_noncompliant_3_no_access_entries if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.remove("/resource/aws_eks_access_entry"), fx.remove("/resource/aws_eks_access_policy_association")])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-primary", _primary_cluster)
	fx.finding_with(findings, "example-primary", _primary_cluster, "has no aws_eks_access_entry with an AmazonEKSClusterAdminPolicy association at cluster scope")
}

test_noncompliant_4_view_policy_only if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace(concat("", [_association, "/policy_arn"]), "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy")])
	fx.one_finding(rule.deny, "example-primary", _primary_cluster) with input as app
}

test_noncompliant_5_namespace_scope if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace(concat("", [_association, "/access_scope"]), {"type": "namespace", "namespaces": ["velero"]})])
	fx.one_finding(rule.deny, "example-primary", _primary_cluster) with input as app
}

test_noncompliant_6_association_without_entry if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.remove("/resource/aws_eks_access_entry")])
	fx.one_finding(rule.deny, "example-primary", _primary_cluster) with input as app
}

test_noncompliant_7_entry_of_another_cluster if {
	app := fx.patch_stack(fx.app, "example-primary", [
		fx.replace("/resource/aws_eks_access_entry/Eks_DeployAccess_Entry_1A2B3C4D/cluster_name", "some-other-cluster"),
		fx.replace(concat("", [_association, "/cluster_name"]), "some-other-cluster"),
	])
	fx.one_finding(rule.deny, "example-primary", _primary_cluster) with input as app
}

test_noncompliant_8_plan_without_association if {
	items := [i | some i in fx.standby_plan_items; i.type != "aws_eks_access_policy_association"]
	plan := fx.plan(fx.standby_metadata, "us-west-2", items, {})
	fx.one_finding(rule.deny, "example-standby", _standby_cluster) with input as plan
}

test_compliant_literal_names if {
	# Association naming the cluster and the principal literally, as an imported configuration might.
	app := fx.patch_stack(fx.app, "example-primary", [
		fx.replace(concat("", [_association, "/cluster_name"]), "payments-example-use1"),
		fx.replace(concat("", [_association, "/principal_arn"]), "arn:aws:iam::123456789012:role/payments-example-deploy"),
	])
	count(rule.deny) == 0 with input as app
}

test_compliant_app if {
	count(rule.deny) == 0 with input as fx.app
}

test_compliant_plan if {
	count(rule.deny) == 0 with input as fx.standby_plan
}
