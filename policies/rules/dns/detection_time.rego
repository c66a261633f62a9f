# METADATA
# title: DNS failover detection time within target
# description: |
#   How long clients keep reaching the failed primary: the health check needs request_interval x
#   failure_threshold seconds to declare it unhealthy, and resolvers cache the old answer for the
#   record's TTL. The sum must stay within max_dns_detection_seconds (parameter, default 180).
#   Records without a TTL (alias records) are counted with 60 seconds, the TTL of an ELB alias.
#   When the record follows an operator switch (WS-DNS-004), the switch detects nothing: the
#   endpoint health check on the record's target (same stack) pages the operator, so its
#   interval x threshold plus the TTL is what is measured (the operator's decision is a runbook
#   step, counted in the RTO estimate); without such a check nothing detects the failure at all.
# custom:
#   id: WS-DNS-003
#   severity: MEDIUM
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Lower the (endpoint) health check's request_interval (10) or failure_threshold, or the record's TTL, or raise max_dns_detection_seconds for this environment; with an operator switch, add an endpoint health check on the record's target.
package warm_standby.rules.dns.detection_time

import data.warm_standby.lib
import data.warm_standby.lib.dns_switch as ds

metadata := lib.rule_metadata(rego.metadata.chain())

# Route 53 defaults of aws_route53_health_check, and the TTL assumed for alias records.
_default_interval := 30

_default_threshold := 3

_alias_ttl := 60

# The record fails over on its own health check.
deny contains finding if {
	some r in ds.primary_records
	hc := ds.record_check(r)
	not ds.operator_controlled(hc)
	d := _detection(r, hc)
	d.total > lib.params.max_dns_detection_seconds
	finding := lib.finding(r, sprintf(
		"%s: failover takes up to %v s to detect (health check %s: %v s interval x %v failures, plus %v s TTL), above the %v s target",
		[r.address, d.total, hc.address, d.interval, d.threshold, d.ttl, lib.params.max_dns_detection_seconds],
	))
}

# The record follows an operator switch: the endpoint check on its target pages the operator.
deny contains finding if {
	some r in ds.primary_records
	switch := ds.record_check(r)
	ds.operator_controlled(switch)
	some hc in ds.endpoint_checks_of(r)
	d := _detection(r, hc)
	d.total > lib.params.max_dns_detection_seconds
	finding := lib.finding(r, sprintf(
		"%s: failover takes up to %v s to detect (endpoint health check %s pages the operator: %v s interval x %v failures, plus %v s TTL once operator switch %s is flipped), above the %v s target",
		[r.address, d.total, hc.address, d.interval, d.threshold, d.ttl, switch.address, lib.params.max_dns_detection_seconds],
	))
}

deny contains finding if {
	some r in ds.primary_records
	switch := ds.record_check(r)
	ds.operator_controlled(switch)
	count(ds.endpoint_checks_of(r)) == 0
	finding := lib.finding(r, sprintf(
		"%s follows operator switch %s, but no endpoint health check in this stack probes its target (%s): nothing detects a failure of the primary or pages the operator",
		[r.address, switch.address, concat(", ", sort(ds.record_targets(r)))],
	))
}

_detection(r, hc) := {"interval": interval, "threshold": threshold, "ttl": ttl, "total": (interval * threshold) + ttl} if {
	interval := _number_or(hc.values, "request_interval", _default_interval)
	threshold := _number_or(hc.values, "failure_threshold", _default_threshold)
	ttl := _number_or(r.values, "ttl", _alias_ttl)
}

_number_or(values, key, default_value) := lib.num(values[key]) if {
	lib.num(values[key])
} else := default_value
