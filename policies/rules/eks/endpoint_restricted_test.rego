package warm_standby.rules.eks.endpoint_restricted_test

import data.warm_standby.rules.eks.endpoint_restricted as rule
import data.warm_standby.test_fixtures as fx

_primary_cluster := "aws_eks_cluster.Eks_Cluster_5E1C0B2A"

_standby_cluster := "aws_eks_cluster.Eks_Cluster_A1B2C3D4"

_vpc := "/resource/aws_eks_cluster/Eks_Cluster_5E1C0B2A/vpc_config"

test_noncompliant_1_public_without_cidrs if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.remove(concat("", [_vpc, "/public_access_cidrs"]))])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-primary", _primary_cluster)
	fx.finding_with(findings, "example-primary", _primary_cluster, "without public_access_cidrs, which AWS then sets to 0.0.0.0/0")
}

test_noncompliant_2_public_open_to_all if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace(concat("", [_vpc, "/public_access_cidrs"]), ["203.0.113.0/24", "0.0.0.0/0"])])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-primary", _primary_cluster)
	fx.finding_with(findings, "example-primary", _primary_cluster, "open to every address (public_access_cidrs has 0.0.0.0/0)")
}

test_noncompliant_6_halves_cover_every_address if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace(concat("", [_vpc, "/public_access_cidrs"]), ["128.0.0.0/1", "203.0.113.0/24", "0.0.0.0/1"])])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-primary", _primary_cluster)
	fx.finding_with(findings, "example-primary", _primary_cluster, "public_access_cidrs 0.0.0.0/1, 128.0.0.0/1, 203.0.113.0/24 together cover 0.0.0.0/0")
}

test_compliant_half_of_the_addresses if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace(concat("", [_vpc, "/public_access_cidrs"]), ["0.0.0.0/1", "0.0.0.0/2", "130.0.0.0/8"])])
	count(rule.deny) == 0 with input as app
}

test_noncompliant_3_public_by_provider_default if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace(_vpc, {"subnet_ids": ["subnet-a", "subnet-b"]})])
	fx.one_finding(rule.deny, "example-primary", _primary_cluster) with input as app
}

test_noncompliant_4_empty_cidrs if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace(concat("", [_vpc, "/public_access_cidrs"]), [])])
	fx.one_finding(rule.deny, "example-primary", _primary_cluster) with input as app
}

test_noncompliant_5_plan_cidrs_unknown if {
	plan := fx.patch_plan_values(fx.standby_plan, _standby_cluster, [fx.remove("/vpc_config/0/public_access_cidrs")])
	fx.one_finding(rule.deny, "example-standby", _standby_cluster) with input as plan
}

test_compliant_private_endpoint if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace(_vpc, {"subnet_ids": ["subnet-a", "subnet-b"], "endpoint_private_access": true, "endpoint_public_access": false})])
	count(rule.deny) == 0 with input as app
}

test_compliant_app if {
	count(rule.deny) == 0 with input as fx.app
}

test_compliant_plan if {
	count(rule.deny) == 0 with input as fx.standby_plan
}
