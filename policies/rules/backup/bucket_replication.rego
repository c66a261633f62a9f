# METADATA
# title: Backup bucket replicates to the standby Region
# description: |
#   The primary Region's Velero backup bucket must have an enabled S3 replication rule whose
#   destination is a bucket declared in the standby Region, so backups survive the loss of the
#   primary Region. The replication configuration may sit in any stack (normally the
#   replication stack) and names its source bucket by name or by reference.
# custom:
#   id: WS-BAK-002
#   severity: CRITICAL
#   enforcement: mandatory
#   scope: cross_region
#   modes: [normal]
#   mode_reason: the backup bucket's replication from the lost primary Region lives in the replication stack, which a failover plan leaves out
#   recommended_action: Add an aws_s3_bucket_replication_configuration on the primary backup bucket with an Enabled rule whose destination is the standby Region's backup bucket.
package warm_standby.rules.backup.bucket_replication

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some bucket in lib.resources_in("aws_s3_bucket", lib.primary_region)
	lib.is_component(bucket, "velero-backup")
	not _replicates_to_standby(bucket)
	finding := lib.finding(bucket, sprintf(
		"%s (%v) has no enabled S3 replication rule to a bucket in the standby Region %s",
		[bucket.address, object.get(bucket.values, "bucket", "unnamed"), lib.standby_region],
	))
}

_replicates_to_standby(bucket) if {
	some destination in lib.s3_replica_destinations(bucket)
	_standby_bucket(destination)
}

_standby_bucket(arn) if {
	some b in lib.resources_in("aws_s3_bucket", lib.standby_region)
	arn == concat("", ["arn:aws:s3:::", b.values.bucket])
}
