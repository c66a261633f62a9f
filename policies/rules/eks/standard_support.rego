# METADATA
# title: EKS clusters opt out of extended support
# description: |
#   Advisory. With upgrade_policy support_type EXTENDED (the EKS default when unset), a cluster
#   whose Kubernetes version leaves standard support stays on it at an extra hourly charge instead
#   of being upgraded; a standby cluster left behind also drifts from the primary's version.
#   STANDARD keeps both Regions on versions in standard support.
# custom:
#   id: WS-EKS-009
#   severity: LOW
#   enforcement: advisory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Set upgrade_policy { support_type = "STANDARD" } on the aws_eks_cluster and upgrade both Regions before the version's end of standard support.
package warm_standby.rules.eks.standard_support

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some cluster in lib.resources_of("aws_eks_cluster")
	support := _support_type(cluster)
	support != "STANDARD"
	finding := lib.finding(cluster, sprintf("%s has upgrade_policy support_type %s: extended support is billed per cluster hour", [cluster.address, support]))
}

_support_type(cluster) := support if {
	support := lib.block(cluster.values, "upgrade_policy").support_type
	is_string(support)
} else := "unset (EKS defaults to EXTENDED)"
