# METADATA
# title: Standby node groups can scale to the primary's size
# description: |
#   On failover the standby cluster must carry the primary's load: the standby Region's node
#   groups together must be able to scale (max_size) to at least the primary Region's desired
#   size.
# custom:
#   id: WS-EKS-003
#   severity: HIGH
#   enforcement: mandatory
#   scope: cross_region
#   modes: [normal]
#   mode_reason: the standby is scaled to the primary's size itself, which WS-FO-001 checks
#   recommended_action: Raise the standby node group's scaling_config.max_size (eks.standby.maxNodes) to at least the primary's desired size.
package warm_standby.rules.eks.standby_scale_up

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	primary_desired := _total("desired_size", lib.primary_region)
	standby_max := _total("max_size", lib.standby_region)
	standby_max < primary_desired
	some ng in lib.resources_in("aws_eks_node_group", lib.standby_region)
	finding := lib.finding(ng, sprintf(
		"%s: standby node groups can scale to %v nodes (this one to %v) but the primary Region runs %v",
		[ng.address, standby_max, _size(ng, "max_size"), primary_desired],
	))
}

_total(field, region) := sum([_size(ng, field) | some ng in lib.resources_in("aws_eks_node_group", region)])

_size(ng, field) := lib.num(lib.block(ng.values, "scaling_config")[field]) if {
	lib.num(lib.block(ng.values, "scaling_config")[field])
} else := 0
