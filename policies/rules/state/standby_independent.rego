# METADATA
# title: Standby stack reads nothing from the primary Region
# description: |
#   The standby stack must plan and apply while the primary Region is down. It may not read a
#   terraform_remote_state stored in the primary Region (the cross-stack references cdktf creates
#   automatically), use a data source through a provider in the primary Region, or configure an
#   AWS provider for the primary Region at all. Cross-Region identifiers come from the
#   environment's configuration or deterministic names instead.
# custom:
#   id: WS-STATE-003
#   severity: CRITICAL
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   roles: [standby]
#   recommended_action: Replace the cross-stack reference with a value from the environment configuration or a deterministic name (a RegionalRef), and remove providers for the primary Region from the standby stack.
package warm_standby.rules.state.standby_independent

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some s in _standby_stacks
	some d in lib.data_sources_of("terraform_remote_state")
	d.stack == s.name
	_reads_peer_state(d, s)
	finding := lib.finding(d, sprintf("%s: the standby stack %s reads remote state stored in the primary Region %s", [d.address, s.name, _peer(s)]))
}

deny contains finding if {
	some s in _standby_stacks
	some d in lib.data_sources
	d.stack == s.name
	d.type != "terraform_remote_state"
	d.region == _peer(s)
	finding := lib.finding(d, sprintf("%s: the standby stack %s reads a data source through a provider in the primary Region %s", [d.address, s.name, _peer(s)]))
}

deny contains finding if {
	some s in _standby_stacks
	some p in lib.providers
	p.stack == s.name
	p.type == "aws"
	p.region == _peer(s)
	address := concat(".", ["provider", p.key])
	finding := lib.stack_finding(s.name, address, sprintf("%s: the standby stack %s configures an AWS provider for the primary Region %s", [address, s.name, _peer(s)]))
}

_standby_stacks := [s |
	some s in lib.stacks
	s.role == "standby"
]

_peer(s) := s.peer_region if {
	is_string(s.peer_region)
} else := lib.primary_region

_reads_peer_state(d, s) if d.values.config.region == _peer(s)

# S3 state of a stack in the primary Region (when the whole app is given), by bucket.
_reads_peer_state(d, s) if {
	some peer in lib.stacks
	peer.region == _peer(s)
	peer.backend.type == "s3"
	d.values.config.bucket == peer.backend.bucket
}

# HCP Terraform workspace of a stack in the primary Region.
_reads_peer_state(d, s) if {
	some peer in lib.stacks
	peer.region == _peer(s)
	peer.backend.type in {"cloud", "remote"}
	d.values.config.workspaces.name == peer.backend.workspace
}
