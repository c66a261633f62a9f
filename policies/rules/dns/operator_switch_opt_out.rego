# METADATA
# title: PRIMARY failover record on the endpoint health check by choice
# description: |
#   Advisory. The environment opted out of the operator switch (dns.switch.kind 'endpoint' with a
#   reason, carried as the warm-standby/dns-switch-opt-out tag of the endpoint health check): the
#   PRIMARY record fails over and back automatically whenever the endpoint check changes, with the
#   split-brain risk WS-DNS-004 describes. Reported with the reason so reviewers see it.
# custom:
#   id: WS-DNS-005
#   severity: MEDIUM
#   enforcement: advisory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Prefer dns.switch { kind 'arc' } or { kind 'manual' }; keep the opt-out only while its reason holds.
package warm_standby.rules.dns.operator_switch_opt_out

import data.warm_standby.lib
import data.warm_standby.lib.dns_switch as ds

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some r in ds.primary_records
	hc := ds.record_check(r)
	not ds.operator_controlled(hc)
	reason := ds.opt_out_reason(hc)
	finding := lib.finding(r, sprintf(
		"%s fails over and back automatically on endpoint health check %s (no operator switch); opted out because: %s",
		[r.address, hc.address, reason],
	))
}
