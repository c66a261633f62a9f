# METADATA
# title: Backup data is not archived where it restores slower than the RTO
# description: |
#   Velero reads its backups with GetObject. An S3 lifecycle rule that transitions current objects of
#   a Velero backup bucket to an archive storage class (GLACIER, i.e. S3 Glacier Flexible Retrieval,
#   or DEEP_ARCHIVE) makes them unreadable until someone restores each object: with the Standard
#   retrieval tier that typically takes 3-5 hours from GLACIER and up to 12 hours from DEEP_ARCHIVE
#   (https://docs.aws.amazon.com/AmazonS3/latest/userguide/restoring-objects-retrieval-options.html;
#   the hours are in policies/lib/dated_facts/data.json, s3_archive_restore). When that restore time
#   exceeds the RTO the stack declares, a failover that needs an archived backup misses its
#   objective. GLACIER_IR (Instant Retrieval), STANDARD_IA, ONEZONE_IA and INTELLIGENT_TIERING are
#   read with GET and allowed; noncurrent-version transitions do not touch the backups Velero reads.
#   Checked on aws_s3_bucket_lifecycle_configuration and inline lifecycle_rule of every bucket tagged
#   warm-standby/component=velero-backup.
# custom:
#   id: WS-BAK-010
#   severity: HIGH
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Remove the transition to GLACIER/DEEP_ARCHIVE from the Velero backup bucket's lifecycle rules (use GLACIER_IR or STANDARD_IA to save cost), or archive only data older than anything a failover restores under a prefix Velero does not read.
package warm_standby.rules.backup.archive_restore_within_rto

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some config in lib.resources_of("aws_s3_bucket_lifecycle_configuration")
	bucket_name := _backup_bucket_of(config)
	some i, rule in lib.blocks(config.values, "rule")
	object.get(rule, "status", "Enabled") == "Enabled"
	some transition in lib.blocks(rule, "transition")
	[class, hours] := _archive(transition)
	rto := lib.rto_seconds_for(config)
	hours * 3600 > rto
	finding := lib.finding(config, sprintf(
		"%s: lifecycle rule %s moves current objects of the Velero backup bucket %s to %s, which takes about %v h to restore (Standard retrieval), longer than the RTO of %v s",
		[config.address, _rule_id(rule, i), bucket_name, class, hours, rto],
	))
}

# Inline lifecycle_rule of aws_s3_bucket (deprecated in AWS provider 4+, still accepted).
deny contains finding if {
	some bucket in lib.resources_of("aws_s3_bucket")
	lib.is_component(bucket, "velero-backup")
	some i, rule in lib.blocks(bucket.values, "lifecycle_rule")
	lib.is_true(object.get(rule, "enabled", false))
	some transition in lib.blocks(rule, "transition")
	[class, hours] := _archive(transition)
	rto := lib.rto_seconds_for(bucket)
	hours * 3600 > rto
	finding := lib.finding(bucket, sprintf(
		"%s: lifecycle_rule %s moves current backup objects to %s, which takes about %v h to restore (Standard retrieval), longer than the RTO of %v s",
		[bucket.address, _rule_id(rule, i), class, hours, rto],
	))
}

# [storage class, restore hours] of a transition to an archive class.
_archive(transition) := [class, hours] if {
	class := upper(transition.storage_class)
	hours := lib.num(_restore_hours[class])
}

_restore_hours := data.dated_facts.s3_archive_restore.hours if {
	is_object(data.dated_facts.s3_archive_restore.hours)
} else := {}

_backup_names := {b.values.bucket |
	some b in lib.resources_of("aws_s3_bucket")
	lib.is_component(b, "velero-backup")
	lib.is_literal(b.values.bucket)
}

_backup_addresses := {[b.stack, b.address]: object.get(b.values, "bucket", b.address) |
	some b in lib.resources_of("aws_s3_bucket")
	lib.is_component(b, "velero-backup")
}

_backup_bucket_of(config) := config.values.bucket if {
	config.values.bucket in _backup_names
} else := name if {
	some ref in object.get(config.attr_refs, "bucket", set())
	name := _backup_addresses[[config.stack, ref]]
}

_rule_id(rule, i) := rule.id if {
	is_string(rule.id)
} else := sprintf("#%d", [i])
