# METADATA
# title: Cluster-admin access through access entries, not the creator's implicit rights
# description: |
#   Every EKS cluster uses the access-entry API (authentication_mode API or API_AND_CONFIG_MAP) and
#   declares an aws_eks_access_entry with an AmazonEKSClusterAdminPolicy association at cluster
#   scope. Otherwise only the IAM principal that created the cluster
#   (bootstrap_cluster_creator_admin_permissions) can run Helm or kubectl there, and a deploy or a
#   failover from another role (another runner, the break-glass role) is locked out.
# custom:
#   id: WS-EKS-007
#   severity: HIGH
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Set access_config.authentication_mode = "API" and add an aws_eks_access_entry plus an aws_eks_access_policy_association (AmazonEKSClusterAdminPolicy, access_scope type cluster) for the deploy and break-glass roles (eks.adminRoles).
package warm_standby.rules.eks.cluster_admin_access

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

_access_entry_modes := {"API", "API_AND_CONFIG_MAP"}

deny contains finding if {
	some cluster in lib.resources_of("aws_eks_cluster")
	mode := _authentication_mode(cluster)
	not mode in _access_entry_modes
	finding := lib.finding(cluster, sprintf(
		"%s uses authentication_mode %s, which ignores access entries; use API or API_AND_CONFIG_MAP",
		[cluster.address, mode],
	))
}

deny contains finding if {
	some cluster in lib.resources_of("aws_eks_cluster")
	not _has_admin_entry(cluster)
	finding := lib.finding(cluster, sprintf(
		"%s has no aws_eks_access_entry with an AmazonEKSClusterAdminPolicy association at cluster scope; only its creator could administer it",
		[cluster.address],
	))
}

# Unset: the EKS API creates clusters in CONFIG_MAP mode.
_authentication_mode(cluster) := mode if {
	mode := lib.block(cluster.values, "access_config").authentication_mode
	is_string(mode)
} else := "CONFIG_MAP (unset, the EKS API default)"

_has_admin_entry(cluster) if [cluster.stack, cluster.address] in _admin_clusters

# Clusters with a cluster-scoped admin association whose principal is a standard access entry of the
# same cluster, collected once from the associations (each looks its entries up).
_admin_clusters := {key |
	some association in lib.resources_of("aws_eks_access_policy_association")
	_cluster_admin_policy(association.values.policy_arn)
	lib.block(association.values, "access_scope").type == "cluster"
	some entry in _associated_entries(association)
	object.get(entry.values, "type", "STANDARD") == "STANDARD"
	entry_clusters := lib.eks_cluster_keys(entry)
	some key in lib.eks_cluster_keys(association)
	key in entry_clusters
}

_associated_entries(association) := array.concat(lib.referenced(association, "principal_arn", "aws_eks_access_entry"), [entry |
	lib.is_literal(association.values.principal_arn)
	some entry in _entries_by_principal[[association.stack, association.values.principal_arn]]
])

_entries_by_principal[key] := entries if {
	some key in {[e.stack, e.values.principal_arn] | some e in lib.resources_of("aws_eks_access_entry"); lib.is_literal(e.values.principal_arn)}
	entries := [e | some e in lib.resources_of("aws_eks_access_entry"); [e.stack, e.values.principal_arn] == key]
}

_cluster_admin_policy(arn) if {
	lib.is_literal(arn)
	endswith(arn, ":cluster-access-policy/AmazonEKSClusterAdminPolicy")
}
