package warm_standby.rules.feed.retention_covers_rto_test

import data.warm_standby.rules.feed.retention_covers_rto as rule
import data.warm_standby.test_fixtures as fx

_queue := "aws_sqs_queue.Feed_Queue_A3B4C5D6"

_dlq := "aws_sqs_queue.Feed_DeadLetterQueue_7E8F9A0B"

# The fixture declares an RTO of 3600 s in every stack.
test_noncompliant_1_standby_queue_shorter_than_rto if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.add("/resource/aws_sqs_queue/Feed_Queue_A3B4C5D6/message_retention_seconds", 600)])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-standby", _queue)
	fx.finding_with(findings, "example-standby", _queue, "the queue keeps messages for 600 s (message_retention_seconds), shorter than the RTO of 3600 s")
}

test_noncompliant_2_dead_letter_queue_as_a_string if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.add("/resource/aws_sqs_queue/Feed_DeadLetterQueue_7E8F9A0B/message_retention_seconds", "3599")])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-primary", _dlq)
	fx.finding_with(findings, "example-primary", _dlq, "the dead-letter queue keeps messages for 3599 s")
}

test_noncompliant_3_longer_rto_declared_by_the_stack if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.replace("/output/warm_standby_stack/value/objectives/rto_seconds", 400000)])
	findings := rule.deny with input as app

	# The default retention (4 days) of both standby queues is shorter than 400000 s.
	count(findings) == 2
	fx.finding_with(findings, "example-standby", _queue, "keeps messages for 345600 s")
}

test_compliant_retention_equal_to_rto_and_unknown if {
	app := fx.patch_stack(fx.app, "example-standby", [
		fx.add("/resource/aws_sqs_queue/Feed_Queue_A3B4C5D6/message_retention_seconds", 3600),
		fx.add("/resource/aws_sqs_queue/Feed_DeadLetterQueue_B4C5D6E7/message_retention_seconds", "${var.retention}"),
	])
	count(rule.deny) == 0 with input as app
}

test_noncompliant_4_stack_without_objectives_uses_the_primary_rto if {
	app := fx.patch_stack(fx.app, "example-standby", [
		fx.add("/resource/aws_sqs_queue/Feed_Queue_A3B4C5D6/message_retention_seconds", 60),
		fx.remove("/output/warm_standby_stack/value/objectives"),
	])

	# The standby declares no RTO: the primary's 3600 s applies.
	fx.one_finding(rule.deny, "example-standby", _queue) with input as app
}

test_compliant if {
	count(rule.deny) == 0 with input as fx.app
	count(rule.deny) == 0 with input as fx.standby_plan
}
