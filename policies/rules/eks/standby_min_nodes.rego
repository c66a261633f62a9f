# METADATA
# title: Standby node group keeps minimum capacity
# description: |
#   The standby cluster must keep at least min_standby_nodes nodes (parameter, default 1) running so
#   that restored workloads have somewhere to start while the node group scales up, and a standby
#   cluster needs a managed node group (or Auto Scaling group) at all.
# custom:
#   id: WS-EKS-002
#   severity: HIGH
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   roles: [standby]
#   recommended_action: Set the standby node group's scaling_config.min_size (eks.standby.minNodes) to at least min_standby_nodes.
package warm_standby.rules.eks.standby_min_nodes

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some ng in lib.resources_with_role("aws_eks_node_group", "standby")
	minimum := lib.params.min_standby_nodes
	not _at_least(lib.block(ng.values, "scaling_config"), minimum)
	finding := lib.finding(ng, sprintf(
		"%s: standby node group min_size is %v, below the minimum of %v standby nodes",
		[ng.address, object.get(lib.block(ng.values, "scaling_config"), "min_size", "unset"), minimum],
	))
}

deny contains finding if {
	some asg in lib.resources_with_role("aws_autoscaling_group", "standby")
	minimum := lib.params.min_standby_nodes
	not _at_least(asg.values, minimum)
	finding := lib.finding(asg, sprintf(
		"%s: standby Auto Scaling group min_size is %v, below the minimum of %v standby nodes",
		[asg.address, object.get(asg.values, "min_size", "unset"), minimum],
	))
}

deny contains finding if {
	some cluster in lib.resources_with_role("aws_eks_cluster", "standby")
	not _has_nodes(cluster.stack)
	finding := lib.finding(cluster, sprintf("%s: standby cluster has no managed node group or Auto Scaling group, so no standby capacity", [cluster.address]))
}

# Compared inside the function: a missing min_size makes the call false, not the rule undefined.
_at_least(sizes, minimum) if lib.num(sizes.min_size) >= minimum

_has_nodes(stack_name) if stack_name in _stacks_with_nodes

# Stacks with a node group or Auto Scaling group, computed once (wasm does not cache function results).
_stacks_with_nodes contains r.stack if {
	some rtype in {"aws_eks_node_group", "aws_autoscaling_group"}
	some r in lib.resources_of(rtype)
}
