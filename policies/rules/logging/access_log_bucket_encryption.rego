# METADATA
# title: S3 access-log buckets use SSE-S3 default encryption
# description: |
#   S3 server access log delivery does not support SSE-KMS as the target bucket's default encryption
#   (S3 User Guide, "Enabling Amazon S3 server access logging": only SSE-S3, AES256). A target with
#   aws:kms or aws:kms:dsse default encryption silently receives no logs. Every access-log bucket
#   (tagged warm-standby/component = s3-access-logs, or the target_bucket of an aws_s3_bucket_logging)
#   must not have such a default encryption configuration.
# custom:
#   id: WS-LOG-004
#   severity: MEDIUM
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Set sse_algorithm = "AES256" (SSE-S3) in the access-log bucket's aws_s3_bucket_server_side_encryption_configuration (the AccessLogBucket construct does).
package warm_standby.rules.logging.access_log_bucket_encryption

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some config in lib.resources_of("aws_s3_bucket_server_side_encryption_configuration")
	some bucket in _configured_buckets(config)
	lib.is_access_log_bucket(bucket)
	some rule in lib.blocks(config.values, "rule")
	algorithm := lib.block(rule, "apply_server_side_encryption_by_default").sse_algorithm
	startswith(algorithm, "aws:kms")
	finding := lib.finding(config, sprintf(
		"%s sets default encryption %s on access-log bucket %s; S3 server access log delivery supports SSE-S3 (AES256) only",
		[config.address, algorithm, bucket.address],
	))
}

deny contains finding if {
	some bucket in lib.resources_of("aws_s3_bucket")
	lib.is_access_log_bucket(bucket)
	some inline in lib.blocks(bucket.values, "server_side_encryption_configuration")
	some rule in lib.blocks(inline, "rule")
	algorithm := lib.block(rule, "apply_server_side_encryption_by_default").sse_algorithm
	startswith(algorithm, "aws:kms")
	finding := lib.finding(bucket, sprintf(
		"%s is an access-log bucket with default encryption %s; S3 server access log delivery supports SSE-S3 (AES256) only",
		[bucket.address, algorithm],
	))
}

_configured_buckets(config) := lib.referenced(config, "bucket", "aws_s3_bucket") if {
	count(lib.referenced(config, "bucket", "aws_s3_bucket")) > 0
} else := [b |
	some b in lib.resources_of("aws_s3_bucket")
	b.stack == config.stack
	lib.is_literal(config.values.bucket)
	b.values.bucket == config.values.bucket
]
