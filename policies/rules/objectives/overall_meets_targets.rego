# METADATA
# title: The overall estimated RPO and RTO meet the environment's targets
# description: |
#   What `warm-standby objectives` prints as "overall": the RPO is the worst component's, the RTO
#   is the runbook total (detect + decide + switch + data tier + compute + traffic + verify), so
#   every component can meet the targets while the failover as a whole does not. The gate passes
#   the estimate as data.objectives (overall.rpo_seconds / rto_seconds, the targets and the
#   runbook steps); an overall estimate above the environment's targets fails. Not evaluated
#   without the whole synthesized app, like WS-OBJ-002.
# custom:
#   id: WS-OBJ-003
#   severity: HIGH
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   needs_objectives: true
#   recommended_action: Shorten the longest runbook steps named in the message (health check interval and threshold, TTL, standby size so no scale-up is needed, backup interval) or relax the environment's objectives if the business accepts them.
package warm_standby.rules.objectives.overall_meets_targets

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

_address := "output.warm_standby_stack"

deny contains finding if {
	overall := data.objectives.overall
	misses := _misses(overall)
	count(misses) > 0
	finding := lib.stack_finding(_stack, _address, sprintf(
		"%s: overall estimate misses the %s targets: %s (RTO = runbook total: %s)",
		[_address, _environment, concat(", ", misses), _steps(overall)],
	))
}

_misses(o) := [m |
	some pair in [["RPO", o.rpo_seconds, o.target_rpo_seconds], ["RTO", o.rto_seconds, o.target_rto_seconds]]
	is_number(pair[1])
	is_number(pair[2])
	pair[1] > pair[2]
	m := sprintf("%s %v s > target %v s", pair)
]

# Runbook steps in their order, so the message says where the time goes.
_step_order := ["detect", "decide", "switch", "data_tier", "compute", "traffic", "verify"]

_steps(o) := concat(" + ", [s |
	some name in _step_order
	is_number(o.steps[name])
	s := sprintf("%s %v s", [name, o.steps[name]])
]) if {
	is_object(o.steps)
} else := "steps not given"

# The finding belongs to the standby stack (the Region recovery happens in), else any stack.
_stack := lib.role_stack_name("standby") if {
	lib.has_role("standby")
} else := sort([name | some name, _ in lib.stacks])[0]

_environment := sprintf("environment %s", [data.objectives.environment]) if {
	is_string(data.objectives.environment)
} else := "environment's"
