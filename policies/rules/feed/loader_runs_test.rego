package warm_standby.rules.feed.loader_runs_test

import data.warm_standby.rules.feed.loader_runs as rule
import data.warm_standby.test_fixtures as fx

_mapping := "aws_lambda_event_source_mapping.Feed_QueueMapping_D6E7F8A9"

_loader := "aws_lambda_function.Feed_Loader_C5D6E7F8"

test_noncompliant_1_mapping_disabled if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.add("/resource/aws_lambda_event_source_mapping/Feed_QueueMapping_D6E7F8A9/enabled", false)])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-standby", _mapping)
	fx.finding_with(findings, "example-standby", _mapping, "event source mapping is disabled")
}

test_noncompliant_2_zero_concurrency if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.add("/resource/aws_lambda_function/Feed_Loader_C5D6E7F8/reserved_concurrent_executions", 0)])
	fx.one_finding(rule.deny, "example-standby", _loader) with input as app
}

test_compliant_unreserved_and_positive if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.add("/resource/aws_lambda_function/Feed_Loader_C5D6E7F8/reserved_concurrent_executions", 5)])
	count(rule.deny) == 0 with input as app
}

test_compliant if {
	count(rule.deny) == 0 with input as fx.app
	count(rule.deny) == 0 with input as fx.standby_plan
}
