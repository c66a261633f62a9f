# METADATA
# title: OpenSearch follower in the standby Region connected to the leader
# description: |
#   Cross-cluster replication pulls indices from the leader domain in the primary Region into a
#   follower domain in the standby Region over an outbound connection created on the follower's
#   side: for every leader there must be a domain in the standby Region and an
#   aws_opensearch_outbound_connection from it whose remote domain is the leader. The leader's side
#   must accept that connection, or it stays PENDING_ACCEPTANCE and nothing replicates: an
#   aws_opensearch_inbound_connection_accepter in the primary Region whose connection_id is the id
#   AWS assigned, read from where it was created (a reference or the standby stack's output), never
#   a literal copied by hand (a placeholder on a fresh environment, stale after re-creation).
# custom:
#   id: WS-OS-001
#   severity: HIGH
#   enforcement: mandatory
#   scope: cross_region
#   modes: [normal]
#   mode_reason: the follower stops following the lost leader; WS-FO-002 checks that no connection to it remains
#   recommended_action: Create the follower domain in the standby Region and an aws_opensearch_outbound_connection from it to the leader (remote_domain_info with the leader's Region and domain name), and accept it in the primary Region with an aws_opensearch_inbound_connection_accepter whose connection_id reads the connection's id (the replication stack reads the standby stack's opensearch_connection_id output).
package warm_standby.rules.opensearch.follower_connection

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

_domain_types := {"aws_opensearch_domain", "aws_elasticsearch_domain"}

deny contains finding if {
	some leader in _leaders
	count(_followers) == 0
	finding := lib.finding(leader, sprintf(
		"%s (%v) has no follower domain in the standby Region %s",
		[leader.address, leader.values.domain_name, lib.standby_region],
	))
}

deny contains finding if {
	some leader in _leaders
	count(_followers) > 0
	not _followed(leader)
	finding := lib.finding(leader, sprintf(
		"%s (%v) has no outbound connection from a follower domain in the standby Region %s",
		[leader.address, leader.values.domain_name, lib.standby_region],
	))
}

deny contains finding if {
	count(_leaders) > 0
	some connection in _follower_connections
	not lib.is_true(object.get(connection.values, "accept_connection", false))
	count(_accepters) == 0
	finding := lib.finding(connection, sprintf(
		"%s: no aws_opensearch_inbound_connection_accepter in the primary Region %s accepts this connection, so it stays PENDING_ACCEPTANCE and nothing replicates",
		[connection.address, lib.primary_region],
	))
}

deny contains finding if {
	some accepter in _accepters
	lib.is_literal(accepter.values.connection_id)
	finding := lib.finding(accepter, sprintf(
		"%s: connection_id is the literal %s; AWS assigns the id when the follower creates the connection, so read it (a reference, or the standby stack's output through terraform_remote_state) instead of copying it",
		[accepter.address, accepter.values.connection_id],
	))
}

_follower_connections := [c |
	some c in lib.resources_in("aws_opensearch_outbound_connection", lib.standby_region)
	_local_is_follower(c)
]

_accepters := lib.resources_in("aws_opensearch_inbound_connection_accepter", lib.primary_region)

_domains_in(region) := [r |
	some rtype in _domain_types
	some r in lib.resources_in(rtype, region)
	not lib.has_tag(r, "warm-standby/opensearch-role", "follower")
] if region == lib.primary_region

_domains_in(region) := [r |
	some rtype in _domain_types
	some r in lib.resources_in(rtype, region)
] if region == lib.standby_region

# Leader and follower domains, computed once (the wasm runtime does not cache function results).
_leaders := _domains_in(lib.primary_region)

_followers := _domains_in(lib.standby_region)

# [Region, domain name] of every leader a follower domain in the standby Region connects to.
_followed_domains contains [remote.region, remote.domain_name] if {
	some connection in lib.resources_in("aws_opensearch_outbound_connection", lib.standby_region)
	remote := lib.block(connection.values, "remote_domain_info")
	_local_is_follower(connection)
}

_followed(leader) if [leader.region, leader.values.domain_name] in _followed_domains

_local_is_follower(connection) if lib.block(connection.values, "local_domain_info").domain_name in _follower_names

_local_is_follower(connection) if {
	some address in object.get(connection.attr_refs, "local_domain_info", set())
	[connection.stack, address] in _follower_addresses
}

# Follower names and [stack, address] pairs, computed once and looked up per connection.
_follower_names := {name |
	some follower in _followers
	name := follower.values.domain_name
	lib.is_literal(name)
}

_follower_addresses := {[f.stack, f.address] | some f in _followers}
