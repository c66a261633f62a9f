# METADATA
# title: Changes to one ARC control panel are serialized
# description: |
#   The Route 53 ARC configuration API refuses concurrent changes to one control panel with
#   409 ConflictException, and AWS provider 5.x panics on that answer when it creates a routing
#   control (hashicorp/terraform-provider-aws#47034; no retry, #48311). Terraform creates
#   resources that do not depend on each other in parallel, so every two routing controls and
#   safety rules on the same control panel must be ordered: one reaches the other through
#   references or depends_on in its stack.
# custom:
#   id: WS-DNS-006
#   severity: HIGH
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Chain the routing controls and safety rules of a control panel with depends_on (modules/dns-failover/switch.ts makes the standby routing control depend on the primary's).
package warm_standby.rules.dns.arc_changes_serialized

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

_panel_member_types := {"aws_route53recoverycontrolconfig_routing_control", "aws_route53recoverycontrolconfig_safety_rule"}

deny contains finding if {
	some panel, members in _panels
	some a in members
	some b in members
	a.address < b.address
	not _ordered(a, b)
	finding := lib.finding(b, sprintf(
		"%s and %s change control panel %s and neither depends on the other, so Terraform creates them in parallel (ARC answers 409 ConflictException)",
		[b.address, a.address, panel[1]],
	))
}

# Members of each control panel, keyed by [stack, panel]: the panel resource it references, or the literal ARN.
_panels[[stack, panel]] := {r |
	some rtype in _panel_member_types
	some r in lib.resources_of(rtype)
	r.stack == stack
	_panel_of(r) == panel
} if {
	some rtype in _panel_member_types
	some m in lib.resources_of(rtype)
	stack := m.stack
	panel := _panel_of(m)
}

_panel_of(r) := ref if {
	some ref in object.get(r.attr_refs, "control_panel_arn", set())
	startswith(ref, "aws_route53recoverycontrolconfig_control_panel.")
} else := r.values.control_panel_arn if {
	is_string(r.values.control_panel_arn)
}

_ordered(a, b) if _key(a) in graph.reachable(_graph, {_key(b)})

_ordered(a, b) if _key(b) in graph.reachable(_graph, {_key(a)})

_key(r) := concat("|", [r.stack, r.address])

# Dependency graph of the stacks that hold panel members: resource -> what it references or depends on.
_graph := {concat("|", [r.stack, r.address]): {concat("|", [r.stack, ref]) | some ref in r.refs} |
	some r in lib.resources
	r.stack in _member_stacks
}

# Computed once: inside the comprehension above it would be rebuilt for every resource.
_member_stacks := {m.stack | some rtype in _panel_member_types; some m in lib.resources_of(rtype)}
