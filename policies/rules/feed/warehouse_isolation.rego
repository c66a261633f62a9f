# METADATA
# title: Redshift warehouse shares its key, or the loader connects as the master user
# description: |
#   The feed warehouse holds the payment feed: its cluster and master secret are encrypted with a
#   KMS key of their own, not one another store uses (the queue key's policy admits SNS, and every
#   principal allowed to decrypt the queues could then decrypt the warehouse's secret and snapshots).
#   The Lambda loader connects with temporary credentials as a database user that may only INSERT,
#   never as the cluster's master user, so a compromised loader cannot drop or read the warehouse.
# custom:
#   id: WS-FEED-008
#   severity: HIGH
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Encrypt the cluster (kms_key_id) and its master secret (master_password_secret_kms_key_id) with the Region's dedicated Redshift key, and set the loader's DB_USER to an INSERT-only database user created by the loader-user bootstrap.
package warm_standby.rules.feed.warehouse_isolation

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

_key_attrs := ["kms_key_id", "master_password_secret_kms_key_id"]

_other_key_attrs := ["kms_key_id", "kms_master_key_id", "kms_key_arn"]

# Stores that take a KMS key in one of _other_key_attrs.
_encrypted_types := [
	"aws_sqs_queue", "aws_sns_topic", "aws_db_instance", "aws_elasticache_replication_group", "aws_secretsmanager_secret",
	"aws_opensearch_domain", "aws_cloudwatch_log_group", "aws_ebs_volume", "aws_dynamodb_table",
]

deny contains finding if {
	some cluster in lib.resources_of("aws_redshift_cluster")
	some attr in _key_attrs
	some key in _keys_of(cluster, attr)
	some use in _uses
	use.stack == cluster.stack
	use.key == key
	finding := lib.finding(cluster, sprintf(
		"%s: %s is also the key of %s (%s); the warehouse needs a key of its own",
		[cluster.address, attr, use.address, use.attr],
	))
}

# The aws_kms_key a resource's attribute names: by reference, or a literal key ARN.
_keys_of(r, attr) := {ref | some ref in object.get(r.attr_refs, attr, set()); regex.match(`^aws_kms_key\.[^.]+$`, ref)} | {value |
	value := object.get(r.values, attr, null)
	is_string(value)
	startswith(value, "arn:")
}

# Every key use by another store, built once.
_uses := [{"stack": r.stack, "key": key, "address": r.address, "attr": attr} |
	some rtype in _encrypted_types
	some r in lib.resources_of(rtype)
	some attr in _other_key_attrs
	some key in _keys_of(r, attr)
]

deny contains finding if {
	some loader in lib.resources_of("aws_lambda_function")
	lib.is_component(loader, "feed-loader")
	user := object.get(object.get(lib.block(loader.values, "environment"), "variables", {}), "DB_USER", null)
	is_string(user)
	some cluster in lib.resources_of("aws_redshift_cluster")
	cluster.stack == loader.stack
	user == object.get(cluster.values, "master_username", null)
	finding := lib.finding(loader, sprintf(
		"%s: the feed loader connects as %s, the master user of %s; give it an INSERT-only database user",
		[loader.address, user, cluster.address],
	))
}
