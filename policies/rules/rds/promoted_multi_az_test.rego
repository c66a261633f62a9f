package warm_standby.rules.rds.promoted_multi_az_test

import data.warm_standby.rules.rds.promoted_multi_az as rule
import data.warm_standby.test_fixtures as fx

_db := "aws_db_instance.Database_Replica_E1F2A3B4"

_multi_az := "/resource/aws_db_instance/Database_Replica_E1F2A3B4/multi_az"

test_noncompliant_1_promoted_single_az if {
	findings := rule.deny with input as fx.patch_failover([fx.replace(_multi_az, false)])
	fx.one_finding(findings, "example-standby", _db)
	fx.finding_with(findings, "example-standby", _db, "multi_az = false")
}

test_noncompliant_2_multi_az_left_out if {
	findings := rule.deny with input as fx.patch_failover([fx.remove(_multi_az)])
	fx.finding_with(findings, "example-standby", _db, "multi_az = unset")
}

test_noncompliant_3_no_declaration if {
	app := fx.patch_failover([fx.remove("/output/warm_standby_stack/value/db_multi_az")])
	findings := rule.deny with input as app
	fx.finding_with(findings, "example-standby", "output.warm_standby_stack", "does not declare db_multi_az")
}

test_noncompliant_4_plan if {
	plan := fx.patch_plan_values(fx.failover_plan, _db, [fx.replace("/multi_az", false)])
	fx.one_finding(rule.deny, "example-standby", _db) with input as plan
}

test_compliant_failover_app_and_plan if {
	count(rule.deny) == 0 with input as fx.failover_app
	count(rule.deny) == 0 with input as fx.failover_plan
}

test_compliant_environment_single_az if {
	app := fx.patch_failover([
		fx.replace("/output/warm_standby_stack/value/db_multi_az", false),
		fx.replace(_multi_az, false),
	])
	count(rule.deny) == 0 with input as app
}

test_compliant_normal_mode_replica_single_az if {
	count(rule.deny) == 0 with input as fx.app
}
