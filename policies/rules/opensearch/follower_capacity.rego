# METADATA
# title: OpenSearch follower can carry the leader's load
# description: |
#   On failover the follower domain becomes the application's search cluster and must carry what the
#   leader carried: it holds a full copy of every replicated index and takes all the search and
#   indexing traffic. A follower with fewer data nodes, smaller data nodes or less storage per node
#   than its leader runs out of disk while it replicates (replication pauses when a follower's disk
#   passes its watermark) or falls over under production load right after the switch. For every
#   follower (a domain in the standby Region with an aws_opensearch_outbound_connection to a leader in
#   the primary Region), compared with that leader: cluster_config.instance_count at least the
#   leader's; the size of cluster_config.instance_type (nano < micro < small < medium < large <
#   xlarge < 2xlarge < ...) at least the leader's; ebs_options.volume_size at least the leader's when
#   both use EBS. Values unknown until apply are not compared.
# custom:
#   id: WS-OS-007
#   severity: HIGH
#   enforcement: mandatory
#   scope: cross_region
#   modes: [normal]
#   mode_reason: after failover only the standby stack exists; there is no leader to compare with
#   recommended_action: Give the follower domain (opensearch in the standby Region) at least the leader's instance count, instance size and EBS volume size; a warm standby saves on the other Regions' idle compute, not on the search cluster that must hold every replicated index.
package warm_standby.rules.opensearch.follower_capacity

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some [follower_key, leader_key] in lib.opensearch_replication_pairs
	follower := lib.resource_at[follower_key]
	leader := lib.resource_at[leader_key]
	f := _instance_count(follower)
	l := _instance_count(leader)
	f < l
	finding := lib.finding(follower, sprintf(
		"%s: follower has %v data nodes (cluster_config.instance_count), fewer than the %v of its leader %s",
		[follower.address, f, l, leader.address],
	))
}

deny contains finding if {
	some [follower_key, leader_key] in lib.opensearch_replication_pairs
	follower := lib.resource_at[follower_key]
	leader := lib.resource_at[leader_key]
	f := _instance_type(follower)
	l := _instance_type(leader)
	_size_units(f) < _size_units(l)
	finding := lib.finding(follower, sprintf(
		"%s: follower data nodes are %s, smaller than the leader %s's %s (cluster_config.instance_type)",
		[follower.address, f, leader.address, l],
	))
}

deny contains finding if {
	some [follower_key, leader_key] in lib.opensearch_replication_pairs
	follower := lib.resource_at[follower_key]
	leader := lib.resource_at[leader_key]
	f := _volume_gib(follower)
	l := _volume_gib(leader)
	f < l
	finding := lib.finding(follower, sprintf(
		"%s: follower has %v GiB of EBS storage per node (ebs_options.volume_size), less than the %v GiB of its leader %s",
		[follower.address, f, l, leader.address],
	))
}

_cluster(domain) := lib.block(domain.values, "cluster_config")

_instance_count(domain) := lib.num(_cluster(domain).instance_count)

_instance_type(domain) := t if {
	t := _cluster(domain).instance_type
	lib.is_literal(t)
}

_volume_gib(domain) := lib.num(ebs.volume_size) if {
	ebs := lib.block(domain.values, "ebs_options")
	lib.is_true(object.get(ebs, "ebs_enabled", false))
}

# Relative size of an instance type ("r6g.large.search" -> large): sizes double from one to the next
# (large = 2 vCPUs, xlarge = 4, Nxlarge = 4N), the same within and across families. Undefined for a
# size this table does not know, so an unknown type is never compared.
_size_units(instance_type) := units if {
	size := split(instance_type, ".")[1]
	units := _named_sizes[size]
} else := units if {
	size := split(instance_type, ".")[1]
	regex.match(`^[0-9]{1,3}xlarge$`, size)
	units := 4 * to_number(trim_suffix(size, "xlarge"))
}

_named_sizes := {"nano": 0.125, "micro": 0.25, "small": 0.5, "medium": 1, "large": 2, "xlarge": 4}
