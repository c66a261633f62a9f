# DNS failover helpers shared by the rules in rules/dns: PRIMARY records, the health check each one
# names, whether that check is an operator switch, and the endpoint checks that watch its target.
# Every index is computed once (wasm does not memoize functions).
package warm_standby.lib.dns_switch

import data.warm_standby.lib

# Tag marking an operator switch (modules/dns-failover DNS_SWITCH_TAG): "manual" or "arc".
switch_tag := "warm-standby/dns-switch"

# Tag on an endpoint check whose environment opted out of the switch; the value is the reason.
opt_out_tag := "warm-standby/dns-switch-opt-out"

# Health checks that probe an endpoint (as opposed to CALCULATED, CLOUDWATCH_METRIC, RECOVERY_CONTROL).
endpoint_types := {"HTTP", "HTTPS", "HTTP_STR_MATCH", "HTTPS_STR_MATCH", "TCP"}

primary_records := [r |
	some r in lib.resources_of("aws_route53_record")
	some p in lib.blocks(r.values, "failover_routing_policy")
	upper(p.type) == "PRIMARY"
]

# Health checks by [stack, address].
health_checks := {[hc.stack, hc.address]: hc | some hc in lib.resources_of("aws_route53_health_check")}

# The health check a record references in its own stack; undefined for a literal id.
record_check(r) := health_checks[[r.stack, address]] if {
	some address in object.get(r.attr_refs, "health_check_id", set())
	health_checks[[r.stack, address]]
}

type_of(hc) := upper(hc.values.type) if {
	is_string(hc.values.type)
} else := "UNKNOWN"

# A Route 53 ARC routing control: healthy exactly while the operator keeps the control ON.
operator_controlled(hc) if type_of(hc) == "RECOVERY_CONTROL"

operator_controlled(hc) if is_manual_switch(hc)

# A CALCULATED parent that follows manual switches only: every child is one (no literal ids), and
# 1 <= child_health_threshold <= children, so flipping a child fails over and nothing else does.
operator_controlled(hc) if {
	type_of(hc) == "CALCULATED"
	not lib.is_true(object.get(hc.values, "disabled", false))
	children := object.get(hc.attr_refs, "child_healthchecks", set())
	count(children) > 0
	every child in children {
		is_manual_switch(health_checks[[hc.stack, child]])
	}
	every id in lib.as_list(object.get(hc.values, "child_healthchecks", [])) {
		lib.is_token(id)
	}
	threshold := lib.num(object.get(hc.values, "child_health_threshold", 0))
	threshold >= 1
	threshold <= count(children)
}

# A manual switch: a disabled CALCULATED check marked as such. Route 53 counts a disabled check as
# healthy whatever its children do; the operator inverts it to fail over.
is_manual_switch(hc) if {
	type_of(hc) == "CALCULATED"
	lib.is_true(object.get(hc.values, "disabled", false))
	lib.has_tag(hc, switch_tag, "manual")
}

# Reason of an environment that opted out of the switch (at least 10 characters), else undefined.
opt_out_reason(hc) := reason if {
	reason := lib.tag(hc, opt_out_tag)
	count(trim_space(reason)) >= 10
}

# Host names a record answers with: its values, or its alias target.
record_targets(r) := {_host(t) | some t in lib.as_list(object.get(r.values, "records", [])); is_string(t)} | {_host(a.name) |
	some a in lib.blocks(r.values, "alias")
	is_string(a.name)
}

# Endpoint checks by [stack, host name they probe].
endpoint_checks[key] := [hc |
	some hc in lib.resources_of("aws_route53_health_check")
	[hc.stack, _fqdn(hc)] == key
] if {
	some key in {[hc.stack, _fqdn(hc)] |
		some hc in lib.resources_of("aws_route53_health_check")
		type_of(hc) in endpoint_types
	}
}

# Endpoint checks in the record's stack that probe one of its targets.
endpoint_checks_of(r) := [hc |
	some target in record_targets(r)
	some hc in endpoint_checks[[r.stack, target]]
]

_fqdn(hc) := _host(hc.values.fqdn) if {
	is_string(hc.values.fqdn)
} else := ""

_host(name) := trim_suffix(lower(name), ".")
