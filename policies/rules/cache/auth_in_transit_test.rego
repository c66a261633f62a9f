package warm_standby.rules.cache.auth_in_transit_test

import data.warm_standby.rules.cache.auth_in_transit as rule
import data.warm_standby.test_fixtures as fx

_primary := "aws_elasticache_replication_group.Cache_ReplicationGroup_3A4B5C6D"

_path := "/resource/aws_elasticache_replication_group/Cache_ReplicationGroup_3A4B5C6D"

_patch(ops) := fx.patch_stack(fx.app, "example-primary", ops)

test_noncompliant_1_no_auth if {
	findings := rule.deny with input as _patch([fx.remove(concat("/", [_path, "auth_token"]))])
	fx.one_finding(findings, "example-primary", _primary)
	fx.finding_with(findings, "example-primary", _primary, "no AUTH or RBAC")
}

test_noncompliant_2_no_tls_and_no_auth if {
	app := _patch([fx.remove(concat("/", [_path, "auth_token"])), fx.replace(concat("/", [_path, "transit_encryption_enabled"]), false)])
	findings := rule.deny with input as app
	fx.finding_with(findings, "example-primary", _primary, "no AUTH or RBAC and no transit encryption")
}

test_noncompliant_3_literal_token if {
	app := _patch([fx.replace(concat("/", [_path, "auth_token"]), "correct-horse-battery-staple")])
	fx.one_finding(rule.deny, "example-primary", _primary) with input as app
	fx.finding_with(rule.deny, "example-primary", _primary, "auth_token is a literal") with input as app
}

test_noncompliant_4_standalone_group if {
	app := fx.add_resources(fx.app, "example-standby", "aws_elasticache_replication_group", {"Sessions_1": {"replication_group_id": "sessions", "transit_encryption_enabled": true}})
	fx.one_finding(rule.deny, "example-standby", "aws_elasticache_replication_group.Sessions_1") with input as app
}

_secondary := "aws_elasticache_replication_group.Cache_ReplicationGroup_F2A3B4C5"

test_noncompliant_5_secondary_without_token if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.remove("/resource/aws_elasticache_replication_group/Cache_ReplicationGroup_F2A3B4C5/auth_token")])
	fx.one_finding(rule.deny, "example-standby", _secondary) with input as app
	fx.finding_with(rule.deny, "example-standby", _secondary, "no AUTH or RBAC,") with input as app
}

test_compliant_rbac if {
	app := _patch([fx.remove(concat("/", [_path, "auth_token"])), fx.add(concat("/", [_path, "user_group_ids"]), ["${aws_elasticache_user_group.Cache_Users.user_group_id}"])])
	count(rule.deny) == 0 with input as app
}

test_compliant_app_and_secondary_inherits_tls if {
	count(rule.deny) == 0 with input as fx.app
	count(rule.deny) == 0 with input as fx.primary_plan
	count(rule.deny) == 0 with input as fx.standby_plan
}
