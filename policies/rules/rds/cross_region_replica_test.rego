package warm_standby.rules.rds.cross_region_replica_test

import data.warm_standby.rules.rds.cross_region_replica as rule
import data.warm_standby.test_fixtures as fx

_source := "aws_db_instance.Database_Instance_2F3A4B5C"

_replica_source := "/resource/aws_db_instance/Database_Replica_E1F2A3B4/replicate_source_db"

test_noncompliant_1_no_replica if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.remove("/resource/aws_db_instance")])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-primary", _source)
	fx.finding_with(findings, "example-primary", _source, "arn:aws:rds:us-east-1:<account>:db:payments-example-db")
}

test_noncompliant_2_replica_of_a_source_in_another_region if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.replace(_replica_source, "arn:aws:rds:us-east-2:123456789012:db:payments-example-db")])
	fx.one_finding(rule.deny, "example-primary", _source) with input as app
}

test_noncompliant_3_replica_of_another_instance if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.replace(_replica_source, "arn:aws:rds:us-east-1:123456789012:db:payments-example-db2")])
	fx.one_finding(rule.deny, "example-primary", _source) with input as app
}

test_noncompliant_4_source_without_fixed_identifier if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.remove("/resource/aws_db_instance/Database_Instance_2F3A4B5C/identifier")])
	fx.finding_with(rule.deny, "example-primary", _source, "<no fixed identifier>") with input as app
}

test_noncompliant_5_replica_in_the_primary_region if {
	app := fx.add_resources(
		fx.patch_stack(fx.app, "example-standby", [fx.remove("/resource/aws_db_instance")]),
		"example-primary", "aws_db_instance", {"Database_LocalReplica_1": {"replicate_source_db": "arn:aws:rds:us-east-1:123456789012:db:payments-example-db"}},
	)
	fx.one_finding(rule.deny, "example-primary", _source) with input as app
}

test_compliant_app if {
	count(rule.deny) == 0 with input as fx.app
}

test_compliant_other_engines_are_out_of_scope if {
	app := fx.add_resources(fx.app, "example-primary", "aws_db_instance", {"Reporting_Db_1": {"identifier": "reporting", "engine": "mysql"}})
	count(rule.deny) == 0 with input as app
}
