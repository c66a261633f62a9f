package warm_standby.rules.state.remote_locking_test

import data.warm_standby.rules.state.remote_locking as rule
import data.warm_standby.test_fixtures as fx

_with_backend(stack, backend) := fx.patch_stack(fx.app, stack, [fx.replace("/terraform/backend", backend)])

test_noncompliant_1_no_backend if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.remove("/terraform/backend")])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-standby", "terraform")
	fx.finding_with(findings, "example-standby", "terraform", "has no backend")
}

test_noncompliant_2_local_backend if {
	app := _with_backend("example-primary", {"local": {"path": "terraform.example-primary.tfstate"}})
	fx.one_finding(rule.deny, "example-primary", "terraform.backend.local") with input as app
}

test_noncompliant_3_s3_without_locking if {
	app := fx.patch_stack(fx.app, "example-replication", [fx.remove("/terraform/backend/s3/dynamodb_table")])
	fx.finding_with(rule.deny, "example-replication", "terraform.backend.s3", "without locking") with input as app
}

test_noncompliant_4_other_backend if {
	app := _with_backend("example-primary", {"gcs": {"bucket": "state"}})
	fx.finding_with(rule.deny, "example-primary", "terraform.backend.gcs", "uses the gcs backend") with input as app
}

test_compliant_app if {
	count(rule.deny) == 0 with input as fx.app
}

test_compliant_s3_native_locking if {
	app := fx.patch_stack(fx.app, "example-primary", [
		fx.remove("/terraform/backend/s3/dynamodb_table"),
		fx.add("/terraform/backend/s3/use_lockfile", true),
	])
	count(rule.deny) == 0 with input as app
}

test_compliant_terraform_cloud if {
	app := fx.patch_stack(fx.app, "example-primary", [
		fx.remove("/terraform/backend"),
		fx.add("/terraform/cloud", {"organization": "acme", "workspaces": {"name": "warm-standby-example-primary"}}),
	])
	count(rule.deny) == 0 with input as app
}

test_compliant_remote_backend if {
	app := _with_backend("example-primary", {"remote": {"organization": "acme", "workspaces": {"name": "warm-standby-example-primary"}}})
	count(rule.deny) == 0 with input as app
}
