package warm_standby.rules.cache.secondary_failover_test

import data.warm_standby.rules.cache.secondary_failover as rule
import data.warm_standby.test_fixtures as fx

_flag := "/resource/aws_elasticache_replication_group/Cache_ReplicationGroup_F2A3B4C5/automatic_failover_enabled"

_member := "aws_elasticache_replication_group.Cache_ReplicationGroup_F2A3B4C5"

test_noncompliant_1_disabled if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.replace(_flag, false)])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-standby", _member)
	fx.finding_with(findings, "example-standby", _member, "without automatic_failover_enabled")
}

test_noncompliant_2_unset_defaults_to_false if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.remove(_flag)])
	fx.one_finding(rule.deny, "example-standby", _member) with input as app
}

test_compliant if {
	count(rule.deny) == 0 with input as fx.app
	count(rule.deny) == 0 with input as fx.standby_plan
	count(rule.deny) == 0 with input as fx.failover_app
}
