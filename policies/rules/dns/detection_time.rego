# METADATA
# title: DNS failover detection time within target
# description: |
#   How long clients keep reaching the failed primary: the health check needs request_interval x
#   failure_threshold seconds to declare it unhealthy, and resolvers cache the old answer for the
#   record's TTL. The sum must stay within max_dns_detection_seconds (parameter, default 180).
#   Records without a TTL (alias records) are counted with 60 seconds, the TTL of an ELB alias.
# custom:
#   id: WS-DNS-003
#   severity: MEDIUM
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Lower the health check's request_interval (10) or failure_threshold, or the record's TTL, or raise max_dns_detection_seconds for this environment.
package warm_standby.rules.dns.detection_time

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

# Route 53 defaults of aws_route53_health_check, and the TTL assumed for alias records.
_default_interval := 30

_default_threshold := 3

_alias_ttl := 60

deny contains finding if {
	some r in lib.resources_of("aws_route53_record")
	some p in lib.blocks(r.values, "failover_routing_policy")
	upper(p.type) == "PRIMARY"
	some address in object.get(r.attr_refs, "health_check_id", set())
	some hc in _health_checks[[r.stack, address]]
	interval := _number_or(hc.values, "request_interval", _default_interval)
	threshold := _number_or(hc.values, "failure_threshold", _default_threshold)
	ttl := _number_or(r.values, "ttl", _alias_ttl)
	limit := lib.params.max_dns_detection_seconds
	detection := (interval * threshold) + ttl
	detection > limit
	finding := lib.finding(r, sprintf(
		"%s: failover takes up to %v s to detect (health check %s: %v s interval x %v failures, plus %v s TTL), above the %v s target",
		[r.address, detection, hc.address, interval, threshold, ttl, limit],
	))
}

# Health checks by [stack, address]: the references of a record are looked up, not scanned for.
_health_checks[key] := [hc |
	some hc in lib.resources_of("aws_route53_health_check")
	[hc.stack, hc.address] == key
] if {
	some key in {[hc.stack, hc.address] | some hc in lib.resources_of("aws_route53_health_check")}
}

_number_or(values, key, default_value) := lib.num(values[key]) if {
	lib.num(values[key])
} else := default_value
