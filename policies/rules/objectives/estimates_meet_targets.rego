# METADATA
# title: Each component's estimated RPO and RTO meets the environment's targets
# description: |
#   The gate estimates every component's recovery point and time (DNS, RDS, Velero, EKS,
#   ElastiCache, OpenSearch, Redshift feed) from the synthesized app with the model in
#   objectives/ (its constants cite their AWS sources) and passes the estimate as
#   data.objectives. A component whose estimated RPO or RTO exceeds the environment's targets
#   (objectives.rpo_seconds / rto_seconds) fails. The estimate needs the whole synthesized app: on
#   a plan, an HCP Terraform input or a single stack the rule is not evaluated.
# custom:
#   id: WS-OBJ-002
#   severity: HIGH
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   needs_objectives: true
#   recommended_action: Shorten the component's contributors named in the basis (backup interval, health check interval and threshold, TTL, lag allowances, standby size) or relax the environment's objectives if the business accepts them.
package warm_standby.rules.objectives.estimates_meet_targets

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

_address := "output.warm_standby_stack"

deny contains finding if {
	some c in data.objectives.components
	not c.meets
	finding := lib.stack_finding(_stack, _address, sprintf(
		"%s: %s estimate misses the %s targets: %s (basis: %s)",
		[_address, c.component, _environment, concat(", ", _misses(c)), c.basis],
	))
}

_misses(c) := [m |
	some pair in [["RPO", c.rpo_seconds, c.target_rpo_seconds], ["RTO", c.rto_seconds, c.target_rto_seconds]]
	m := _compare(pair[0], pair[1], pair[2])
]

_compare(what, estimate, target) := sprintf("%s %v s > target %v s", [what, estimate, target]) if {
	estimate > target
} else := sprintf("%s %v s <= target %v s", [what, estimate, target])

# The finding belongs to the standby stack (the Region recovery happens in), else any stack.
_stack := lib.role_stack_name("standby") if {
	lib.has_role("standby")
} else := sort([name | some name, _ in lib.stacks])[0]

_environment := sprintf("environment %s", [data.objectives.environment]) if {
	is_string(data.objectives.environment)
} else := "environment's"
