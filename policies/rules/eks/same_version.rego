# METADATA
# title: Same Kubernetes version in both Regions
# description: |
#   Workloads and Velero restores move between the clusters on failover; a standby cluster on a
#   different Kubernetes version may reject manifests or API versions the primary accepts.
# custom:
#   id: WS-EKS-004
#   severity: MEDIUM
#   enforcement: mandatory
#   scope: cross_region
#   modes: [normal]
#   mode_reason: the primary cluster is lost, so there is no version to match
#   recommended_action: Pin the same version on both aws_eks_cluster resources (eks.kubernetesVersion) and upgrade the Regions together.
package warm_standby.rules.eks.same_version

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some standby in lib.resources_in("aws_eks_cluster", lib.standby_region)
	some primary in lib.resources_in("aws_eks_cluster", lib.primary_region)
	_version(standby) != _version(primary)
	finding := lib.finding(standby, sprintf(
		"%s runs Kubernetes %v but the primary cluster %s runs %v",
		[standby.address, _version(standby), primary.address, _version(primary)],
	))
}

_version(cluster) := cluster.values.version if {
	is_string(cluster.values.version)
} else := "(provider default)"
