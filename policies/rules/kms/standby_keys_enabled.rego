# METADATA
# title: Standby Region KMS keys are enabled
# description: |
#   The standby Region's data stores (replica database, follower domain, cache, backup replica
#   bucket) are encrypted with its own KMS keys. A disabled key (aws_kms_key is_enabled = false,
#   aws_kms_replica_key enabled = false) refuses every Decrypt and GenerateDataKey: replication into
#   the Region fails and nothing there can be read at failover. Every KMS key managed in the standby
#   Region is enabled (both attributes default to true).
# custom:
#   id: WS-KMS-001
#   severity: CRITICAL
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Remove is_enabled = false (aws_kms_key) or enabled = false (aws_kms_replica_key) from the standby Region's keys.
package warm_standby.rules.kms.standby_keys_enabled

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

# Attribute that disables a key, by key type.
_switches := {"aws_kms_key": "is_enabled", "aws_kms_replica_key": "enabled", "aws_kms_external_key": "enabled"}

deny contains finding if {
	some rtype, attr in _switches
	some key in lib.resources_in(rtype, lib.standby_region)
	_disabled(object.get(key.values, attr, true))
	finding := lib.finding(key, sprintf(
		"%s: KMS key in the standby Region %s has %s = false; every decrypt and encrypt with it fails, so replication into the Region and failover reads fail",
		[key.address, key.region, attr],
	))
}

_disabled(x) if x == false

_disabled(x) if x == "false"
