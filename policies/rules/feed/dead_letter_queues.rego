# METADATA
# title: Feed queues have dead-letter queues
# description: |
#   A feed message the loader cannot process must not be retried forever or silently dropped:
#   every feed queue (tag warm-standby/component=feed-queue) has a redrive policy to a dead-letter
#   queue, inline (redrive_policy with deadLetterTargetArn) or as an aws_sqs_queue_redrive_policy.
# custom:
#   id: WS-FEED-004
#   severity: MEDIUM
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Create a dead-letter queue and set the feed queue's redrive_policy (deadLetterTargetArn, maxReceiveCount).
package warm_standby.rules.feed.dead_letter_queues

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some queue in lib.resources_of("aws_sqs_queue")
	lib.is_component(queue, "feed-queue")
	not _has_dead_letter_queue(queue)
	finding := lib.finding(queue, sprintf("%s (%v) has no dead-letter queue (redrive_policy)", [queue.address, object.get(queue.values, "name", "unnamed")]))
}

_has_dead_letter_queue(queue) if {
	is_string(queue.values.redrive_policy)
	contains(queue.values.redrive_policy, "deadLetterTargetArn")
}

# In a plan the policy is unknown until the dead-letter queue's ARN is: use its reference.
_has_dead_letter_queue(queue) if {
	some ref in object.get(queue.attr_refs, "redrive_policy", set())
	startswith(ref, "aws_sqs_queue.")
}

_has_dead_letter_queue(queue) if {
	[queue.stack, queue.address] in _redriven_queues
}

# [stack, address] of every queue a redrive policy that names a target refers to (queue_url).
_redriven_queues contains [policy.stack, address] if {
	some policy in lib.resources_of("aws_sqs_queue_redrive_policy")
	_names_target(policy)
	some address in object.get(policy.attr_refs, "queue_url", set())
}

_names_target(policy) if contains(policy.values.redrive_policy, "deadLetterTargetArn")

_names_target(policy) if count(object.get(policy.attr_refs, "redrive_policy", set())) > 0
