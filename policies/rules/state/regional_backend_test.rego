package warm_standby.rules.state.regional_backend_test

import data.warm_standby.rules.state.regional_backend as rule
import data.warm_standby.test_fixtures as fx

_cloud(stack, workspaces) := fx.patch_stack(fx.app, stack, [
	fx.remove("/terraform/backend"),
	fx.add("/terraform/cloud", {"organization": "acme", "workspaces": workspaces}),
])

test_noncompliant_1_standby_state_in_the_primary_region if {
	app := fx.patch_stack(fx.app, "example-standby", [
		fx.replace("/terraform/backend/s3/region", "us-east-1"),
		fx.replace("/terraform/backend/s3/bucket", "payments-tfstate-123456789012-us-east-1"),
	])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-standby", "terraform.backend.s3")
	fx.finding_with(findings, "example-standby", "terraform.backend.s3", "stack example-standby in us-west-2 keeps its state in Region us-east-1")
}

test_noncompliant_2_s3_backend_without_region if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.remove("/terraform/backend/s3/region")])
	fx.one_finding(rule.deny, "example-primary", "terraform.backend.s3") with input as app
}

test_noncompliant_3_cloud_workspaces_by_tags if {
	app := _cloud("example-standby", {"tags": ["warm-standby"]})
	fx.one_finding(rule.deny, "example-standby", "terraform.cloud") with input as app
}

test_noncompliant_4_remote_backend_with_workspace_prefix if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.replace("/terraform/backend", {"remote": {"organization": "acme", "workspaces": {"prefix": "warm-standby-"}}})])
	fx.one_finding(rule.deny, "example-standby", "terraform.backend.remote") with input as app
}

test_compliant_app if {
	count(rule.deny) == 0 with input as fx.app
}

test_compliant_cloud_workspace_named if {
	count(rule.deny) == 0 with input as _cloud("example-standby", {"name": "warm-standby-example-standby"})
}
