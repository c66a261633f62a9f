# METADATA
# title: Feed queues keep messages longer than the recovery-time objective
# description: |
#   While a Region is being recovered its loader may not drain the feed queue: messages wait in the
#   queue (and, after maxReceiveCount failed receives, in the dead-letter queue) until the standby
#   takes over. SQS deletes a message once message_retention_seconds have passed since it was first
#   sent (for a standard queue's dead-letter queue the clock still starts at the original enqueue),
#   so a queue or dead-letter queue whose retention is shorter than the environment's RTO loses
#   payments that arrived during the outage before anyone can load them. Every aws_sqs_queue keeps
#   messages at least as long as the RTO its stack declares (objectives.rto_seconds in the
#   warm_standby_stack output); unset retention is the SQS default of 345600 s (4 days).
# custom:
#   id: WS-FEED-007
#   severity: HIGH
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Raise message_retention_seconds of the queue and its dead-letter queue to at least the environment's objectives.rtoSeconds (SQS allows up to 1209600 s, 14 days), or lower the RTO the environment declares.
package warm_standby.rules.feed.retention_covers_rto

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

# SQS's default retention when message_retention_seconds is not set.
_default_retention_seconds := 345600

deny contains finding if {
	some queue in lib.resources_of("aws_sqs_queue")
	retention := _retention(queue)
	rto := lib.rto_seconds_for(queue)
	retention < rto
	finding := lib.finding(queue, sprintf(
		"%s: %s keeps messages for %v s (message_retention_seconds), shorter than the RTO of %v s, so messages sent during an outage expire before the standby takes over",
		[queue.address, _kind(queue), retention, rto],
	))
}

# Retention in seconds; undefined for values known only at apply time.
_retention(queue) := _default_retention_seconds if {
	object.get(queue.values, "message_retention_seconds", null) == null
} else := lib.num(queue.values.message_retention_seconds)

_kind(queue) := "the dead-letter queue" if {
	lib.is_component(queue, "feed-dead-letter")
} else := "the queue"
