# METADATA
# title: PRIMARY failover record has a health check
# description: |
#   Route 53 treats a PRIMARY failover record without a health check as always healthy, so it
#   never answers with the SECONDARY record: the record must name a health check on the primary
#   endpoint.
# custom:
#   id: WS-DNS-002
#   severity: CRITICAL
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Create an aws_route53_health_check on the primary endpoint and set health_check_id on the PRIMARY record.
package warm_standby.rules.dns.primary_health_check

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some r in lib.resources_of("aws_route53_record")
	some p in lib.blocks(r.values, "failover_routing_policy")
	upper(p.type) == "PRIMARY"
	not _has_health_check(r)
	finding := lib.finding(r, sprintf("%s is a PRIMARY failover record without a health check (health_check_id is not set, or is %s, which names no health check)", [r.address, object.get(r.values, "health_check_id", "unset")]))
}

# A literal health check id, or a reference to a health check (unknown until apply in a plan). Any
# other token (a variable, a local) may well be empty: it does not count.
_has_health_check(r) if lib.is_literal(r.values.health_check_id)

_has_health_check(r) if {
	some ref in object.get(r.attr_refs, "health_check_id", set())
	startswith(ref, "aws_route53_health_check.")
}
