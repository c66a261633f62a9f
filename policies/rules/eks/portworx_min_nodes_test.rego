package warm_standby.rules.eks.portworx_min_nodes_test

import data.warm_standby.rules.eks.portworx_min_nodes as rule
import data.warm_standby.test_fixtures as fx

_standby_group := "aws_eks_node_group.Eks_NodeGroup_E5F6A7B8"

_portworx := {"Backup_Portworx_1A2B3C4D": {"name": "portworx", "chart": "portworx", "version": "7.0.5", "namespace": "portworx"}}

# The fixture app with Portworx released in the standby Region (its node group keeps 1 node).
_with_portworx(app) := fx.add_resources(app, "example-standby", "helm_release", _portworx)

test_noncompliant_1_standby_with_portworx_below_three if {
	findings := rule.deny with input as _with_portworx(fx.app)
	fx.one_finding(findings, "example-standby", _standby_group)
	fx.finding_with(findings, "example-standby", _standby_group, "internal KVDB needs at least 3 nodes")
}

test_noncompliant_2_release_in_another_stack_of_the_region if {
	# Portworx released from a separate (Kubernetes) stack in the standby Region still counts.
	k8s := {"name": "example-standby-k8s", "file": "f", "config": {
		"output": {"warm_standby_stack": {"value": fx.standby_metadata}},
		"provider": {"aws": [{"region": "us-west-2"}]},
		"resource": {"helm_release": _portworx},
	}}
	app := object.union(fx.app, {"stacks": array.concat(fx.app.stacks, [k8s])})
	fx.one_finding(rule.deny, "example-standby", _standby_group) with input as app
}

test_noncompliant_3_min_size_missing if {
	app := fx.patch_stack(_with_portworx(fx.app), "example-standby", [fx.remove("/resource/aws_eks_node_group/Eks_NodeGroup_E5F6A7B8/scaling_config/min_size")])
	fx.finding_with(rule.deny, "example-standby", _standby_group, "min_size is unset") with input as app
}

test_compliant if {
	# Without Portworx a one-node standby is fine; with three nodes Portworx is fine.
	count(rule.deny) == 0 with input as fx.app
	app := fx.patch_stack(_with_portworx(fx.app), "example-standby", [fx.replace(
		"/resource/aws_eks_node_group/Eks_NodeGroup_E5F6A7B8/scaling_config",
		{"min_size": 3, "desired_size": 3, "max_size": 6},
	)])
	count(rule.deny) == 0 with input as app
}
