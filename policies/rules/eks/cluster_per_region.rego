# METADATA
# title: EKS cluster in each Region
# description: |
#   A warm standby keeps a running Kubernetes cluster in the standby Region so that failover is
#   a scale-up and a restore, not a cluster build: both the primary and the standby Region need
#   an aws_eks_cluster.
# custom:
#   id: WS-EKS-001
#   severity: CRITICAL
#   enforcement: mandatory
#   scope: cross_region
#   modes: [normal]
#   mode_reason: only the promoted standby stack is planned; the primary cluster is lost
#   recommended_action: Create the EKS cluster (with its managed node group) in the Region that lacks one.
package warm_standby.rules.eks.cluster_per_region

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some side in lib.regions
	count(lib.resources_in("aws_eks_cluster", side.region)) == 0
	finding := lib.stack_finding(side.stack, "aws_eks_cluster", sprintf(
		"aws_eks_cluster: no EKS cluster in the %s Region %s (stack %s)",
		[side.role, side.region, side.stack],
	))
}
