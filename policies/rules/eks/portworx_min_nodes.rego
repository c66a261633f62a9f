# METADATA
# title: Node groups keep three nodes where Portworx runs
# description: |
#   Portworx's internal KVDB keeps its quorum on three storage nodes: a cluster that runs Portworx
#   (a helm_release of the portworx chart in its Region) with fewer nodes never forms a storage
#   cluster, so a standby sized below three nodes cannot mount a restored volume. Every managed node
#   group (and Auto Scaling group) in a Region with a Portworx release needs min_size >= 3.
# custom:
#   id: WS-EKS-010
#   severity: HIGH
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   layers: [aws, kubernetes]
#   inputs: [cdktf_app, plan]
#   inputs_reason: an HCP Terraform workspace holds one stack, and the node groups (AWS stack) and the Portworx release (Kubernetes stack) are in different workspaces; enforced by the gate on the cdktf app or on the Region's plans together
#   recommended_action: Set eks.<role>.minNodes (scaling_config.min_size) to at least 3 in every Region that runs Portworx, or set portworx.enabled to false.
package warm_standby.rules.eks.portworx_min_nodes

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

# Nodes Portworx's internal KVDB needs.
kvdb_nodes := 3

deny contains finding if {
	some rtype in {"aws_eks_node_group", "aws_autoscaling_group"}
	some group in lib.resources_of(rtype)
	group.region in _portworx_regions
	sizes := _sizes(group)
	not _at_least(sizes, kvdb_nodes)
	finding := lib.finding(group, sprintf(
		"%s: min_size is %v in %s, where Portworx runs; its internal KVDB needs at least %d nodes",
		[group.address, object.get(sizes, "min_size", "unset"), group.region, kvdb_nodes],
	))
}

# Regions with a Portworx release, computed once (the release may live in a stack other than the node group's).
_portworx_regions contains r.region if {
	some r in lib.resources_of("helm_release")
	_is_portworx(r)
}

_is_portworx(r) if {
	parts := split(r.values.chart, "/")
	parts[count(parts) - 1] == "portworx"
}

_sizes(group) := lib.block(group.values, "scaling_config") if group.type == "aws_eks_node_group"

_sizes(group) := group.values if group.type == "aws_autoscaling_group"

_at_least(sizes, minimum) if lib.num(sizes.min_size) >= minimum
