package warm_standby.lib

# ---------------------------------------------------------------------------------------------
# OpenSearch cross-cluster replication.

opensearch_domain_types := {"aws_opensearch_domain", "aws_elasticsearch_domain"}

# [follower, leader] domain pairs, each domain as its [stack, address] (read it from resource_at):
# an outbound connection in the standby Region from the follower (its local domain, by literal name
# or by reference) to the primary Region's domain with the connection's remote name. Looked up by
# name and by [stack, address]: pairing every connection with every domain of both Regions would
# grow with the cube of the input, and a set of whole resources would hash each one.
opensearch_replication_pairs contains [follower_key, leader_key] if {
	some connection in resources_in("aws_opensearch_outbound_connection", standby_region)
	remote := block(connection.values, "remote_domain_info")
	some follower_key in _opensearch_local_keys(connection)
	some leader_key in _opensearch_keys_by_name[[primary_region, remote.domain_name]]
}

# [stack, address] of the domains of each [region, literal domain name].
_opensearch_keys_by_name[[region, name]] contains [d.stack, d.address] if {
	some rtype in opensearch_domain_types
	some d in resources_of(rtype)
	region := d.region
	name := d.values.domain_name
	is_literal(name)
}

_opensearch_local_keys(connection) := {key |
	name := block(connection.values, "local_domain_info").domain_name
	some key in _opensearch_keys_by_name[[standby_region, name]]
} | {[connection.stack, address] |
	some address in object.get(connection.attr_refs, "local_domain_info", set())
	d := resource_at[[connection.stack, address]]
	d.type in opensearch_domain_types
	d.region == standby_region
}
