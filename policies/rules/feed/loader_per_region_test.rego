package warm_standby.rules.feed.loader_per_region_test

import data.warm_standby.rules.feed.loader_per_region as rule
import data.warm_standby.test_fixtures as fx

_mapping := "/resource/aws_lambda_event_source_mapping/Feed_QueueMapping_0B1C2D3E"

test_noncompliant_1_no_standby_mapping if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.remove("/resource/aws_lambda_event_source_mapping")])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-standby", "aws_lambda_event_source_mapping")
	fx.finding_with(findings, "example-standby", "aws_lambda_event_source_mapping", "standby Region us-west-2")
}

test_noncompliant_2_primary_mapping_reads_kinesis if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace(concat("", [_mapping, "/event_source_arn"]), "arn:aws:kinesis:us-east-1:123456789012:stream/feed")])
	fx.one_finding(rule.deny, "example-primary", "aws_lambda_event_source_mapping") with input as app
}

test_noncompliant_3_mapping_without_function if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.remove(concat("", [_mapping, "/function_name"]))])
	fx.one_finding(rule.deny, "example-primary", "aws_lambda_event_source_mapping") with input as app
}

test_compliant_app if {
	count(rule.deny) == 0 with input as fx.app
}

test_compliant_literal_arns if {
	app := fx.patch_stack(fx.app, "example-primary", [
		fx.replace(concat("", [_mapping, "/event_source_arn"]), "arn:aws:sqs:us-east-1:123456789012:payments-example-feed-us-east-1"),
		fx.replace(concat("", [_mapping, "/function_name"]), "payments-example-feed-loader"),
	])
	count(rule.deny) == 0 with input as app
}
