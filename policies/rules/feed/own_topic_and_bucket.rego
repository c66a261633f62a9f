# METADATA
# title: Each Region has a feed topic and payload bucket of its own
# description: |
#   The application writes payloads to the payload bucket of the Region it runs in and publishes to
#   that Region's feed topic, so the feed keeps loading the surviving Region's warehouse when the
#   other Region is lost. Each Region's stack (primary and standby) therefore manages, in its own
#   Region, a feed topic (tag warm-standby/component=feed-topic), a payload bucket (feed-payload),
#   and an SQS subscription of that topic to the stack's own feed queue (feed-queue). A topic or
#   bucket that exists only in the other Region, or only in the replication stack (whose state
#   lives in the primary Region), is lost with that Region.
# custom:
#   id: WS-FEED-005
#   severity: HIGH
#   enforcement: mandatory
#   scope: stack_local
#   roles: [primary, standby]
#   modes: [normal, failover]
#   recommended_action: Create the Region's FeedTopic and PayloadBucket in its own stack and subscribe its own feed queue to the topic there (FeedSubscription with FeedTopic.ref and RegionalFeed.queueRef).
package warm_standby.rules.feed.own_topic_and_bucket

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some s in _region_stacks
	not [s.name, s.region] in _topic_homes
	finding := lib.stack_finding(s.name, "aws_sns_topic", sprintf(
		"aws_sns_topic: the %s stack %s has no feed topic (tag warm-standby/component=feed-topic) of its own in %s",
		[s.role, s.name, s.region],
	))
}

deny contains finding if {
	some s in _region_stacks
	not [s.name, s.region] in _bucket_homes
	finding := lib.stack_finding(s.name, "aws_s3_bucket", sprintf(
		"aws_s3_bucket: the %s stack %s has no payload bucket (tag warm-standby/component=feed-payload) of its own in %s",
		[s.role, s.name, s.region],
	))
}

deny contains finding if {
	some s in _region_stacks
	some topic in _own_topics[s.name]
	not [topic.stack, topic.address] in _delivers_locally
	finding := lib.finding(topic, sprintf(
		"%s (%v): no SQS subscription in the %s stack %s delivers it to the stack's own feed queue",
		[topic.address, object.get(topic.values, "name", "unnamed"), s.role, s.name],
	))
}

_region_stacks := [s |
	some s in lib.stacks
	s.role in {"primary", "standby"}

	# The Region's AWS stack (or a single-layer stack), not its Kubernetes stack.
	s.layer != "kubernetes"
	is_string(s.region)
]

# [stack, Region] of every feed topic and payload bucket, computed once.
_topic_homes := {[r.stack, r.region] |
	some r in lib.resources_of("aws_sns_topic")
	lib.is_component(r, "feed-topic")
}

_bucket_homes := {[r.stack, r.region] |
	some r in lib.resources_of("aws_s3_bucket")
	lib.is_component(r, "feed-payload")
}

# Feed topics managed in their own stack's Region, by stack name.
_own_topics[s.name] := [t |
	some t in lib.resources_of("aws_sns_topic")
	lib.is_component(t, "feed-topic")
	t.stack == s.name
	t.region == s.region
] if {
	some s in _region_stacks
}

# [stack, topic address] of every feed topic a subscription in its own stack delivers to a feed
# queue of that stack, in the topic's Region.
_delivers_locally contains [subscription.stack, topic.address] if {
	some subscription in lib.resources_of("aws_sns_topic_subscription")
	subscription.values.protocol == "sqs"
	some topic_key in lib.targets(subscription, "topic_arn", "aws_sns_topic")
	topic := lib.resource_at[topic_key]
	topic_key in _own_topic_keys
	subscription.stack == topic.stack
	subscription.region == topic.region
	some queue_key in lib.targets(subscription, "endpoint", "aws_sqs_queue")
	queue_key in _feed_queue_keys
	queue_key[0] == subscription.stack
}

_own_topic_keys := {[t.stack, t.address] |
	some _, topics in _own_topics
	some t in topics
}

_feed_queue_keys := {[q.stack, q.address] |
	some _, queues in _feed_queues
	some q in queues
}

_feed_queues[s.name] := [q |
	some q in lib.resources_of("aws_sqs_queue")
	lib.is_component(q, "feed-queue")
	q.stack == s.name
] if {
	some s in _region_stacks
}
