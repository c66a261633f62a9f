# METADATA
# title: PRIMARY failover record follows an operator switch
# description: |
#   A PRIMARY record on an endpoint health check answers whenever the check passes: a blip sends
#   writes to the standby's read-only replicas, and once the standby is promoted traffic flows back
#   on its own to the stale, still-writable old primary (split brain). The record's health check
#   must be a signal only an operator changes: a Route 53 ARC routing control (type
#   RECOVERY_CONTROL), a manual switch (a disabled CALCULATED check tagged
#   warm-standby/dns-switch=manual, which the operator inverts), or a CALCULATED check that follows
#   manual switches only. Environments that opted out (dns.switch.kind 'endpoint' with a reason)
#   are reported by WS-DNS-005 instead.
# custom:
#   id: WS-DNS-004
#   severity: HIGH
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Set dns.switch to { kind 'arc' } or { kind 'manual' } so the PRIMARY record uses a RECOVERY_CONTROL health check or a manual switch, or opt out with { kind 'endpoint', reason '...' }.
package warm_standby.rules.dns.operator_switch

import data.warm_standby.lib
import data.warm_standby.lib.dns_switch as ds

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some r in ds.primary_records
	hc := ds.record_check(r)
	not ds.operator_controlled(hc)
	not ds.opt_out_reason(hc)
	finding := lib.finding(r, sprintf(
		"%s is a PRIMARY failover record on health check %s (type %s), which no operator controls: a blip fails writes over to read-only replicas and a recovered old primary takes traffic back on its own",
		[r.address, hc.address, ds.type_of(hc)],
	))
}

# A health check id that is not a resource of this stack cannot be shown to be a switch.
deny contains finding if {
	some r in ds.primary_records
	not ds.record_check(r)

	# A literal id, or a token that is no health check of this stack (a variable, a local, a data source).
	is_string(r.values.health_check_id)
	r.values.health_check_id != ""
	finding := lib.finding(r, sprintf(
		"%s is a PRIMARY failover record on health check %s, which is not managed in this stack: nothing shows it is an operator switch",
		[r.address, r.values.health_check_id],
	))
}
