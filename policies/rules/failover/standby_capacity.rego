# METADATA
# title: Promoted standby runs at the primary's size
# description: |
#   In failover mode the standby takes the whole load: each of its EKS managed node groups must
#   have min_size and desired_size at least the primary's desired size, which the standby stack
#   publishes as primary_desired_nodes in its warm_standby_stack output (the primary stack itself
#   is not part of a failover plan).
# custom:
#   id: WS-FO-001
#   severity: CRITICAL
#   enforcement: mandatory
#   scope: stack_local
#   modes: [failover]
#   mode_reason: the standby stays warm at its own size until failover; WS-EKS-003 checks that it can scale to the primary's size
#   recommended_action: Synthesize the failover with the standby node group's minNodes and desiredNodes set to the primary's desiredNodes (the failover mode does this), and keep primary_desired_nodes in the warm_standby_stack output.
package warm_standby.rules.failover.standby_capacity

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

_output := "output.warm_standby_stack"

deny contains finding if {
	some s in lib.failover_stacks
	not _declares_primary_size(s)
	finding := lib.stack_finding(s.name, _output, sprintf(
		"%s: the failover stack %s declares no primary_desired_nodes (got %v), so the standby's capacity cannot be checked against the primary's",
		[_output, s.name, _shown(s.primary_desired_nodes)],
	))
}

deny contains finding if {
	some s in lib.failover_aws_stacks
	target := lib.num(s.primary_desired_nodes)
	some ng in _node_groups(s)
	sizes := lib.block(ng.values, "scaling_config")
	some attr in ["min_size", "desired_size"]
	not _at_least(sizes, attr, target)
	finding := lib.finding(ng, sprintf(
		"%s: scaling_config.%s is %v in failover mode, below the primary's desired size of %v nodes",
		[ng.address, attr, _shown(object.get(sizes, attr, null)), target],
	))
}

deny contains finding if {
	some s in lib.failover_aws_stacks
	count(_node_groups(s)) == 0
	finding := lib.stack_finding(s.name, "aws_eks_node_group", sprintf(
		"aws_eks_node_group: the failover stack %s has no EKS managed node group to take the primary's %v nodes",
		[s.name, _shown(s.primary_desired_nodes)],
	))
}

_node_groups(s) := [ng |
	some ng in lib.resources_of("aws_eks_node_group")
	ng.stack == s.name
]

# sprintf's %v on null fails in the wasm runtime (opa-wasm), so nulls are shown as "unset".
_shown(x) := "unset" if {
	x == null
} else := x

_declares_primary_size(s) if lib.num(s.primary_desired_nodes) >= 1

# Compared inside the function: a missing size makes the call false, not the rule undefined.
_at_least(sizes, attr, target) if lib.num(sizes[attr]) >= target
