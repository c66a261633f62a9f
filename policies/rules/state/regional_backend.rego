# METADATA
# title: Each stack's state lives in its own Region
# description: |
#   The standby Region must stay deployable while the primary Region is down, so a stack's S3
#   state bucket is in the stack's own Region (backend region == stack Region). HCP Terraform
#   stacks name one workspace explicitly (a tag-selected workspace set could put both Regions'
#   state in the same workspace); that the workspaces differ per stack is WS-STATE-004.
# custom:
#   id: WS-STATE-002
#   severity: HIGH
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   inputs: [cdktf_app]
#   inputs_reason: needs the synthesized cdktf app; a Terraform plan carries no backend configuration
#   recommended_action: Use the state bucket in the stack's own Region (backend.bucketPrefix + Region) and set the backend region to it; for Terraform Cloud set workspaces.name per stack.
package warm_standby.rules.state.regional_backend

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some s in lib.stacks
	s.backend.type == "s3"
	s.backend.region != s.region
	finding := lib.stack_finding(s.name, "terraform.backend.s3", sprintf(
		"terraform.backend.s3: stack %s in %v keeps its state in Region %v (bucket %v)",
		[s.name, s.region, s.backend.region, s.backend.bucket],
	))
}

deny contains finding if {
	some s in lib.stacks
	s.backend.type in {"cloud", "remote"}
	not lib.is_literal(s.backend.workspace)
	address := _cloud_address(s.backend.type)
	finding := lib.stack_finding(s.name, address, sprintf("%s: stack %s does not name its workspace (workspaces.name)", [address, s.name]))
}

_cloud_address("cloud") := "terraform.cloud"

_cloud_address("remote") := "terraform.backend.remote"
