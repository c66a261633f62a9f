# METADATA
# title: PRIMARY failover record has a SECONDARY twin
# description: |
#   Route 53 fails over only between records of the same name and type: every record with a
#   PRIMARY failover routing policy needs a SECONDARY record with that name and type (normally in
#   the standby stack), or DNS keeps answering with the dead primary.
# custom:
#   id: WS-DNS-001
#   severity: CRITICAL
#   enforcement: mandatory
#   scope: cross_region
#   modes: [normal]
#   mode_reason: the PRIMARY record lives in the lost primary Region's stack, which a failover plan leaves out; Route 53 fails over on its health check
#   recommended_action: Add a SECONDARY failover record with the same name and type that points at the standby Region's endpoint.
package warm_standby.rules.dns.failover_twin

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some primary in _records_with_policy("PRIMARY")
	not _has_twin(primary)
	finding := lib.finding(primary, sprintf(
		"%s is a PRIMARY failover record for %s %s with no SECONDARY record of the same name and type in any stack",
		[primary.address, primary.values.type, _name(primary)],
	))
}

_records_with_policy(policy) := [r |
	some r in lib.resources_of("aws_route53_record")
	some p in lib.blocks(r.values, "failover_routing_policy")
	upper(p.type) == policy
]

_has_twin(primary) if [_name(primary), primary.values.type] in _secondary_names

# [name, type] of every SECONDARY record, computed once and looked up per PRIMARY record.
_secondary_names := {[_name(secondary), secondary.values.type] | some secondary in _records_with_policy("SECONDARY")}

# Names compare without case or trailing dot.
_name(r) := trim_suffix(lower(r.values.name), ".")
