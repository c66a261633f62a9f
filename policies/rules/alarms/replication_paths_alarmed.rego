# METADATA
# title: Every replication path has an alarm that notifies someone
# description: |
#   Replication that breaks silently is found only at failover, when it is too late. Every
#   replication path a stack holds must have a CloudWatch metric alarm (aws_cloudwatch_metric_alarm)
#   with at least one alarm action, on the metric that shows the path failing, in the Region where
#   the metric is published: an RDS read replica (AWS/RDS ReplicaLag, DBInstanceIdentifier), an S3
#   replication configuration (AWS/S3 OperationsFailedReplication, SourceBucket; needs replication
#   metrics on the rule), a Route 53 health check (AWS/Route53 HealthCheckStatus, HealthCheckId, in
#   us-east-1 where Route 53 publishes it; not the operator switches of WS-DNS-004, which only move
#   when flipped), a feed dead-letter queue (AWS/SQS, QueueName), a feed
#   loader Lambda (AWS/Lambda Errors, FunctionName) and an OpenSearch outbound connection (AWS/ES
#   cross-cluster replication metrics, DomainName of the follower). The alarm names the resource by
#   literal value or by reference (also inside metric_query metric math).
# custom:
#   id: WS-ALARM-001
#   severity: HIGH
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Add a CloudWatch alarm with alarm_actions on the Region's alert SNS topic for the replication path (see modules/alarms), on the metric and in the Region named in the finding.
package warm_standby.rules.alarms.replication_paths_alarmed

import data.warm_standby.lib
import data.warm_standby.lib.dns_switch

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some path in _paths
	not _alarmed(path)
	finding := lib.finding(path.resource, sprintf(
		"%s (%s %s) has no CloudWatch alarm with an alarm action on %s %s in %s",
		[path.resource.address, path.kind, path.name, path.namespace, concat(" or ", sort(path.metrics)), path.region],
	))
}

_alarmed(path) if {
	some metric in path.metrics
	[path.region, path.namespace, metric, path.dimension, path.name] in _literal_signatures
}

_alarmed(path) if {
	some metric in path.metrics
	some target in path.targets
	[path.resource.stack, path.region, path.namespace, metric, target] in _ref_signatures
}

# A health check whose id its stack exports (an operator switch's endpoint check lives in the standby
# stack, whose Region may not be us-east-1's) is alarmed from another stack that reads that output
# from the state: the replication stack, in the primary Region. Given the whole app, the alarm must be
# there; a plan or a stack alone cannot show it, so there the export is taken as the alarm's source.
_alarmed(path) if {
	path.namespace == "AWS/Route53"
	some name in _exported_by[[path.resource.stack, path.resource.address]]
	some alarm in _notifying_alarms
	alarm.region == path.region
	alarm.stack != path.resource.stack
	some m in _metrics(alarm)
	m.metric in path.metrics
	value := m.dimensions[path.dimension]
	is_string(value)
	contains(value, "data.terraform_remote_state.")
	endswith(value, concat("", [".outputs.", name, "}"]))
}

_alarmed(path) if {
	path.namespace == "AWS/Route53"
	count(_exported_by[[path.resource.stack, path.resource.address]]) > 0
	not lib.whole_app
}

# [stack, address] -> names of the outputs whose value references that resource, computed once.
_exported_by[[o.stack, address]] contains o.name if {
	some o in lib.outputs
	some address in o.refs
}

# ---------------------------------------------------------------------------------------------
# Replication paths: {resource, kind, name, namespace, metrics, dimension, targets, region}.

_paths contains path if {
	some db in lib.resources_of("aws_db_instance")
	lib.is_db_replica(db)
	path := _path(db, "RDS read replica", _name(db.values.identifier), "AWS/RDS", {"ReplicaLag"}, "DBInstanceIdentifier", {db.address}, db.region)
}

_paths contains path if {
	some config in lib.resources_of("aws_s3_bucket_replication_configuration")
	some rule in lib.blocks(config.values, "rule")
	object.get(rule, "status", "Enabled") == "Enabled"
	buckets := object.get(config.attr_refs, "bucket", set())
	path := _path(config, "S3 replication of", _source_bucket(config), "AWS/S3", {"OperationsFailedReplication"}, "SourceBucket", buckets, config.region)
}

_paths contains path if {
	some check in lib.resources_of("aws_route53_health_check")

	# An operator switch (RECOVERY_CONTROL, a manual switch) moves only when someone flips it on
	# purpose; the endpoint health checks are what must page.
	not dns_switch.operator_controlled(check)
	path := _path(check, "Route 53 health check", _name(object.get(check.values, "fqdn", null)), "AWS/Route53", {"HealthCheckStatus"}, "HealthCheckId", {check.address}, "us-east-1")
}

