# METADATA
# title: Kubernetes objects wait for a node group of their cluster
# description: |
#   A Helm release or Kubernetes manifest applied before any node exists cannot schedule its pods:
#   Helm's wait runs into its timeout and an atomic release rolls back, failing the deploy. Terraform
#   orders only what it can see, so every helm_release and kubernetes_manifest must depend, directly
#   or through other resources of its stack (references or depends_on), on an EKS managed node group:
#   the aws_eks_node_group itself when the cluster is in the same stack, or a data.aws_eks_node_group
#   read of it when the cluster is managed by another stack (reading it also fails the apply clearly
#   if the node group does not exist yet). Construct-level ordering (node.addDependency) renders no
#   depends_on and does not count.
# custom:
#   id: WS-K8S-001
#   severity: HIGH
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Give the release or manifest depends_on = [the cluster's aws_eks_node_group, or a data.aws_eks_node_group of it] (stacks/kubernetes-stack.ts dependOn does this for every resource under a construct).
package warm_standby.rules.kubernetes.node_group_dependency

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

_kubernetes_types := {"helm_release", "kubernetes_manifest"}

deny contains finding if {
	some rtype in _kubernetes_types
	some r in lib.resources_of(rtype)
	not _waits_for_nodes(r)
	finding := lib.finding(r, sprintf(
		"%s: depends on no EKS node group (neither aws_eks_node_group nor data.aws_eks_node_group, directly or through other resources of %s), so it may be applied before any node can run its pods",
		[r.address, r.stack],
	))
}

_waits_for_nodes(r) if {
	reachable := graph.reachable(_graph, {_key(r.stack, r.address)})
	some key in reachable
	key in _node_group_keys
}

_key(stack_name, address) := concat("|", [stack_name, address])

# Stacks with something to check, computed once: only their resources enter the graph.
_stacks_to_check := {r.stack |
	some rtype in _kubernetes_types
	some r in lib.resources_of(rtype)
}

# Dependency graph of those stacks: resource -> what it references or depends on, in its stack.
# One pass over the resource and data source arrays; keys are strings, so no resource object is
# hashed into a set.
_graph := {_key(r.stack, r.address): {_key(r.stack, ref) | some ref in r.refs} |
	some r in array.concat(lib.resources, lib.data_sources)
	r.stack in _stacks_to_check
}

_node_group_keys := {_key(r.stack, r.address) |
	some r in array.concat(lib.resources_of("aws_eks_node_group"), lib.data_sources_of("aws_eks_node_group"))
	r.stack in _stacks_to_check
}
