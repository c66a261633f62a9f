package warm_standby.rules.rds.source_backups_test

import data.warm_standby.rules.rds.source_backups as rule
import data.warm_standby.test_fixtures as fx

_source := "aws_db_instance.Database_Instance_2F3A4B5C"

_retention := "/resource/aws_db_instance/Database_Instance_2F3A4B5C/backup_retention_period"

test_noncompliant_1_backups_off if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace(_retention, 0)])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-primary", _source)
	fx.finding_with(findings, "example-primary", _source, "backup_retention_period is 0")
}

test_noncompliant_2_retention_unset if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.remove(_retention)])
	fx.finding_with(rule.deny, "example-primary", _source, "backup_retention_period is unset") with input as app
}

test_noncompliant_3_plan if {
	plan := fx.patch_plan_values(fx.primary_plan, _source, [fx.replace("/backup_retention_period", 0)])
	fx.one_finding(rule.deny, "example-primary", _source) with input as plan
	fx.one_finding(rule.deny, "warm-standby-example-primary", _source) with input as fx.hcp(plan)
}

test_compliant_app if {
	count(rule.deny) == 0 with input as fx.app
}

test_compliant_plan if {
	count(rule.deny) == 0 with input as fx.primary_plan
	count(rule.deny) == 0 with input as fx.standby_plan
}

test_compliant_replica_needs_no_retention if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.add("/resource/aws_db_instance/Database_Replica_E1F2A3B4/engine", "postgres")])
	count(rule.deny) == 0 with input as app
}

# A source whose configuration references a replication source but whose planned replicate_source_db
# is null (a conditional that chose null) is a source, not a replica: it must keep backups.
test_noncompliant_4_plan_source_with_a_null_planned_replication_source if {
	plan := fx.patch_plan_config(
		fx.patch_plan_values(fx.primary_plan, _source, [fx.replace("/backup_retention_period", 0), fx.add("/replicate_source_db", null)]),
		_source, [fx.add("/expressions/replicate_source_db", fx.ref("aws_db_instance.Other", "arn"))],
	)
	fx.one_finding(rule.deny, "example-primary", _source) with input as plan
}

test_compliant_plan_replica_with_an_unknown_source if {
	plan := fx.patch_plan_config(
		fx.patch_plan_values(fx.primary_plan, _source, [fx.replace("/backup_retention_period", 0)]),
		_source, [fx.add("/expressions/replicate_source_db", fx.ref("aws_db_instance.Other", "arn"))],
	)
	count(rule.deny) == 0 with input as plan
}
