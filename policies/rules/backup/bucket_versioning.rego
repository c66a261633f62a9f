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

_backup_bucket(bucket) if bucket.values.bucket in _velero_bucket_names

# Bucket names the Velero releases back up to, collected once.
_velero_bucket_names := {name |
	some release in lib.resources_of("helm_release")
	lib.is_velero(release)
	some name in lib.velero_buckets(release)
}

_versioned(bucket) if bucket.values.bucket in _versioned_names

_versioned(bucket) if [bucket.stack, bucket.address] in _versioned_keys

# Inline versioning block (deprecated), or the versioning an existing bucket reports in a plan.
_versioned(bucket) if {
	some v in lib.blocks(bucket.values, "versioning")
	lib.is_true(v.enabled)
}

# Buckets with enabled versioning resources, by literal name and by reference, collected once.
_enabled_versionings := [v |
	some v in lib.resources_of("aws_s3_bucket_versioning")
	lib.block(v.values, "versioning_configuration").status == "Enabled"
]

_versioned_names := {v.values.bucket | some v in _enabled_versionings; lib.is_literal(v.values.bucket)}

_versioned_keys := {[b.stack, b.address] |
	some v in _enabled_versionings
	some b in lib.referenced(v, "bucket", "aws_s3_bucket")
}
