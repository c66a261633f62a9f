# METADATA
# title: Feed loaders can run
# description: |
#   Each Region's loader drains its feed queue into Redshift. An event source mapping with
#   enabled = false never polls the queue, and a loader function with reserved_concurrent_executions
#   = 0 is throttled on every invocation: messages pile up until the queue's retention deletes them
#   (or they land in the dead-letter queue), and the warehouse of that Region silently falls behind.
#   Every aws_lambda_event_source_mapping from an SQS queue is enabled (the default), and every
#   loader function (tag warm-standby/component=feed-loader) has reserved concurrency unset (-1) or
#   at least 1.
# custom:
#   id: WS-FEED-006
#   severity: HIGH
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Remove enabled = false from the loader's event source mapping and reserved_concurrent_executions = 0 from the loader function.
package warm_standby.rules.feed.loader_runs

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some mapping in lib.resources_of("aws_lambda_event_source_mapping")
	_from_sqs(mapping)
	_false(object.get(mapping.values, "enabled", true))
	finding := lib.finding(mapping, sprintf("%s: event source mapping is disabled (enabled = false), so the loader never reads its queue", [mapping.address]))
}

deny contains finding if {
	some function in lib.resources_of("aws_lambda_function")
	lib.is_component(function, "feed-loader")
	lib.num(object.get(function.values, "reserved_concurrent_executions", -1)) == 0
	finding := lib.finding(function, sprintf("%s: reserved_concurrent_executions = 0 throttles every invocation, so the loader never runs", [function.address]))
}

_from_sqs(mapping) if lib.arn_service(mapping.values.event_source_arn) == "sqs"

_from_sqs(mapping) if {
	some ref in object.get(mapping.attr_refs, "event_source_arn", set())
	startswith(ref, "aws_sqs_queue.")
}

_false(x) if x == false

_false(x) if x == "false"
