package warm_standby.rules.feed.dead_letter_queues_test

import data.warm_standby.rules.feed.dead_letter_queues as rule
import data.warm_standby.test_fixtures as fx

_primary_queue := "aws_sqs_queue.Feed_Queue_6D7E8F9A"

_standby_queue := "aws_sqs_queue.Feed_Queue_A3B4C5D6"

_plan_without_redrive := fx.patch_plan_config(fx.standby_plan, _standby_queue, [fx.remove("/expressions/redrive_policy")])

test_noncompliant_1_no_redrive_policy if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.remove("/resource/aws_sqs_queue/Feed_Queue_6D7E8F9A/redrive_policy")])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-primary", _primary_queue)
	fx.finding_with(findings, "example-primary", _primary_queue, "payments-example-feed-us-east-1")
}

test_noncompliant_2_policy_without_target if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace("/resource/aws_sqs_queue/Feed_Queue_6D7E8F9A/redrive_policy", "{\"maxReceiveCount\":5}")])
	fx.one_finding(rule.deny, "example-primary", _primary_queue) with input as app
}

test_noncompliant_3_plan if {
	fx.one_finding(rule.deny, "example-standby", _standby_queue) with input as _plan_without_redrive
}

test_noncompliant_4_hcp if {
	fx.one_finding(rule.deny, "warm-standby-example-standby", _standby_queue) with input as fx.hcp(_plan_without_redrive)
}

test_compliant_app if {
	count(rule.deny) == 0 with input as fx.app
}

test_compliant_plan_and_hcp if {
	count(rule.deny) == 0 with input as fx.standby_plan
	count(rule.deny) == 0 with input as fx.hcp(fx.standby_plan)
}

test_compliant_literal_policy if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace(
		"/resource/aws_sqs_queue/Feed_Queue_6D7E8F9A/redrive_policy",
		"{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:123456789012:payments-example-feed-us-east-1-dlq\",\"maxReceiveCount\":5}",
	)])
	count(rule.deny) == 0 with input as app
}

test_compliant_separate_redrive_policy_resource if {
	app := fx.add_resources(
		fx.patch_stack(fx.app, "example-primary", [fx.remove("/resource/aws_sqs_queue/Feed_Queue_6D7E8F9A/redrive_policy")]),
		"example-primary", "aws_sqs_queue_redrive_policy",
		{"Feed_Redrive_1": {
			"queue_url": "${aws_sqs_queue.Feed_Queue_6D7E8F9A.id}",
			"redrive_policy": "${jsonencode({\"deadLetterTargetArn\" = aws_sqs_queue.Feed_DeadLetterQueue_7E8F9A0B.arn, \"maxReceiveCount\" = 5})}",
		}},
	)
	count(rule.deny) == 0 with input as app
}
