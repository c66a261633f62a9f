# METADATA
# title: Primary cache encrypted and able to fail over within its Region
# description: |
#   Advisory. The primary replication group of a Global Datastore fixes settings its members
#   inherit: encryption at rest and in transit (payment data crosses Regions), and automatic
#   failover so that the loss of one node does not turn into a Regional failover.
# custom:
#   id: WS-CACHE-002
#   severity: MEDIUM
#   enforcement: advisory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Set at_rest_encryption_enabled, transit_encryption_enabled and automatic_failover_enabled to true (with num_cache_clusters >= 2) on the primary replication group.
package warm_standby.rules.cache.primary_protection

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

_settings := ["at_rest_encryption_enabled", "transit_encryption_enabled", "automatic_failover_enabled"]

deny contains finding if {
	some group in lib.resources_of("aws_elasticache_replication_group")

	# Members of a Global Datastore inherit these settings from its primary.
	not lib.is_cache_member(group)
	missing := [s |
		some s in _settings
		not _enabled(group, s)
	]
	count(missing) > 0
	finding := lib.finding(group, sprintf("%s: primary replication group does not enable %s", [group.address, concat(", ", missing)]))
}

_enabled(group, setting) if lib.is_true(group.values[setting])
