package warm_standby.rules.state.standby_independent_test

import data.warm_standby.rules.state.standby_independent as rule
import data.warm_standby.test_fixtures as fx

_remote_state(config) := {"terraform_remote_state": {"cross-stack-reference-input-example-primary": {"backend": "s3", "config": config}}}

_primary_state := {"bucket": "payments-tfstate-123456789012-us-east-1", "key": "example-primary.tfstate", "region": "us-east-1"}

_remote_address := "data.terraform_remote_state.cross-stack-reference-input-example-primary"

_primary_provider := fx.add("/provider/aws/-", {"alias": "primary", "region": "us-east-1"})

test_noncompliant_1_cross_stack_reference if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.add("/data", _remote_state(_primary_state))])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-standby", _remote_address)
	fx.finding_with(findings, "example-standby", _remote_address, "reads remote state stored in the primary Region us-east-1")
}

test_noncompliant_2_remote_state_by_bucket_without_region if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.add("/data", _remote_state(object.remove(_primary_state, ["region"])))])
	fx.one_finding(rule.deny, "example-standby", _remote_address) with input as app
}

test_noncompliant_3_remote_state_of_a_primary_workspace if {
	app := fx.patch_stack(
		fx.patch_stack(fx.app, "example-primary", [
			fx.remove("/terraform/backend"),
			fx.add("/terraform/cloud", {"organization": "acme", "workspaces": {"name": "warm-standby-example-primary"}}),
		]),
		"example-standby",
		[fx.add("/data", {"terraform_remote_state": {"Primary_1": {"backend": "remote", "config": {"organization": "acme", "workspaces": {"name": "warm-standby-example-primary"}}}}})],
	)
	fx.one_finding(rule.deny, "example-standby", "data.terraform_remote_state.Primary_1") with input as app
}

test_noncompliant_4_data_source_through_a_primary_region_provider if {
	app := fx.patch_stack(fx.app, "example-standby", [
		_primary_provider,
		fx.add("/data", {"aws_db_instance": {"Database_Source_1": {"db_instance_identifier": "payments-example-db", "provider": "aws.primary"}}}),
	])
	findings := rule.deny with input as app
	count(findings) == 2
	fx.finding_with(findings, "example-standby", "data.aws_db_instance.Database_Source_1", "through a provider in the primary Region us-east-1")
	fx.finding_with(findings, "example-standby", "provider.aws.primary", "configures an AWS provider for the primary Region us-east-1")
}

test_noncompliant_5_primary_region_provider_alone if {
	app := fx.patch_stack(fx.app, "example-standby", [_primary_provider])
	fx.one_finding(rule.deny, "example-standby", "provider.aws.primary") with input as app
}

test_noncompliant_6_standby_stack_alone if {
	app := fx.patch_stack(fx.only_stack("example-standby"), "example-standby", [fx.add("/data", _remote_state(_primary_state))])
	fx.one_finding(rule.deny, "example-standby", _remote_address) with input as app
}

test_noncompliant_7_plan if {
	items := array.concat(fx.standby_plan_items, [fx.data_item(
		"terraform_remote_state", "cross-stack-reference-input-example-primary",
		{"backend": fx.const("s3"), "config": fx.const(_primary_state)},
	)])
	plan := fx.plan(fx.standby_metadata, "us-west-2", items, {})
	fx.one_finding(rule.deny, "example-standby", _remote_address) with input as plan
	fx.one_finding(rule.deny, "warm-standby-example-standby", _remote_address) with input as fx.hcp(plan)
}

test_compliant_app if {
	count(rule.deny) == 0 with input as fx.app
}

test_compliant_plan_and_hcp if {
	count(rule.deny) == 0 with input as fx.standby_plan
	count(rule.deny) == 0 with input as fx.hcp(fx.standby_plan)
}

test_compliant_state_replicated_into_the_standby_region if {
	config := {"bucket": "payments-tfstate-123456789012-us-west-2", "key": "replicated/example-primary.tfstate", "region": "us-west-2"}
	app := fx.patch_stack(fx.app, "example-standby", [fx.add("/data", _remote_state(config))])
	count(rule.deny) == 0 with input as app
}

test_compliant_primary_stack_may_read_the_standby if {
	config := {"bucket": "payments-tfstate-123456789012-us-west-2", "key": "example-standby.tfstate", "region": "us-west-2"}
	app := fx.patch_stack(fx.app, "example-primary", [fx.add("/data", _remote_state(config))])
	count(rule.deny) == 0 with input as app
}
