package warm_standby.rules.kubernetes.node_group_dependency_test

import data.warm_standby.rules.kubernetes.node_group_dependency as rule
import data.warm_standby.test_fixtures as fx

_release := "helm_release.Velero_Release_1A2B3C4D"

_k8s_stack(resources, data_sources) := {
	"output": {"warm_standby_stack": {"value": object.union(fx.primary_metadata, {"stack": "example-primary-k8s", "layer": "kubernetes"})}},
	"provider": {"aws": [{"region": "us-east-1"}]},
	"resource": resources,
	"data": data_sources,
}

_app(stack) := {"kind": "cdktf_app", "stacks": [{"name": "example-primary-k8s", "file": "x", "config": stack}]}

_node_group_data := {"aws_eks_node_group": {"NodeGroup": {"cluster_name": "c", "node_group_name": "app"}}}

_velero(extra) := {"helm_release": {"Velero_Release_1A2B3C4D": object.union({"name": "velero", "chart": "velero"}, extra)}}

# 1. A release with no depends_on at all.
test_release_without_dependency_fails if {
	findings := rule.deny with input as _app(_k8s_stack(_velero({}), _node_group_data))
	fx.one_finding(findings, "example-primary-k8s", _release)
}

# 2. A release that depends on something else (the cluster, not a node group), as cdktf renders it.
test_release_depending_on_cluster_only_fails if {
	stack := _k8s_stack(_velero({"depends_on": ["data.aws_eks_cluster.Cluster"]}), object.union(_node_group_data, {"aws_eks_cluster": {"Cluster": {"name": "c"}}}))
	fx.one_finding(rule.deny, "example-primary-k8s", _release) with input as _app(stack)
}

# 3. A manifest in a stack whose node group is in the same stack, without a dependency on it.
test_manifest_in_cluster_stack_without_dependency_fails if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.add("/resource/kubernetes_manifest", {"Restore": {"manifest": {"kind": "Restore"}}})])
	fx.finding_with(rule.deny, "example-primary", "kubernetes_manifest.Restore", "depends on no EKS node group") with input as app
}

# 4. A plan: depends_on comes from the configuration, and a missing one is found there too.
test_plan_release_without_dependency_fails if {
	plan := fx.plan(fx.primary_metadata, "us-east-1", [{"mode": "managed", "type": "helm_release", "name": "velero", "values": {"chart": "velero"}, "expressions": {}}], {})
	count(rule.deny) == 1 with input as plan
}

test_plan_release_with_dependency_passes if {
	items := [
		{"mode": "managed", "type": "helm_release", "name": "velero", "values": {"chart": "velero"}, "expressions": {}, "depends_on": ["data.aws_eks_node_group.nodes"]},
		{"mode": "data", "type": "aws_eks_node_group", "name": "nodes", "values": {}, "expressions": {}},
	]
	count(rule.deny) == 0 with input as fx.plan(fx.primary_metadata, "us-east-1", items, {})
}

test_release_depending_on_node_group_data_passes if {
	stack := _k8s_stack(_velero({"depends_on": ["data.aws_eks_node_group.NodeGroup"]}), _node_group_data)
	count(rule.deny) == 0 with input as _app(stack)
}

test_release_depending_transitively_on_node_group_passes if {
	resources := object.union(
		_velero({"depends_on": ["${helm_release.Operator}"]}),
		{"helm_release": {"Operator": {"chart": "op", "depends_on": ["${aws_eks_node_group.Nodes}"]}}, "aws_eks_node_group": {"Nodes": {"cluster_name": "c"}}},
	)
	count(rule.deny) == 0 with input as _app(_k8s_stack(resources, {}))
}

test_example_fixture_with_referenced_node_group_passes if {
	count(rule.deny) == 0 with input as fx.app
}
