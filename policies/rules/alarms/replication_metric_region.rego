# METADATA
# title: S3 replication alarms sit in the Region that publishes their metric
# description: |
#   S3 publishes OperationsFailedReplication in the source bucket's Region and ReplicationLatency,
#   OperationsPendingReplication and BytesPendingReplication in the destination bucket's Region
#   (S3 User Guide, "Using S3 Replication metrics"). An alarm in the other Region never sees a
#   datapoint and, treating missing data as not breaching, never fires. Checked for every
#   aws_cloudwatch_metric_alarm on AWS/S3 whose SourceBucket / DestinationBucket dimension names a
#   bucket of the configuration.
# custom:
#   id: WS-ALARM-004
#   severity: HIGH
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Create the alarm in the Region of the bucket that publishes the metric (an aliased provider for that Region) and point it at that Region's alert topic.
package warm_standby.rules.alarms.replication_metric_region

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

# Metric -> the dimension naming the bucket whose Region publishes it.
_publisher := {
	"OperationsFailedReplication": "SourceBucket",
	"ReplicationLatency": "DestinationBucket",
	"OperationsPendingReplication": "DestinationBucket",
	"BytesPendingReplication": "DestinationBucket",
}

deny contains finding if {
	some alarm in lib.resources_of("aws_cloudwatch_metric_alarm")
	object.get(alarm.values, "namespace", "") == "AWS/S3"
	dimension := _publisher[alarm.values.metric_name]
	bucket_name := object.get(object.get(alarm.values, "dimensions", {}), dimension, "")
	some bucket in lib.resources_of("aws_s3_bucket")
	bucket.values.bucket == bucket_name
	is_string(bucket.region)
	bucket.region != alarm.region
	finding := lib.finding(alarm, sprintf(
		"%s: %s is published in the Region of its %s %s (%s), but the alarm is in %s: it never gets a datapoint",
		[alarm.address, alarm.values.metric_name, dimension, bucket_name, bucket.region, alarm.region],
	))
}