_paths contains path if {
	some queue in lib.resources_of("aws_sqs_queue")
	lib.is_component(queue, "feed-dead-letter")
	metrics := {"ApproximateNumberOfMessagesVisible", "ApproximateAgeOfOldestMessage"}
	path := _path(queue, "feed dead-letter queue", _name(queue.values.name), "AWS/SQS", metrics, "QueueName", {queue.address}, queue.region)
}

_paths contains path if {
	some loader in lib.resources_of("aws_lambda_function")
	lib.is_component(loader, "feed-loader")
	path := _path(loader, "feed loader", _name(loader.values.function_name), "AWS/Lambda", {"Errors"}, "FunctionName", {loader.address}, loader.region)
}

_paths contains path if {
	some connection in lib.resources_of("aws_opensearch_outbound_connection")
	domains := object.get(connection.attr_refs, "local_domain_info", set())
	metrics := {"ReplicationNumFailedIndices", "ReplicationNumPausedIndices", "LeaderCheckPoint", "FollowerCheckPoint", "AutoFollowLeaderCallFailure"}
	name := _follower_name(connection)
	path := _path(connection, "OpenSearch follower", name, "AWS/ES", metrics, "DomainName", domains, connection.region)
}

_path(resource, kind, name, namespace, metrics, dimension, targets, region) := {
	"resource": resource,
	"kind": kind,
	"name": name,
	"namespace": namespace,
	"metrics": metrics,
	"dimension": dimension,
	"targets": targets,
	"region": region,
}

_name(x) := x if {
	lib.is_literal(x)
} else := "(unnamed)"

_source_bucket(config) := config.values.bucket if {
	lib.is_literal(config.values.bucket)
} else := name if {
	some ref in object.get(config.attr_refs, "bucket", set())
	name := _bucket_names[[config.stack, ref]]
} else := "(unnamed)"

_bucket_names := {[b.stack, b.address]: b.values.bucket |
	some b in lib.resources_of("aws_s3_bucket")
	lib.is_literal(b.values.bucket)
}

_domain_names := {[d.stack, d.address]: d.values.domain_name |
	some d in lib.resources_of("aws_opensearch_domain")
	lib.is_literal(d.values.domain_name)
}

_follower_name(connection) := name if {
	some info in lib.blocks(connection.values, "local_domain_info")
	name := info.domain_name
	lib.is_literal(name)
} else := name if {
	some ref in object.get(connection.attr_refs, "local_domain_info", set())
	name := _domain_names[[connection.stack, ref]]
} else := "(unnamed)"

# ---------------------------------------------------------------------------------------------
# Alarms with at least one action, as signatures (computed once):
# literal: [region, namespace, metric, dimension, value]; by reference: [stack, region, namespace, metric, address].

_notifying_alarms contains alarm if {
	some alarm in lib.resources_of("aws_cloudwatch_metric_alarm")
	object.get(alarm.values, "actions_enabled", true) != false
	_has_actions(alarm)
}

_has_actions(alarm) if {
	actions := object.get(alarm.values, "alarm_actions", [])
	is_array(actions)
	count(actions) > 0
}

# In a plan, actions on a topic created in the same run are unknown: use the references.
_has_actions(alarm) if count(object.get(alarm.attr_refs, "alarm_actions", set())) > 0

# Metrics of an alarm: the top-level metric and those of metric_query, with the attribute they sit in.
_metrics(alarm) := array.concat(
	[{"attr": "dimensions", "namespace": alarm.values.namespace, "metric": alarm.values.metric_name, "dimensions": object.get(alarm.values, "dimensions", {})} |
		is_string(alarm.values.metric_name)
	],
	[{"attr": "metric_query", "namespace": m.namespace, "metric": m.metric_name, "dimensions": object.get(m, "dimensions", {})} |
		some q in lib.blocks(alarm.values, "metric_query")
		some m in lib.blocks(q, "metric")
		is_string(m.metric_name)
	],
)

_literal_signatures contains [alarm.region, m.namespace, m.metric, dimension, value] if {
	some alarm in _notifying_alarms
	some m in _metrics(alarm)
	is_object(m.dimensions)
	some dimension, value in m.dimensions
	lib.is_literal(value)
}

_ref_signatures contains [alarm.stack, alarm.region, m.namespace, m.metric, address] if {
	some alarm in _notifying_alarms
	some m in _metrics(alarm)
	some address in object.get(alarm.attr_refs, m.attr, set())
}
