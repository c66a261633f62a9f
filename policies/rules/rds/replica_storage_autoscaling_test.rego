package warm_standby.rules.rds.replica_storage_autoscaling_test

import data.warm_standby.rules.rds.replica_storage_autoscaling as rule
import data.warm_standby.test_fixtures as fx

_replica := "aws_db_instance.Database_Replica_E1F2A3B4"

_source_limit := fx.add("/resource/aws_db_instance/Database_Instance_2F3A4B5C/max_allocated_storage", 200)

_with(replica_ops) := fx.patch_stack(fx.patch_stack(fx.app, "example-primary", [_source_limit]), "example-standby", replica_ops)

_replica_limit(v) := fx.add("/resource/aws_db_instance/Database_Replica_E1F2A3B4/max_allocated_storage", v)

test_noncompliant_1_replica_without_limit if {
	findings := rule.deny with input as _with([])
	fx.one_finding(findings, "example-standby", _replica)
	fx.finding_with(findings, "example-standby", _replica, "max_allocated_storage = unset")
}

test_noncompliant_2_replica_limit_below_source if {
	findings := rule.deny with input as _with([_replica_limit(150)])
	fx.finding_with(findings, "example-standby", _replica, "max_allocated_storage = 150 is below")
}

test_noncompliant_3_string_limit_below_source if {
	fx.one_finding(rule.deny, "example-standby", _replica) with input as _with([_replica_limit("100")])
}

test_compliant_equal_or_higher if {
	count(rule.deny) == 0 with input as _with([_replica_limit(200)])
	count(rule.deny) == 0 with input as _with([_replica_limit(400)])
}

test_compliant_source_without_autoscaling if {
	count(rule.deny) == 0 with input as fx.app
}

test_compliant_replica_of_another_source if {
	app := _with([fx.replace("/resource/aws_db_instance/Database_Replica_E1F2A3B4/replicate_source_db", "arn:aws:rds:us-east-1:123456789012:db:other")])
	count(rule.deny) == 0 with input as app
}
