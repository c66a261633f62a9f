package warm_standby.rules.eks.same_version_test

import data.warm_standby.rules.eks.same_version as rule
import data.warm_standby.test_fixtures as fx

_standby_cluster := "aws_eks_cluster.Eks_Cluster_A1B2C3D4"

test_noncompliant_1_older_standby if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.replace("/resource/aws_eks_cluster/Eks_Cluster_A1B2C3D4/version", "1.30")])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-standby", _standby_cluster)
	fx.finding_with(findings, "example-standby", _standby_cluster, "runs Kubernetes 1.30 but the primary cluster aws_eks_cluster.Eks_Cluster_5E1C0B2A runs 1.35")
}

test_noncompliant_2_standby_on_provider_default if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.remove("/resource/aws_eks_cluster/Eks_Cluster_A1B2C3D4/version")])
	fx.finding_with(rule.deny, "example-standby", _standby_cluster, "(provider default)") with input as app
}

test_noncompliant_3_primary_upgraded_alone if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace("/resource/aws_eks_cluster/Eks_Cluster_5E1C0B2A/version", "1.32")])
	fx.one_finding(rule.deny, "example-standby", _standby_cluster) with input as app
}

test_compliant_app if {
	count(rule.deny) == 0 with input as fx.app
}
