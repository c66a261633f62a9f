package warm_standby.rules.state.distinct_state_test

import data.warm_standby.rules.state.distinct_state as rule
import data.warm_standby.test_fixtures as fx

_cloud(app, stack, workspace) := fx.patch_stack(app, stack, [
	fx.remove("/terraform/backend"),
	fx.add("/terraform/cloud", {"organization": "acme", "workspaces": {"name": workspace}}),
])

test_noncompliant_1_standby_shares_the_primary_state if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.replace("/terraform/backend/s3", {
		"bucket": "payments-tfstate-123456789012-us-east-1",
		"key": "example-primary.tfstate",
		"region": "us-east-1",
		"dynamodb_table": "payments-tflock",
	})])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-standby", "terraform.backend.s3")
	fx.finding_with(findings, "example-standby", "terraform.backend.s3", "stacks example-primary (us-east-1) and example-standby (us-west-2) share the same state s3://payments-tfstate-123456789012-us-east-1/example-primary.tfstate")
}

test_noncompliant_2_replication_shares_the_primary_state if {
	app := fx.patch_stack(fx.app, "example-replication", [fx.replace("/terraform/backend/s3/key", "example-primary.tfstate")])
	fx.one_finding(rule.deny, "example-replication", "terraform.backend.s3") with input as app
}

test_noncompliant_3_same_workspace if {
	app := _cloud(_cloud(fx.app, "example-primary", "warm-standby-example"), "example-standby", "warm-standby-example")
	fx.one_finding(rule.deny, "example-standby", "terraform.cloud") with input as app
}

test_compliant_app if {
	count(rule.deny) == 0 with input as fx.app
}

test_compliant_workspace_per_stack if {
	app := _cloud(_cloud(fx.app, "example-primary", "warm-standby-example-primary"), "example-standby", "warm-standby-example-standby")
	count(rule.deny) == 0 with input as app
}

test_compliant_same_workspace_name_in_another_organization if {
	app := fx.patch_stack(
		_cloud(_cloud(fx.app, "example-primary", "warm-standby-example"), "example-standby", "warm-standby-example"),
		"example-standby", [fx.replace("/terraform/cloud/organization", "acme-dr")],
	)
	count(rule.deny) == 0 with input as app
}
