# METADATA
# title: Redis replication group without TLS and AUTH (or RBAC)
# description: |
#   Without AUTH any host that reaches the port reads and writes the cache; without in-transit
#   encryption the token and the data cross the network in clear text. ElastiCache accepts an
#   AuthToken only with TransitEncryptionEnabled (CreateReplicationGroup). A Global Datastore
#   carries its primary's encryption settings to a secondary member, but not the AUTH token:
#   CreateReplicationGroup infers EnableTransitEncryption from the primary, not AuthToken (ElastiCache
#   User Guide, Redis-Global-Datastores-CLI). So each replication group sets either auth_token (from
#   Secrets Manager, not a literal) or user_group_ids (RBAC), and each that is not a secondary
#   member also sets transit_encryption_enabled = true.
# custom:
#   id: WS-CACHE-005
#   severity: HIGH
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Set auth_token from a Secrets Manager secret (or user_group_ids for RBAC) on every replication group, a secondary the Global Datastore's token from the secret's replica in its Region; set transit_encryption_enabled = true on all but secondaries (they inherit it).
package warm_standby.rules.cache.auth_in_transit

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some group in lib.resources_of("aws_elasticache_replication_group")
	missing := [what |
		some what, check in _required(group)
		not check
	]
	count(missing) > 0
	finding := lib.finding(group, sprintf(
		"%s (%v): no %s, so any host that reaches port %v can use the cache",
		[group.address, object.get(group.values, "replication_group_id", "unnamed"), concat(" and no ", sort(missing)), object.get(group.values, "port", 6379)],
	))
}

# A secondary member takes transit encryption from the Global Datastore (the provider refuses it there).
_required(group) := {"AUTH or RBAC": _auth(group)} if {
	lib.is_cache_member(group)
} else := {"transit encryption": _tls(group), "AUTH or RBAC": _auth(group)}

_tls(group) if {
	lib.is_true(object.get(group.values, "transit_encryption_enabled", false))
} else if {
	lib.is_token(object.get(group.values, "transit_encryption_enabled", false))
} else := false

_auth(group) if {
	token := object.get(group.values, "auth_token", "")
	is_string(token)
	count(token) > 0
} else if {
	count(object.get(group.attr_refs, "auth_token", set())) > 0
} else if {
	count(lib.as_list_of_strings(object.get(group.values, "user_group_ids", []))) > 0
} else if {
	count(object.get(group.attr_refs, "user_group_ids", set())) > 0
} else := false

# A token written into the configuration (not drawn from a secret) is in every copy of it.
deny contains finding if {
	some group in lib.resources_of("aws_elasticache_replication_group")
	token := object.get(group.values, "auth_token", null)
	lib.is_literal(token)
	count(object.get(group.attr_refs, "auth_token", set())) == 0
	finding := lib.finding(group, sprintf(
		"%s (%v): auth_token is a literal in the configuration; read it from a Secrets Manager secret instead",
		[group.address, object.get(group.values, "replication_group_id", "unnamed")],
	))
}
