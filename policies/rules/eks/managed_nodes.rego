# METADATA
# title: Nodes come from node groups, not individual instances
# description: |
#   Standby capacity is scaled up by changing a node group or Auto Scaling group; individual EC2
#   instances are neither replaced when they fail nor scaled on failover, so warm-standby stacks
#   declare no aws_instance (or spot instance request).
# custom:
#   id: WS-EKS-005
#   severity: MEDIUM
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Replace the instance with capacity in the cluster's managed node group (aws_eks_node_group) or an Auto Scaling group.
package warm_standby.rules.eks.managed_nodes

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

_instance_types := {"aws_instance", "aws_spot_instance_request"}

deny contains finding if {
	some r in lib.resources
	r.type in _instance_types
	finding := lib.finding(r, sprintf("%s is an individual EC2 instance; warm-standby capacity must come from node groups or Auto Scaling groups", [r.address]))
}
