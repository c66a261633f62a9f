# METADATA
# title: Public EKS API endpoint restricted to known networks
# description: |
#   A cluster whose API server endpoint is public (endpoint_public_access true, the provider's
#   default) must list the networks allowed to reach it in public_access_cidrs. Left out, AWS opens
#   it to 0.0.0.0/0; a /0 entry does the same. Deploys then reach the API from the listed networks
#   (fixed-egress runners), or the endpoint stays private and deploys run inside the VPC.
# custom:
#   id: WS-EKS-006
#   severity: HIGH
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Set vpc_config.public_access_cidrs to the deploy runners' egress networks (eks.endpoint.publicAccessCidrs), or make the endpoint private (endpoint_public_access = false) and deploy from a runner or HCP Terraform agent in the VPC.
package warm_standby.rules.eks.endpoint_restricted

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some cluster in lib.resources_of("aws_eks_cluster")
	vpc := lib.block(cluster.values, "vpc_config")
	not _private(vpc)
	problem := _unrestricted(vpc)
	finding := lib.finding(cluster, sprintf("%s has a public API endpoint %s", [cluster.address, problem]))
}

# Public unless endpoint_public_access is explicitly false (the provider defaults it to true).
_private(vpc) if vpc.endpoint_public_access == false

_private(vpc) if vpc.endpoint_public_access == "false"

_unrestricted(vpc) := "without public_access_cidrs, which AWS then sets to 0.0.0.0/0" if {
	not _has_cidrs(vpc)
} else := sprintf("open to every address (public_access_cidrs has %s)", [concat(", ", _open_cidrs(vpc))]) if {
	count(_open_cidrs(vpc)) > 0
}

_has_cidrs(vpc) if {
	is_array(vpc.public_access_cidrs)
	count(vpc.public_access_cidrs) > 0
}

# An expression (variable, reference) is taken as a restriction; its value is checked where known.
_has_cidrs(vpc) if lib.is_token(vpc.public_access_cidrs)

_open_cidrs(vpc) := [cidr |
	is_array(vpc.public_access_cidrs)
	some cidr in vpc.public_access_cidrs
	is_string(cidr)
	endswith(cidr, "/0")
]
