# METADATA
# title: Read replica encrypted with a key in its own Region
# description: |
#   A cross-Region replica of an encrypted source must be encrypted with a KMS key in the
#   replica's Region (a key in the primary Region would be unusable when the Region is down).
#   kms_key_id must be set to a key ARN in the replica's Region, a key id or alias resolved in that
#   Region, or a reference to an aws_kms_key / aws_kms_alias / aws_kms_replica_key in the same
#   Region; storage_encrypted must not be false.
# custom:
#   id: WS-RDS-003
#   severity: HIGH
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Set kms_key_id on the replica to a KMS key created in the replica's own Region.
package warm_standby.rules.rds.replica_regional_key

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

_key_types := {"aws_kms_key", "aws_kms_alias", "aws_kms_replica_key", "aws_kms_external_key"}

deny contains finding if {
	some replica in _replicas
	not _regional_key(replica)
	finding := lib.finding(replica, sprintf(
		"%s: read replica in %s is not encrypted with a KMS key in its own Region (kms_key_id = %v)",
		[replica.address, replica.region, object.get(replica.values, "kms_key_id", "unset")],
	))
}

deny contains finding if {
	some replica in _replicas
	replica.values.storage_encrypted == false
	finding := lib.finding(replica, sprintf("%s: read replica has storage_encrypted = false", [replica.address]))
}

_replicas := [db |
	some db in lib.resources_of("aws_db_instance")
	lib.is_db_replica(db)
]

# Key ARN (or alias ARN) in the replica's Region.
_regional_key(replica) if lib.arn_region(replica.values.kms_key_id) == replica.region

# Key id, "alias/..." name: resolved in the provider's Region.
_regional_key(replica) if {
	lib.is_literal(replica.values.kms_key_id)
	not startswith(replica.values.kms_key_id, "arn:")
}

# Reference to a key (resource or data source) of the same stack and Region.
_regional_key(replica) if {
	some address in object.get(replica.attr_refs, "kms_key_id", set())
	[replica.stack, replica.region, address] in _key_locations
}

# [stack, Region, address] of every key (resource or data source), read from the by-type index once
# and looked up per replica.
_key_locations := {[key.stack, key.region, key.address] |
	some rtype in _key_types
	some key in array.concat(lib.resources_of(rtype), lib.data_sources_of(rtype))
}
