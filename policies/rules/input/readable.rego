# METADATA
# title: Every resource and stack of the input can be read
# description: |
#   A resource whose body is not an object (null, a string, a number) and a stack whose AWS Region
#   nobody names (no region in its warm_standby_stack output or its default aws provider) cannot be
#   judged: the adapters would drop the resource and every Region-dependent rule would skip the
#   stack, so a broken input would pass silently. Each such resource and stack is a finding of its
#   own, and every other rule still reports on the rest of the input.
# custom:
#   id: WS-IN-001
#   severity: HIGH
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Fix the synthesized configuration or plan so every resource body is an object and every stack names its Region (aws provider region, or the warm_standby_stack output).
package warm_standby.rules.input.readable

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some item in lib.unreadable_items
	finding := lib.stack_finding(item.stack, item.address, sprintf("%s: %s, so no rule can read it", [item.address, item.problem]))
}

deny contains finding if {
	some name, s in lib.stacks
	not is_string(s.region)
	finding := lib.stack_finding(name, "provider.aws", sprintf(
		"stack %s names no AWS Region (neither its warm_standby_stack output nor its default aws provider has one), so no Region-dependent rule can judge it",
		[name],
	))
}
