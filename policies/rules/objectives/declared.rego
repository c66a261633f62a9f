# METADATA
# title: Primary and standby stacks declare recovery objectives
# description: |
#   Each Region's stack publishes its role, Region and recovery objectives in the
#   warm_standby_stack output; the primary and standby stacks declare RPO and RTO targets
#   (objectives.rpo_seconds and objectives.rto_seconds, both > 0) that the components' estimated
#   RPO/RTO are checked against. A stack without the output cannot be placed by the gate at all.
# custom:
#   id: WS-OBJ-001
#   severity: MEDIUM
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Set objectives.rpoSeconds and objectives.rtoSeconds in the environment and build the stack with the warm_standby_stack output.
package warm_standby.rules.objectives.declared

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

_address := "output.warm_standby_stack"

deny contains finding if {
	some s in lib.stacks
	not s.metadata_declared
	finding := lib.stack_finding(s.name, _address, sprintf("%s: stack %s declares no warm_standby_stack output (role, Region, objectives)", [_address, s.name]))
}

deny contains finding if {
	some s in lib.stacks
	s.role in {"primary", "standby"}
	some objective in ["rpo_seconds", "rto_seconds"]
	not _positive(s.objectives, objective)
	finding := lib.stack_finding(s.name, _address, sprintf(
		"%s: %s stack %s declares no positive objectives.%s (got %v)",
		[_address, s.role, s.name, objective, _shown(s.objectives, objective)],
	))
}

_positive(objectives, key) if lib.num(objectives[key]) > 0

_shown(objectives, key) := objectives[key] if {
	is_object(objectives)
	objectives[key] != null
} else := "unset"
