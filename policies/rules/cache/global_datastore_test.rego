package warm_standby.rules.cache.global_datastore_test

import data.warm_standby.rules.cache.global_datastore as rule
import data.warm_standby.test_fixtures as fx

_group := "aws_elasticache_replication_group.Cache_ReplicationGroup_3A4B5C6D"

test_noncompliant_1_no_global_datastore if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.remove("/resource/aws_elasticache_global_replication_group")])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-primary", _group)
	fx.finding_with(findings, "example-primary", _group, "is not the primary of a Global Datastore")
}

test_noncompliant_2_standby_joins_another_datastore if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.replace("/resource/aws_elasticache_replication_group/Cache_ReplicationGroup_F2A3B4C5/global_replication_group_id", "ldgnf-other-cache")])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-primary", _group)
	fx.finding_with(findings, "example-primary", _group, "has no member replication group in the standby Region us-west-2")
}

test_noncompliant_3_no_standby_member if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.remove("/resource/aws_elasticache_replication_group")])
	fx.one_finding(rule.deny, "example-primary", _group) with input as app
}

test_noncompliant_4_datastore_of_another_group if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace("/resource/aws_elasticache_global_replication_group/Cache_GlobalDatastore_4B5C6D7E/primary_replication_group_id", "payments-example-other")])
	fx.one_finding(rule.deny, "example-primary", _group) with input as app
}

test_compliant_app if {
	count(rule.deny) == 0 with input as fx.app
}

test_compliant_literal_primary_id if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace("/resource/aws_elasticache_global_replication_group/Cache_GlobalDatastore_4B5C6D7E/primary_replication_group_id", "payments-example-use1")])
	count(rule.deny) == 0 with input as app
}

test_compliant_full_datastore_id_known if {
	app := fx.patch_stack(fx.app, "example-primary", [
		fx.remove("/resource/aws_elasticache_global_replication_group/Cache_GlobalDatastore_4B5C6D7E/global_replication_group_id_suffix"),
		fx.add("/resource/aws_elasticache_global_replication_group/Cache_GlobalDatastore_4B5C6D7E/global_replication_group_id", "ldgnf-payments-cache"),
	])
	count(rule.deny) == 0 with input as app
}
