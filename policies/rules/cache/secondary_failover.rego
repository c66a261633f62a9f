# METADATA
# title: Cache secondary fails over automatically within its Region
# description: |
#   After a Regional failover the standby's replication group becomes the Global Datastore's primary
#   and takes the writes. Without automatic_failover_enabled (the provider defaults it to false) a
#   lost primary node in that group stays lost until someone promotes a replica by hand, so the
#   promoted Region runs on a cache with a single point of failure: every member of a Global
#   Datastore in the standby Region sets automatic_failover_enabled = true.
# custom:
#   id: WS-CACHE-004
#   severity: HIGH
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Set automatic_failover_enabled = true (with at least two cache clusters) on the standby replication group.
package warm_standby.rules.cache.secondary_failover

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some group in lib.resources_in("aws_elasticache_replication_group", lib.standby_region)
	lib.is_cache_member(group)
	not lib.is_true(object.get(group.values, "automatic_failover_enabled", false))
	not lib.is_token(object.get(group.values, "automatic_failover_enabled", false))
	finding := lib.finding(group, sprintf(
		"%s (%v): Global Datastore secondary in %s without automatic_failover_enabled, so once promoted a lost primary node is not replaced by a replica",
		[group.address, object.get(group.values, "replication_group_id", "unnamed"), group.region],
	))
}
