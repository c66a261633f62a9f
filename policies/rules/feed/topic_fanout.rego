# METADATA
# title: Feed topic fans out to a queue in each Region
# description: |
#   The application publishes feed events to one SNS topic; SNS delivers each message to an SQS
#   queue in each Region so that both Regions' warehouses load it. Every feed topic (tag
#   warm-standby/component=feed-topic) needs an sqs subscription whose endpoint is a queue in the
#   primary Region and one whose endpoint is a queue in the standby Region. Subscriptions name the
#   topic and queue by ARN or, in the topic's own stack, by reference.
# custom:
#   id: WS-FEED-001
#   severity: HIGH
#   enforcement: mandatory
#   scope: cross_region
#   modes: [normal]
#   mode_reason: the feed topic and its subscriptions live in the lost primary Region's stacks, which a failover plan leaves out
#   recommended_action: Subscribe an SQS queue of each Region to the feed topic (aws_sns_topic_subscription with protocol sqs; the cross-Region one in the replication stack).
package warm_standby.rules.feed.topic_fanout

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	count(_topics) == 0
	finding := lib.stack_finding(lib.role_stack_name("primary"), "aws_sns_topic", "aws_sns_topic: no feed topic (tag warm-standby/component=feed-topic) in any stack")
}

deny contains finding if {
	some topic in _topics
	some side in lib.regions
	not _delivers_to(topic, side.region)
	finding := lib.finding(topic, sprintf(
		"%s (%v) has no SQS subscription for a queue in the %s Region %s",
		[topic.address, object.get(topic.values, "name", "unnamed"), side.role, side.region],
	))
}

_topics := [t |
	some t in lib.resources_of("aws_sns_topic")
	lib.is_component(t, "feed-topic")
]

_delivers_to(topic, region) if {
	some subscription in lib.resources_of("aws_sns_topic_subscription")
	subscription.values.protocol == "sqs"
	_subscribes(subscription, topic)
	[subscription.stack, subscription.address, region] in _deliveries
}

# [stack, address, queue Region] of every SQS subscription that delivers to a (non-dead-letter)
# queue, computed once: the wasm runtime does not cache function results.
_deliveries contains [subscription.stack, subscription.address, queue.region] if {
	some subscription in lib.resources_of("aws_sns_topic_subscription")
	subscription.values.protocol == "sqs"
	some queue in lib.resources_of("aws_sqs_queue")
	not lib.is_component(queue, "feed-dead-letter")
	_endpoint_is(subscription, queue)
}

_subscribes(subscription, topic) if lib.references_via(subscription, "topic_arn", topic)

_subscribes(subscription, topic) if {
	arn := subscription.values.topic_arn
	lib.arn_service(arn) == "sns"
	lib.arn_region(arn) == topic.region
	lib.arn_last(arn) == topic.values.name
}

_endpoint_is(subscription, queue) if lib.references_via(subscription, "endpoint", queue)

_endpoint_is(subscription, queue) if {
	arn := subscription.values.endpoint
	lib.arn_service(arn) == "sqs"
	lib.arn_region(arn) == queue.region
	lib.arn_last(arn) == queue.values.name
}
