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
} else := sprintf("open to every IPv4 address (public_access_cidrs %s together cover 0.0.0.0/0)", [concat(", ", sort(_ipv4_cidrs(vpc)))]) if {
	_covers_all_ipv4(vpc)
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

# IPv4 blocks are nested or disjoint, so the blocks contained in no other one add up to the union:
# 0.0.0.0/1 and 128.0.0.0/1 together are as open as 0.0.0.0/0.
_covers_all_ipv4(vpc) if {
	blocks := {b | some cidr in _ipv4_cidrs(vpc); b := _ipv4_block(cidr)}
	outermost := [b |
		some b in blocks
		not _inside_another(b, blocks)
	]
	sum([size | some b in outermost; size := b[1] - b[0]]) >= 4294967296
}

_ipv4_cidrs(vpc) := {cidr |
	is_array(vpc.public_access_cidrs)
	some cidr in vpc.public_access_cidrs
	_ipv4_block(cidr)
}

_inside_another(b, blocks) if {
	some other in blocks
	other != b
	other[0] <= b[0]
	b[1] <= other[1]
}

# [first address, last address + 1] of an IPv4 CIDR, as numbers.
_ipv4_block(cidr) := [start, start + size] if {
	is_string(cidr)
	regex.match(`^[0-9]{1,3}(\.[0-9]{1,3}){3}/[0-9]{1,2}$`, cidr)
	[address, prefix] := split(cidr, "/")
	octets := [to_number(o) | some o in split(address, ".")]
	every o in octets {
		o <= 255
	}
	length := to_number(prefix)
	length <= 32
	size := _ipv4_sizes[length]
	value := (((octets[0] * 16777216) + (octets[1] * 65536)) + (octets[2] * 256)) + octets[3]
	start := value - (value % size)
}

# 2^(32 - prefix length), by prefix length.
_ipv4_sizes := [
	4294967296, 2147483648, 1073741824, 536870912, 268435456, 134217728, 67108864, 33554432,
	16777216, 8388608, 4194304, 2097152, 1048576, 524288, 262144, 131072,
	65536, 32768, 16384, 8192, 4096, 2048, 1024, 512,
	256, 128, 64, 32, 16, 8, 4, 2,
	1,
]
