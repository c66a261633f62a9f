# METADATA
# title: EBS CSI driver add-on with a service account role in every cluster
# description: |
#   EKS hands EBS volumes to the Amazon EBS CSI driver (CSI migration), which clusters do not get by
#   default: without the aws-ebs-csi-driver add-on, PersistentVolumeClaims stay Pending and Velero
#   restores of persistent volumes never finish. The driver calls EC2 with an IAM role given to its
#   service account (service_account_role_arn, or a Pod Identity association).
# custom:
#   id: WS-EKS-008
#   severity: HIGH
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Add an aws_eks_addon with addon_name "aws-ebs-csi-driver" and service_account_role_arn set to an IRSA role with AmazonEBSCSIDriverPolicy (modules/eks EbsCsiDriver), created after the node group.
package warm_standby.rules.eks.ebs_csi_addon

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

_addon_name := "aws-ebs-csi-driver"

deny contains finding if {
	some cluster in lib.resources_of("aws_eks_cluster")
	not _has_addon(cluster)
	finding := lib.finding(cluster, sprintf("%s has no %s add-on: PersistentVolumeClaims stay Pending", [cluster.address, _addon_name]))
}

deny contains finding if {
	some addon in lib.resources_of("aws_eks_addon")
	addon.values.addon_name == _addon_name
	not _has_role(addon)
	finding := lib.finding(addon, sprintf("%s (%s) has no service account role: the driver cannot call EC2", [addon.address, _addon_name]))
}

_has_addon(cluster) if [cluster.stack, cluster.address] in _clusters_with_addon

# Clusters that have the add-on, collected once from the add-ons.
_clusters_with_addon := {key |
	some addon in lib.resources_of("aws_eks_addon")
	addon.values.addon_name == _addon_name
	some key in lib.eks_cluster_keys(addon)
}

_has_role(addon) if lib.is_literal(addon.values.service_account_role_arn)

_has_role(addon) if lib.is_token(addon.values.service_account_role_arn)

# A plan leaves a role created in the same run unknown; its configuration still references it.
_has_role(addon) if count(object.get(addon.attr_refs, "service_account_role_arn", set())) > 0

_has_role(addon) if {
	some association in lib.blocks(addon.values, "pod_identity_association")
	is_string(association.role_arn)
	association.role_arn != ""
}

_has_role(addon) if count(object.get(addon.attr_refs, "pod_identity_association", set())) > 0
