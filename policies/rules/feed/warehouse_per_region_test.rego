package warm_standby.rules.feed.warehouse_per_region_test

import data.warm_standby.rules.feed.warehouse_per_region as rule
import data.warm_standby.test_fixtures as fx

test_noncompliant_1_no_standby_warehouse if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.remove("/resource/aws_redshift_cluster")])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-standby", "aws_redshift_cluster")
	fx.finding_with(findings, "example-standby", "aws_redshift_cluster", "standby Region us-west-2")
}

test_noncompliant_2_no_primary_warehouse if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.remove("/resource/aws_redshift_cluster")])
	fx.one_finding(rule.deny, "example-primary", "aws_redshift_cluster") with input as app
}

test_compliant_app if {
	count(rule.deny) == 0 with input as fx.app
}
