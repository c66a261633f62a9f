# METADATA
# title: Each stack keeps remote state with locking
# description: |
#   Failover is run under pressure, maybe from a different machine: every stack keeps its state
#   in a remote backend with locking — S3 with a DynamoDB lock table (dynamodb_table) or S3
#   native locking (use_lockfile), or HCP Terraform (cloud / remote backend).
# custom:
#   id: WS-STATE-001
#   severity: HIGH
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   inputs: [cdktf_app]
#   inputs_reason: needs the synthesized cdktf app; a Terraform plan carries no backend configuration
#   recommended_action: Configure the environment's backend (S3 with a lock table or use_lockfile, or Terraform Cloud workspaces) for every stack.
package warm_standby.rules.state.remote_locking

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some s in lib.stacks
	s.format == "cdktf"
	not _locked_remote(s.backend)
	finding := lib.stack_finding(s.name, _address(s.backend), sprintf("%s: stack %s %s", [_address(s.backend), s.name, _problem(s.backend)]))
}

_locked_remote(b) if {
	b.type == "s3"
	lib.is_literal(b.lock_table)
}

_locked_remote(b) if {
	b.type == "s3"
	b.use_lockfile == true
}

_locked_remote(b) if b.type in {"cloud", "remote"}

_address(null) := "terraform"

_address(b) := "terraform.cloud" if b.type == "cloud"

_address(b) := concat(".", ["terraform.backend", b.type]) if {
	b != null
	b.type != "cloud"
}

_problem(null) := "has no backend: its state is local"

_problem(b) := "keeps its state locally" if b.type == "local"

_problem(b) := "uses an S3 backend without locking (no dynamodb_table, use_lockfile not true)" if b.type == "s3"

_problem(b) := sprintf("uses the %s backend; use S3 with locking or HCP Terraform", [b.type]) if {
	b != null
	not b.type in {"local", "s3", "cloud", "remote"}
}
