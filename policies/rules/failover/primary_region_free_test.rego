package warm_standby.rules.failover.primary_region_free_test

import data.warm_standby.rules.failover.primary_region_free as rule
import data.warm_standby.test_fixtures as fx

_east := {"alias": "east", "region": "us-east-1"}

test_noncompliant_1_provider_alias_in_the_primary_region if {
	app := fx.patch_failover([fx.add("/provider/aws/-", _east)])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-standby", "provider.aws.east")
	fx.finding_with(findings, "example-standby", "provider.aws.east", "configures a provider for the lost primary Region us-east-1")
}

test_noncompliant_2_data_source_through_the_alias if {
	app := fx.patch_failover([
		fx.add("/provider/aws/-", _east),
		fx.add("/data", {"aws_db_instance": {"source": {"db_instance_identifier": "payments-example-db", "provider": "aws.east"}}}),
	])
	findings := rule.deny with input as app
	count(findings) == 2
	fx.finding_with(findings, "example-standby", "data.aws_db_instance.source", "reads it from the lost primary Region us-east-1")
}

test_noncompliant_3_resource_through_the_alias if {
	app := fx.patch_failover([
		fx.add("/provider/aws/-", _east),
		fx.add("/resource/aws_sqs_queue/Extra", {"name": "east", "provider": "aws.east"}),
	])
	fx.finding_with(rule.deny, "example-standby", "aws_sqs_queue.Extra", "manages it in the lost primary Region us-east-1") with input as app
}

test_noncompliant_4_remote_state_in_the_primary_region if {
	app := fx.patch_failover([fx.add("/data", {"terraform_remote_state": {"primary": {"backend": "s3", "config": {"bucket": "b", "key": "k", "region": "us-east-1"}}}})])
	fx.one_finding(rule.deny, "example-standby", "data.terraform_remote_state.primary") with input as app
}

test_noncompliant_5_state_in_the_primary_region if {
	app := fx.patch_failover([fx.replace("/terraform/backend/s3/region", "us-east-1")])
	fx.one_finding(rule.deny, "example-standby", "terraform.backend.s3") with input as app
}

test_noncompliant_6_plan_with_a_primary_region_provider if {
	plan := json.patch(fx.failover_plan, [fx.add("/configuration/provider_config/aws.east", {"name": "aws", "alias": "east", "expressions": {"region": {"constant_value": "us-east-1"}}})])
	fx.one_finding(rule.deny, "example-standby", "provider.aws.east") with input as plan
}

test_compliant if {
	count(rule.deny) == 0 with input as fx.failover_app
	count(rule.deny) == 0 with input as fx.failover_plan
	count(rule.deny) == 0 with input as fx.hcp(fx.failover_plan)
}

test_compliant_normal_mode_is_not_checked if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.add("/provider/aws/-", _east)])
	count(rule.deny) == 0 with input as app
}
