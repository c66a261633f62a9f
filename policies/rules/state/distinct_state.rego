# METADATA
# title: Stacks keep distinct state
# description: |
#   Two stacks writing the same state would overwrite each other's resources; in particular the
#   primary and the standby Region must never share state. No two stacks of the app use the
#   same S3 bucket and key, or the same HCP Terraform organization and workspace.
# custom:
#   id: WS-STATE-004
#   severity: CRITICAL
#   enforcement: mandatory
#   scope: cross_region
#   modes: [normal]
#   mode_reason: only the standby stack is planned, so there is no other stack's state to compare
#   inputs: [cdktf_app]
#   inputs_reason: needs the synthesized cdktf app; a Terraform plan carries no backend configuration
#   recommended_action: Give each stack its own state key (S3) or workspace (Terraform Cloud), e.g. named after the stack.
package warm_standby.rules.state.distinct_state

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some a in lib.stacks
	some b in lib.stacks
	a.name < b.name
	location := _location(a.backend)
	location == _location(b.backend)
	finding := lib.stack_finding(b.name, _address(b.backend), sprintf(
		"%s: stacks %s (%v) and %s (%v) share the same state %s",
		[_address(b.backend), a.name, a.region, b.name, b.region, location],
	))
}

_location(b) := concat("", ["s3://", b.bucket, "/", b.key]) if {
	b.type == "s3"
	lib.is_literal(b.bucket)
	lib.is_literal(b.key)
}

_location(b) := concat("", ["workspace ", object.get(b, "organization", ""), "/", b.workspace]) if {
	b.type in {"cloud", "remote"}
	lib.is_literal(b.workspace)
}

_address(b) := "terraform.cloud" if b.type == "cloud"

_address(b) := concat(".", ["terraform.backend", b.type]) if b.type != "cloud"
