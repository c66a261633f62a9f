# METADATA
# title: Standby Velero reads the replica bucket
# description: |
#   On failover the standby cluster restores from the replicated backups: the standby Region's
#   Velero backup storage location must be a bucket that the primary backup bucket replicates to,
#   in the standby Region (configuration.backupStorageLocation[N].bucket and .config.region).
# custom:
#   id: WS-BAK-004
#   severity: HIGH
#   enforcement: mandatory
#   scope: cross_region
#   modes: [normal]
#   mode_reason: it compares standby Velero with the primary's replication destination, which a failover plan leaves out
#   recommended_action: Point the standby Velero release's backupStorageLocation bucket (and config.region) at the replication destination bucket in the standby Region.
package warm_standby.rules.backup.standby_reads_replica

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some release in _standby_releases
	buckets := lib.velero_buckets(release)
	count(buckets & _replica_buckets) == 0
	finding := lib.finding(release, sprintf(
		"%s: the standby Velero release reads %v, which is not a replication destination of the primary backup bucket (%v)",
		[release.address, _list(buckets), _list(_replica_buckets)],
	))
}

deny contains finding if {
	some release in _standby_releases
	some region in lib.velero_regions(release)
	region != release.region
	finding := lib.finding(release, sprintf(
		"%s: the standby Velero backup storage location is configured for Region %s, not the standby Region %s",
		[release.address, region, release.region],
	))
}

_standby_releases := [r |
	some r in lib.resources_in("helm_release", lib.standby_region)
	lib.is_velero(r)
]

# Names of buckets the primary Region's backup buckets replicate to.
_replica_buckets := {name |
	some bucket in lib.resources_in("aws_s3_bucket", lib.primary_region)
	lib.is_component(bucket, "velero-backup")
	some arn in lib.s3_replica_destinations(bucket)
	startswith(arn, "arn:aws:s3:::")
	name := substring(arn, count("arn:aws:s3:::"), -1)
}

_list(names) := "none" if count(names) == 0

_list(names) := concat(", ", sort(names)) if count(names) > 0
