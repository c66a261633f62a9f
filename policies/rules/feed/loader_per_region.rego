# METADATA
# title: Feed loader Lambda reads an SQS queue in each Region
# description: |
#   Each Region loads its own warehouse: a Lambda function with an SQS event source mapping
#   (aws_lambda_event_source_mapping whose event source is an SQS queue) in the primary and in the
#   standby Region.
# custom:
#   id: WS-FEED-002
#   severity: HIGH
#   enforcement: mandatory
#   scope: cross_region
#   modes: [normal]
#   mode_reason: only the standby Region's loader is planned
#   recommended_action: Add the feed loader Lambda and an aws_lambda_event_source_mapping from the Region's feed queue to it.
package warm_standby.rules.feed.loader_per_region

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some side in lib.regions
	not _loader_in(side.region)
	finding := lib.stack_finding(side.stack, "aws_lambda_event_source_mapping", sprintf(
		"aws_lambda_event_source_mapping: no Lambda with an SQS event source in the %s Region %s (stack %s)",
		[side.role, side.region, side.stack],
	))
}

_loader_in(region) if {
	some mapping in lib.resources_in("aws_lambda_event_source_mapping", region)
	_reads_sqs(mapping)
	_has_function(mapping)
}

_reads_sqs(mapping) if lib.arn_service(mapping.values.event_source_arn) == "sqs"

_reads_sqs(mapping) if {
	some ref in object.get(mapping.attr_refs, "event_source_arn", set())
	startswith(ref, "aws_sqs_queue.")
}

_has_function(mapping) if lib.is_literal(mapping.values.function_name)

_has_function(mapping) if {
	some ref in object.get(mapping.attr_refs, "function_name", set())
	startswith(ref, "aws_lambda_")
}
