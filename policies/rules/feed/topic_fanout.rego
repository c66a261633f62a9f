# METADATA
# title: Every feed topic fans out to a queue in each Region
# description: |
#   The application publishes feed events to the SNS topic of the Region it runs in, so each Region
#   has a feed topic (WS-FEED-005); SNS delivers each message to an SQS queue in each Region so that
#   both Regions' warehouses load it. Every feed topic (tag warm-standby/component=feed-topic) needs
#   an sqs subscription whose endpoint is a queue in the primary Region and one whose endpoint is a
#   queue in the standby Region. SNS creates a subscription in its topic's Region, so a subscription
#   counts only when it is managed there: through the stack's provider or an aliased provider for
#   the topic's Region (the replication stack subscribes the primary queue to the standby topic
#   through one). Subscriptions name the topic and queue by ARN or, in the topic's own stack, by
#   reference.
# custom:
#   id: WS-FEED-001
#   severity: HIGH
#   enforcement: mandatory
#   scope: cross_region
#   modes: [normal]
#   mode_reason: a failover plan holds only the standby stack; the cross-Region subscriptions live in the lost primary Region's replication stack (WS-FEED-005 keeps the standby topic's own subscription)
#   recommended_action: Subscribe an SQS queue of each Region to every feed topic (aws_sns_topic_subscription with protocol sqs, managed in the topic's Region; the cross-Region ones in the replication stack, the standby topic's through an AWS provider for the standby Region).
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
	not [topic.stack, topic.address, side.region] in _fanout
	finding := lib.finding(topic, sprintf(
		"%s (%v, %s) has no SQS subscription, managed in the topic's Region, for a queue in the %s Region %s",
		[topic.address, object.get(topic.values, "name", "unnamed"), topic.region, side.role, side.region],
	))
}

# A subscription to a feed topic managed in another Region than the topic's: SNS would reject it.
deny contains finding if {
	some [subscription, topic] in _topic_subscriptions
	subscription.region != topic.region
	finding := lib.finding(subscription, sprintf(
		"%s subscribes to %s (%v) in %s but is managed in %s; create it through a provider for %s",
		[subscription.address, topic.address, object.get(topic.values, "name", "unnamed"), topic.region, subscription.region, topic.region],
	))
}

_topics := [t |
	some t in lib.resources_of("aws_sns_topic")
	lib.is_component(t, "feed-topic")
]

_sqs_subscriptions := [s |
	some s in lib.resources_of("aws_sns_topic_subscription")
	s.values.protocol == "sqs"
]

# [subscription, feed topic] pairs, computed once: each subscription looks its topic up (by reference
# or literal ARN) instead of being paired with every topic.
_topic_subscriptions := [[subscription, topic] |
	some subscription in _sqs_subscriptions
	some key in lib.targets(subscription, "topic_arn", "aws_sns_topic")
	topic := lib.resource_at[key]
	lib.is_component(topic, "feed-topic")
]

# [topic stack, topic address, queue Region] of every delivery from a feed topic, through a
# subscription managed in the topic's Region, to a (non-dead-letter) queue.
_fanout contains [topic.stack, topic.address, region] if {
	some [subscription, topic] in _topic_subscriptions
	subscription.region == topic.region
	some region in _queue_regions(subscription)
}

# Regions of the (non-dead-letter) queues an SQS subscription delivers to.
_queue_regions(subscription) := {queue.region |
	some key in lib.targets(subscription, "endpoint", "aws_sqs_queue")
	queue := lib.resource_at[key]
	not lib.is_component(queue, "feed-dead-letter")
}
