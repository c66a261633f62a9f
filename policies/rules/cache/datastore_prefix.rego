# METADATA
# title: Secondary cache joins the Global Datastore by the primary Region's id
# description: |
#   ElastiCache names a Global Datastore <prefix>-<suffix>, the prefix fixed by the Region of its
#   primary replication group (ElastiCache User Guide, "Using global datastores (CLI)", table of
#   Region prefixes: us-east-1 ldgnf, eu-west-1 gxeiz, eu-central-1 iudkw, ...). The standby stack
#   cannot read the id from the primary Region, so it is built from configuration; a secondary
#   replication group whose global_replication_group_id carries another Region's prefix names a
#   Global Datastore that does not exist and fails at apply. The Region is the one the Global
#   Datastore was created in: global_datastore_region of the warm_standby_stack output, else the
#   standby stack's peer_region (the primary Region). They differ in the environment with the
#   Regions swapped (failback): a Global Datastore failover moves the primary member, never the id.
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
	created_in := _created_in(member.stack)
	expected := prefixes[created_in]
	not startswith(member.values.global_replication_group_id, concat("", [expected, "-"]))
	finding := lib.finding(member, sprintf(
		"%s: global_replication_group_id %s does not start with %s-, the Global Datastore id prefix of %s",
		[member.address, member.values.global_replication_group_id, expected, _which(member.stack, created_in)],
	))
}

deny contains finding if {
	some member in _members
	created_in := _created_in(member.stack)
	is_string(created_in)
	not prefixes[created_in]
	finding := lib.finding(member, sprintf(
		"%s: %s has no known Global Datastore id prefix, so global_replication_group_id %s cannot be checked",
		[member.address, _which(member.stack, created_in), member.values.global_replication_group_id],
	))
}

# The stack metadata's global_datastore_region when it declares one (stacks from before it: the primary Region).
_created_in(stack) := region if {
	region := lib.stacks[stack].global_datastore_region
	is_string(region)
} else := lib.stacks[stack].peer_region

_which(stack, region) := sprintf("the primary Region %s", [region]) if {
	region == lib.stacks[stack].peer_region
} else := sprintf("the Region it was created in, %s (global_datastore_region; the primary Region is %v)", [region, lib.stacks[stack].peer_region])

_members := [g |
	some g in lib.resources_with_role("aws_elasticache_replication_group", "standby")
	lib.is_literal(g.values.global_replication_group_id)
]
