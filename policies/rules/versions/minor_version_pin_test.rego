package warm_standby.rules.versions.minor_version_pin_test

import data.warm_standby.rules.versions.minor_version_pin as rule
import data.warm_standby.test_fixtures as fx

_source := "aws_db_instance.Database_Instance_2F3A4B5C"

_path := "/resource/aws_db_instance/Database_Instance_2F3A4B5C"

_with(ops) := fx.patch_stack(fx.app, "example-primary", ops)

test_noncompliant_1_postgres_minor_pin_default_upgrades if {
	findings := rule.deny with input as _with([fx.replace(concat("", [_path, "/engine_version"]), "16.4")])
	fx.one_finding(findings, "example-primary", _source)
	fx.finding_with(findings, "example-primary", _source, "engine_version 16.4 pins a postgres minor version")
}

test_noncompliant_2_minor_pin_upgrades_explicitly_on if {
	app := _with([
		fx.replace(concat("", [_path, "/engine_version"]), "16.4"),
		fx.add(concat("", [_path, "/auto_minor_version_upgrade"]), true),
	])
	fx.one_finding(rule.deny, "example-primary", _source) with input as app
}

test_noncompliant_3_mysql_patch_pin if {
	app := fx.add_resources(fx.app, "example-primary", "aws_db_instance", {"Reporting_Db_1": {"engine": "mysql", "engine_version": "8.0.35"}})
	fx.one_finding(rule.deny, "example-primary", "aws_db_instance.Reporting_Db_1") with input as app
}

test_noncompliant_4_aurora_cluster if {
	app := fx.add_resources(fx.app, "example-primary", "aws_rds_cluster", {"Aurora_1": {"engine": "aurora-postgresql", "engine_version": "16.4"}})
	fx.one_finding(rule.deny, "example-primary", "aws_rds_cluster.Aurora_1") with input as app
}

test_noncompliant_5_plan if {
	plan := fx.patch_plan_values(fx.primary_plan, _source, [fx.add("/engine_version", "16.4")])
	fx.one_finding(rule.deny, "example-primary", _source) with input as plan
}

test_compliant_app_major_version if {
	count(rule.deny) == 0 with input as fx.app
}

test_compliant_minor_pin_without_auto_upgrades if {
	app := _with([
		fx.replace(concat("", [_path, "/engine_version"]), "16.4"),
		fx.add(concat("", [_path, "/auto_minor_version_upgrade"]), false),
	])
	count(rule.deny) == 0 with input as app
}

test_compliant_mysql_major_version if {
	app := fx.add_resources(fx.app, "example-primary", "aws_db_instance", {"Reporting_Db_1": {"engine": "mysql", "engine_version": "8.0"}})
	count(rule.deny) == 0 with input as app
}

test_compliant_replica_inherits_version if {
	count(rule.deny) == 0 with input as fx.standby_plan
}
