# METADATA
# title: Failover plan needs nothing in the primary Region
# description: |
#   A failover is planned and applied while the primary Region is down, so the promoted standby
#   stack may not configure a provider for the primary Region (any provider type, aliased or not),
#   manage a resource or read a data source through one, read terraform_remote_state stored there,
#   or keep its own state there.
# custom:
#   id: WS-FO-003
#   severity: CRITICAL
#   enforcement: mandatory
#   scope: stack_local
#   modes: [failover]
#   mode_reason: the standby's reads are checked by WS-STATE-003 in normal operation; this stricter check applies to the failover plan
#   recommended_action: Remove providers, resources and data sources for the primary Region from the standby stack, replace remote-state reads with values from the environment configuration, and keep the standby's state in the standby Region.
package warm_standby.rules.failover.primary_region_free

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some s in lib.failover_stacks
	some p in lib.providers
	p.stack == s.name
	p.region == s.peer_region
	address := concat(".", ["provider", p.key])
	finding := lib.stack_finding(s.name, address, sprintf(
		"%s: the failover stack %s configures a provider for the lost primary Region %s",
		[address, s.name, s.peer_region],
	))
}

deny contains finding if {
	some s in lib.failover_stacks
	some r in lib.resources
	r.stack == s.name
	r.region == s.peer_region
	finding := lib.finding(r, sprintf("%s: the failover stack %s manages it in the lost primary Region %s", [r.address, s.name, s.peer_region]))
}

deny contains finding if {
	some s in lib.failover_stacks
	some d in lib.data_sources
	d.stack == s.name
	_reads_peer(d, s)
	finding := lib.finding(d, sprintf("%s: the failover stack %s reads it from the lost primary Region %s", [d.address, s.name, s.peer_region]))
}

deny contains finding if {
	some s in lib.failover_stacks
	s.backend.region == s.peer_region
	address := concat(".", ["terraform.backend", s.backend.type])
	finding := lib.stack_finding(s.name, address, sprintf(
		"%s: the failover stack %s keeps its state in the lost primary Region %s",
		[address, s.name, s.peer_region],
	))
}

_reads_peer(d, s) if d.region == s.peer_region

_reads_peer(d, s) if {
	d.type == "terraform_remote_state"
	lib.block(d.values, "config").region == s.peer_region
}
