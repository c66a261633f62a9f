# METADATA
# title: Every data bucket has S3 server access logs
# description: |
#   Object-level requests to the backup and payload buckets (who read or deleted which backup or
#   payment payload) are recorded only by S3 server access logs (PCI DSS 10.2). Every aws_s3_bucket
#   the configuration creates, other than an access-log bucket (tagged warm-standby/component =
#   s3-access-logs, or the target_bucket of an aws_s3_bucket_logging), needs an aws_s3_bucket_logging
#   whose bucket references it. A bucket that logs into itself does not count: each log delivery
#   would be logged again, forever.
# custom:
#   id: WS-LOG-003
#   severity: MEDIUM
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Pass the Region's AccessLogBucket as accessLogs to the bucket's construct (BackupBucket, PayloadBucket), or add an aws_s3_bucket_logging with bucket = the bucket's id and target_bucket = the Region's access-log bucket.
package warm_standby.rules.logging.server_access_logging

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some bucket in lib.resources_of("aws_s3_bucket")
	not lib.is_access_log_bucket(bucket)
	not [bucket.stack, bucket.address] in _logged
	finding := lib.finding(bucket, sprintf(
		"%s (%v) has no S3 server access logging (an aws_s3_bucket_logging whose bucket references it)",
		[bucket.address, object.get(bucket.values, "bucket", "unnamed bucket")],
	))
}

deny contains finding if {
	some logging in lib.resources_of("aws_s3_bucket_logging")
	some source in lib.s3_logging_buckets(logging, "bucket")
	some target in lib.s3_logging_buckets(logging, "target_bucket")
	source == target
	finding := lib.finding(logging, sprintf(
		"%s sends the access logs of %s into the same bucket; every log delivery would be logged again (use the Region's access-log bucket)",
		[logging.address, source[1]],
	))
}

_logged contains key if {
	some logging in lib.resources_of("aws_s3_bucket_logging")
	some key in lib.s3_logging_buckets(logging, "bucket")
	not key in lib.s3_logging_buckets(logging, "target_bucket")
}
