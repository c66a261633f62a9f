# METADATA
# title: Secondary cache joins the Global Datastore by the primary Region's id
# description: |
#   ElastiCache names a Global Datastore <prefix>-<suffix>, the prefix fixed by the Region of its
#   primary replication group (ElastiCache User Guide, "Using global datastores (CLI)", table of
#   Region prefixes: us-east-1 ldgnf, eu-west-1 gxeiz, eu-central-1 iudkw, ...). The standby stack
#   cannot read the id from the primary Region, so it is built from configuration; a secondary
#   replication group whose global_replication_group_id carries another Region's prefix names a
#   Global Datastore that does not exist and fails at apply. The primary Region is the standby
#   stack's peer_region (warm_standby_stack output).
# custom:
#   id: WS-CACHE-003
#   severity: HIGH
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   roles: [standby]
#   recommended_action: Derive global_replication_group_id from the primary Region's prefix and the suffix (globalDatastoreRef with elasticache.globalReplicationGroupIdSuffix) instead of typing the full id.
package warm_standby.rules.cache.datastore_prefix

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

# Same table as modules/elasticache/region-prefixes.ts.
prefixes := {
	"us-east-2": "fpkhr",
	"us-east-1": "ldgnf",
	"us-west-1": "virxk",
	"us-west-2": "sgaui",
	"ca-central-1": "bxodz",
	"ap-south-1": "erpgt",
	"ap-northeast-1": "quwsw",
	"ap-northeast-2": "lfqnh",
	"ap-northeast-3": "nlapn",
	"ap-southeast-1": "vlqxn",
	"ap-southeast-2": "vbgxd",
	"eu-central-1": "iudkw",
	"eu-west-1": "gxeiz",
	"eu-west-2": "okuqm",
	"eu-west-3": "fgjhi",
	"sa-east-1": "juxlw",
	"cn-north-1": "emvgo",
	"cn-northwest-1": "ckbem",
	"ap-east-1": "knjmp",
}

deny contains finding if {
	some member in _members
	primary := lib.stacks[member.stack].peer_region
	expected := prefixes[primary]
	not startswith(member.values.global_replication_group_id, concat("", [expected, "-"]))
	finding := lib.finding(member, sprintf(
		"%s: global_replication_group_id %s does not start with %s-, the Global Datastore id prefix of the primary Region %s",
		[member.address, member.values.global_replication_group_id, expected, primary],
	))
}

deny contains finding if {
	some member in _members
	primary := lib.stacks[member.stack].peer_region
	is_string(primary)
	not prefixes[primary]
	finding := lib.finding(member, sprintf(
		"%s: the primary Region %s has no known Global Datastore id prefix, so global_replication_group_id %s cannot be checked",
		[member.address, primary, member.values.global_replication_group_id],
	))
}

_members := [g |
	some g in lib.resources_with_role("aws_elasticache_replication_group", "standby")
	lib.is_literal(g.values.global_replication_group_id)
]
