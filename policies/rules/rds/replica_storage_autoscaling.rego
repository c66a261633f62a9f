# METADATA
# title: The cross-Region replica can grow as far as its source
# description: |
#   RDS storage autoscaling is set per instance, and a read replica does not inherit its source's
#   max_allocated_storage. When the source autoscales past the replica's storage, the replica runs
#   out of space, replication stops and the standby's RPO grows without bound. Every replica in
#   the standby Region of a source with storage autoscaling must set max_allocated_storage at least
#   as high as the source's.
# custom:
#   id: WS-RDS-006
#   severity: HIGH
#   enforcement: mandatory
#   scope: cross_region
#   modes: [normal]
#   mode_reason: the replica is promoted; the lost source no longer grows
#   recommended_action: Set max_allocated_storage on the replica to at least the source's (PostgresReadReplica takes it from the source ref, maxAllocatedStorageGiB).
package warm_standby.rules.rds.replica_storage_autoscaling

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some source in lib.resources_in("aws_db_instance", lib.primary_region)
	not lib.is_db_replica(source)
	source_limit := lib.num(source.values.max_allocated_storage)
	source_limit > 0
	some replica in lib.resources_in("aws_db_instance", lib.standby_region)
	_replicates(replica, source)
	not _limit_at_least(replica, source_limit)
	finding := lib.finding(replica, sprintf(
		"%s: max_allocated_storage = %v is below its source %s's %v GiB, so the replica fills up and stops replicating once the source autoscales",
		[replica.address, object.get(replica.values, "max_allocated_storage", "unset"), source.address, source_limit],
	))
}

_replicates(replica, source) if {
	arn := replica.values.replicate_source_db
	lib.arn_service(arn) == "rds"
	lib.arn_region(arn) == source.region
	endswith(arn, concat("", [":db:", source.values.identifier]))
}

_limit_at_least(replica, limit) if lib.num(replica.values.max_allocated_storage) >= limit
