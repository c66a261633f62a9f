# METADATA
# title: Primary cache belongs to a Global Datastore with a standby member
# description: |
#   ElastiCache for Redis replicates across Regions through a Global Datastore: the primary
#   Region's replication group must be the primary of an aws_elasticache_global_replication_group,
#   and a replication group in the standby Region must join it (global_replication_group_id).
# custom:
#   id: WS-CACHE-001
#   severity: HIGH
#   enforcement: mandatory
#   scope: cross_region
#   modes: [normal]
#   mode_reason: the Global Datastore's primary is lost; promoting the standby member is a runbook step (aws elasticache failover-global-replication-group)
#   recommended_action: Create an aws_elasticache_global_replication_group with the primary replication group, and a replication group in the standby Region with global_replication_group_id set to its id.
package warm_standby.rules.cache.global_datastore

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some group in _primary_groups
	count(_datastores(group)) == 0
	finding := lib.finding(group, sprintf("%s (%v) is not the primary of a Global Datastore (aws_elasticache_global_replication_group)", [group.address, _id(group)]))
}

deny contains finding if {
	some group in _primary_groups
	datastores := _datastores(group)
	count(datastores) > 0
	not _has_standby_member(datastores)
	finding := lib.finding(group, sprintf(
		"%s (%v): its Global Datastore has no member replication group in the standby Region %s",
		[group.address, _id(group), lib.standby_region],
	))
}

_primary_groups := [g |
	some g in lib.resources_in("aws_elasticache_replication_group", lib.primary_region)
	not lib.is_cache_member(g)
]

_id(g) := object.get(g.values, "replication_group_id", "unnamed")

_datastores(group) := [d |
	some d in lib.resources_of("aws_elasticache_global_replication_group")
	_primary_of(d, group)
]

_primary_of(d, group) if lib.references_via(d, "primary_replication_group_id", group)

_primary_of(d, group) if {
	lib.is_literal(d.values.primary_replication_group_id)
	d.values.primary_replication_group_id == group.values.replication_group_id
}

_has_standby_member(datastores) if {
	some member in lib.resources_in("aws_elasticache_replication_group", lib.standby_region)
	some d in datastores
	_joins(member, d)
}

# AWS names the datastore "<Region-specific prefix>-<suffix>"; the member names it in full.
_joins(member, d) if {
	lib.is_literal(d.values.global_replication_group_id)
	member.values.global_replication_group_id == d.values.global_replication_group_id
}

_joins(member, d) if {
	lib.is_literal(member.values.global_replication_group_id)
	lib.is_literal(d.values.global_replication_group_id_suffix)
	endswith(member.values.global_replication_group_id, concat("-", ["", d.values.global_replication_group_id_suffix]))
}
