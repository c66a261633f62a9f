package warm_standby.rules.rds.no_managed_master_password_test

import data.warm_standby.rules.rds.no_managed_master_password as rule
import data.warm_standby.test_fixtures as fx

_source := "aws_db_instance.Database_Instance_2F3A4B5C"

_managed := "/resource/aws_db_instance/Database_Instance_2F3A4B5C/manage_master_user_password"

test_noncompliant_1_managed_password if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.add(_managed, true)])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-primary", _source)
	fx.finding_with(findings, "example-primary", _source, "RDS refuses to create the replica")
}

test_noncompliant_2_string_boolean if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.add(_managed, "true")])
	fx.one_finding(rule.deny, "example-primary", _source) with input as app
}

test_noncompliant_3_plan_and_hcp if {
	plan := fx.patch_plan_values(fx.primary_plan, _source, [fx.add("/manage_master_user_password", true)])
	fx.one_finding(rule.deny, "example-primary", _source) with input as plan
	fx.one_finding(rule.deny, "warm-standby-example-primary", _source) with input as fx.hcp(plan)
}

test_compliant_app if {
	count(rule.deny) == 0 with input as fx.app
}

test_compliant_plans if {
	count(rule.deny) == 0 with input as fx.primary_plan
	count(rule.deny) == 0 with input as fx.standby_plan
}

test_compliant_explicitly_off if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.add(_managed, false)])
	count(rule.deny) == 0 with input as app
}

test_compliant_other_engines_and_replicas_are_out_of_scope if {
	app := fx.add_resources(fx.app, "example-primary", "aws_db_instance", {"Reporting_Db_1": {"identifier": "reporting", "engine": "mysql", "manage_master_user_password": true}})
	count(rule.deny) == 0 with input as app
}
