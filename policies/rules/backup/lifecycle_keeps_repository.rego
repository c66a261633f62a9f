# METADATA
# title: Backup bucket lifecycle never expires the Velero repository
# description: |
#   Velero owns backup retention (backup TTL, garbage collection) and Kopia maintenance owns the
#   file-system backup repository (kopia/, or restic/ for old restic repositories), whose blobs
#   every volume backup shares. An S3 lifecycle rule that expires current objects (expiration
#   days or date) under the repository prefixes, or over the whole bucket, deletes blobs that live
#   backups still reference: after that many days no volume backup restores. Applies to every
#   Velero backup bucket (tag warm-standby/component=velero-backup), the primary's and the
#   standby's replica. Rules filtered on object tags (Velero and Kopia do not tag objects),
#   noncurrent-version expiration, expired-object-delete-marker clean-up and aborting incomplete
#   multipart uploads are safe and allowed. Repository prefixes under a Velero location prefix
#   (configuration.backupStorageLocation[N].prefix) are covered too.
# custom:
#   id: WS-BAK-006
#   severity: CRITICAL
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Remove the expiration (days/date) from lifecycle rules of the Velero backup bucket that cover kopia/, restic/ or the whole bucket; let the Velero TTL and Kopia maintenance delete data, and keep only noncurrent-version expiration and abort-incomplete-multipart-upload.
package warm_standby.rules.backup.lifecycle_keeps_repository

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some config in lib.resources_of("aws_s3_bucket_lifecycle_configuration")
	bucket_name := _backup_bucket_of(config)
	some i, rule in lib.blocks(config.values, "rule")
	object.get(rule, "status", "Enabled") == "Enabled"
	_expires_current(lib.blocks(rule, "expiration"))
	prefix := _rule_prefix(rule)
	_covers_repository(prefix)
	finding := lib.finding(config, sprintf(
		"%s: lifecycle rule %s (prefix \"%s\") expires current objects of the Velero backup bucket %s, including the Kopia/restic repository every file-system backup shares; volume backups stop restoring once their blobs expire",
		[config.address, _rule_id(rule, i), prefix, bucket_name],
	))
}

# Inline lifecycle_rule of aws_s3_bucket (deprecated in AWS provider 4+, still accepted).
deny contains finding if {
	some bucket in lib.resources_of("aws_s3_bucket")
	lib.is_component(bucket, "velero-backup")
	some i, rule in lib.blocks(bucket.values, "lifecycle_rule")
	lib.is_true(object.get(rule, "enabled", false))
	_expires_current(lib.blocks(rule, "expiration"))
	not _has_tags(object.get(rule, "tags", {}))
	prefix := _str(object.get(rule, "prefix", ""))
	_covers_repository(prefix)
	finding := lib.finding(bucket, sprintf(
		"%s: lifecycle_rule %s (prefix \"%s\") expires current objects of the Velero backup bucket, including the Kopia/restic repository every file-system backup shares",
		[bucket.address, _rule_id(rule, i), prefix],
	))
}

# Names of the Velero backup buckets, and their addresses per stack, computed once.
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

# An expiration of current objects: days or date (expired_object_delete_marker alone only removes
# delete markers with no versions left, which deletes no data).
_expires_current(expirations) if {
	some e in expirations
	days := lib.num(object.get(e, "days", 0))
	days > 0
}

_expires_current(expirations) if {
	some e in expirations
	lib.is_literal(object.get(e, "date", ""))
}

# Days or a date given by an expression (a variable, a local): any value may arrive, so it counts as
# an expiration rather than as none.
_expires_current(expirations) if {
	some e in expirations
	some key in ["days", "date"]
	lib.is_token(object.get(e, key, null))
}

# The key prefix a rule applies to: "" for the whole bucket. Undefined when the rule is narrowed to
# tagged objects, which Velero and Kopia never create.
_rule_prefix(rule) := prefix if {
	filters := lib.blocks(rule, "filter")
	count(filters) == 0
	prefix := _str(object.get(rule, "prefix", ""))
} else := prefix if {
	some filter in lib.blocks(rule, "filter")
	not _tagged(filter)
	ands := lib.blocks(filter, "and")
	prefix := _filter_prefix(filter, ands)
}

_tagged(filter) if count(lib.blocks(filter, "tag")) > 0

_tagged(filter) if {
	some a in lib.blocks(filter, "and")
	_has_tags(object.get(a, "tags", {}))
}

_has_tags(tags) if {
	is_object(tags)
	count(tags) > 0
}

_filter_prefix(filter, ands) := _str(object.get(ands[0], "prefix", "")) if {
	count(ands) > 0
} else := _str(object.get(filter, "prefix", ""))

# Plans render unset attributes as null.
_str(x) := x if {
	is_string(x)
} else := ""

_rule_id(rule, i) := rule.id if {
	is_string(rule.id)
} else := sprintf("#%d", [i])

# Repository prefixes: kopia/ and restic/ at the root or under a Velero location prefix.
# (Location prefixes as Helm renders them: set entries override the values YAML element by element.)
_repository_prefixes := {"kopia/", "restic/"} | {concat("", [trim_right(p, "/"), "/", repo]) |
	some release in lib.resources_of("helm_release")
	lib.is_velero(release)
	some p in lib.helm_list_values(release, "configuration.backupStorageLocation", "prefix")
	lib.is_literal(p)
	some repo in ["kopia/", "restic/"]
}

# A prefix covers a repository when either is a prefix of the other ("" covers everything).
_covers_repository(prefix) if {
	some repo in _repository_prefixes
	startswith(repo, prefix)
}

_covers_repository(prefix) if {
	some repo in _repository_prefixes
	startswith(prefix, repo)
}
