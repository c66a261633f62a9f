# METADATA
# title: Every source PostgreSQL instance has a read replica in the standby Region
# description: |
#   The standby Region keeps an asynchronous cross-Region read replica of each source PostgreSQL
#   instance, promoted on failover. The replica names its source by ARN
#   (replicate_source_db = arn:aws:rds:<primary Region>:<account>:db:<identifier>), so the source
#   needs a fixed identifier.
# custom:
#   id: WS-RDS-001
#   severity: CRITICAL
#   enforcement: mandatory
#   scope: cross_region
#   modes: [normal]
#   mode_reason: the replica is promoted, so no replica of the lost source may remain (WS-FO-002)
#   recommended_action: Create an aws_db_instance in the standby Region with replicate_source_db set to the source instance's ARN.
package warm_standby.rules.rds.cross_region_replica

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some source in lib.resources_in("aws_db_instance", lib.primary_region)
	_is_postgres_source(source)
	not _replicated(source)
	finding := lib.finding(source, sprintf(
		"%s (%v) has no read replica in the standby Region %s (no aws_db_instance there with replicate_source_db = arn:aws:rds:%s:<account>:db:%v)",
		[source.address, _identifier(source), lib.standby_region, source.region, _identifier(source)],
	))
}

_is_postgres_source(r) if {
	r.values.engine == "postgres"
	not lib.is_db_replica(r)
}

_identifier(r) := r.values.identifier if {
	lib.is_literal(r.values.identifier)
} else := "<no fixed identifier>"

_replicated(source) if {
	some replica in lib.resources_in("aws_db_instance", lib.standby_region)
	arn := replica.values.replicate_source_db
	lib.arn_service(arn) == "rds"
	lib.arn_region(arn) == source.region
	endswith(arn, concat("", [":db:", source.values.identifier]))
}
