package warm_standby.rules.cache.primary_protection_test

import data.warm_standby.rules.cache.primary_protection as rule
import data.warm_standby.test_fixtures as fx

_group := "aws_elasticache_replication_group.Cache_ReplicationGroup_3A4B5C6D"

_group_path := "/resource/aws_elasticache_replication_group/Cache_ReplicationGroup_3A4B5C6D"

test_noncompliant_1_no_encryption_at_rest if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace(concat("", [_group_path, "/at_rest_encryption_enabled"]), false)])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-primary", _group)
	fx.finding_with(findings, "example-primary", _group, "does not enable at_rest_encryption_enabled")
}

test_noncompliant_2_settings_left_out if {
	app := fx.patch_stack(fx.app, "example-primary", [
		fx.remove(concat("", [_group_path, "/transit_encryption_enabled"])),
		fx.remove(concat("", [_group_path, "/automatic_failover_enabled"])),
	])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-primary", _group)
	fx.finding_with(findings, "example-primary", _group, "does not enable transit_encryption_enabled, automatic_failover_enabled")
}

test_noncompliant_3_plan if {
	plan := fx.patch_plan_values(fx.primary_plan, _group, [fx.replace("/automatic_failover_enabled", false)])
	fx.one_finding(rule.deny, "example-primary", _group) with input as plan
}

test_compliant_app if {
	count(rule.deny) == 0 with input as fx.app
}

test_compliant_plan if {
	count(rule.deny) == 0 with input as fx.primary_plan
	count(rule.deny) == 0 with input as fx.standby_plan
}

test_compliant_string_booleans if {
	# AWS provider 6 takes at_rest_encryption_enabled as a string.
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace(concat("", [_group_path, "/at_rest_encryption_enabled"]), "true")])
	count(rule.deny) == 0 with input as app
}
