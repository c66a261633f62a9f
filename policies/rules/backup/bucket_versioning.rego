# METADATA
# title: Versioning on every backup bucket
# description: |
#   S3 replication requires versioning on both the source and the destination bucket, and
#   versioning keeps a backup recoverable after an accidental overwrite or delete. Applies to
#   buckets tagged warm-standby/component=velero-backup and to buckets a Velero release stores to.
# custom:
#   id: WS-BAK-003
#   severity: HIGH
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Add an aws_s3_bucket_versioning for the bucket with versioning_configuration.status = "Enabled".
package warm_standby.rules.backup.bucket_versioning

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some bucket in lib.resources_of("aws_s3_bucket")
	_backup_bucket(bucket)
	not _versioned(bucket)
	finding := lib.finding(bucket, sprintf("%s (%v) is a backup bucket without versioning enabled", [bucket.address, object.get(bucket.values, "bucket", "unnamed")]))
}

_backup_bucket(bucket) if lib.is_component(bucket, "velero-backup")

_backup_bucket(bucket) if {
	some release in lib.resources_of("helm_release")
	lib.is_velero(release)
	bucket.values.bucket in lib.velero_buckets(release)
}

_versioned(bucket) if {
	some v in lib.resources_of("aws_s3_bucket_versioning")
	_versions(v, bucket)
	lib.block(v.values, "versioning_configuration").status == "Enabled"
}

# Inline versioning block (deprecated), or the versioning an existing bucket reports in a plan.
_versioned(bucket) if {
	some v in lib.blocks(bucket.values, "versioning")
	lib.is_true(v.enabled)
}

_versions(v, bucket) if {
	lib.is_literal(v.values.bucket)
	v.values.bucket == bucket.values.bucket
}

_versions(v, bucket) if lib.references_via(v, "bucket", bucket)
