# METADATA
# title: Backup replica follows the primary's deletes and expires what they leave
# description: |
#   Velero's garbage collection (expired backups) and Kopia maintenance (unreferenced blobs) delete
#   objects in the primary's versioned backup bucket without a version id, which leaves a delete
#   marker. Without delete marker replication the standby's replica keeps every backup ever taken
#   as a current object and grows forever. With it, the replica's noncurrent versions (the undo
#   window for a mistaken delete) must expire, and so must the delete markers left alone after that
#   (expired_object_delete_marker), or the replica still grows. Checked for every enabled rule of a
#   replication configuration on a velero-backup bucket, and for the standby backup bucket it
#   replicates to.
# custom:
#   id: WS-BAK-009
#   severity: MEDIUM
#   enforcement: mandatory
#   scope: cross_region
#   modes: [normal]
#   mode_reason: the backup bucket's replication lives in the replication stack, which a failover plan leaves out
#   recommended_action: Set delete_marker_replication.status = "Enabled" on the backup replication rule and give the standby backup bucket a lifecycle rule with noncurrent_version_expiration and expiration.expired_object_delete_marker = true.
package warm_standby.rules.backup.replica_follows_deletes

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some config in _backup_replications
	some i, rule in lib.blocks(config.values, "rule")
	object.get(rule, "status", "Enabled") == "Enabled"
	not _replicates_delete_markers(rule)
	finding := lib.finding(config, sprintf(
		"%s: replication rule %s of backup bucket %s does not replicate delete markers, so the standby replica keeps every expired backup and grows forever",
		[config.address, _rule_id(rule, i), config.values.bucket],
	))
}

deny contains finding if {
	some config in _backup_replications
	some rule in lib.blocks(config.values, "rule")
	object.get(rule, "status", "Enabled") == "Enabled"
	some dest in lib.blocks(rule, "destination")
	some key in _standby_buckets_by_arn[dest.bucket]
	bucket := lib.resource_at[key]
	not _expires_leftovers(bucket)
	finding := lib.finding(bucket, sprintf(
		"%s (%v) receives replicated deletes but no enabled lifecycle rule expires both its noncurrent versions and its expired delete markers",
		[bucket.address, bucket.values.bucket],
	))
}

# Replication configurations whose source is a velero-backup bucket (by literal name or reference).
_backup_replications := [config |
	some config in lib.resources_of("aws_s3_bucket_replication_configuration")
	_backup_source(config)
]

_backup_source(config) if config.values.bucket in _backup_names

_backup_source(config) if {
	some b in lib.referenced(config, "bucket", "aws_s3_bucket")
	lib.is_component(b, "velero-backup")
}

_backup_names := {b.values.bucket |
	some b in lib.resources_of("aws_s3_bucket")
	lib.is_component(b, "velero-backup")
	lib.is_literal(b.values.bucket)
}

_replicates_delete_markers(rule) if lib.block(rule, "delete_marker_replication").status == "Enabled"

_expires_leftovers(bucket) if {
	some config in _lifecycles_of(bucket)
	some rule in lib.blocks(config.values, "rule")
	object.get(rule, "status", "Enabled") == "Enabled"
	some n in lib.blocks(rule, "noncurrent_version_expiration")
	_positive_or_token(object.get(n, "noncurrent_days", 0))
	some e in lib.blocks(rule, "expiration")
	lib.is_true(object.get(e, "expired_object_delete_marker", false))
}

# Lifecycle configurations of a bucket, naming it literally or by reference.
# Lookups instead of scans (each would pair every bucket with every configuration): [stack, address]
# of the standby Region's buckets by ARN, lifecycle configurations by bucket name and by the
# [stack, address] they reference.
_standby_buckets_by_arn[arn] contains [bucket.stack, bucket.address] if {
	some bucket in lib.resources_in("aws_s3_bucket", lib.standby_region)
	lib.is_literal(bucket.values.bucket)
	arn := concat("", ["arn:aws:s3:::", bucket.values.bucket])
}

_lifecycles_of(bucket) := [lib.resource_at[key] | some key in _lifecycle_keys(bucket)]

_lifecycle_keys(bucket) := {key |
	lib.is_literal(bucket.values.bucket)
	some key in _lifecycles_by_name[bucket.values.bucket]
} | {key | some key in _lifecycles_by_ref[[bucket.stack, bucket.address]]}

_lifecycles_by_name[name] contains [config.stack, config.address] if {
	some config in lib.resources_of("aws_s3_bucket_lifecycle_configuration")
	name := config.values.bucket
	is_string(name)
}

_lifecycles_by_ref[[config.stack, ref]] contains [config.stack, config.address] if {
	some config in lib.resources_of("aws_s3_bucket_lifecycle_configuration")
	some ref in config.refs
}

_positive_or_token(x) if lib.num(x) > 0

_positive_or_token(x) if lib.is_token(x)

_rule_id(rule, i) := rule.id if {
	is_string(rule.id)
} else := sprintf("#%d", [i])
