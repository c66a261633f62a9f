package warm_standby.rules.cache.datastore_prefix_test

import data.warm_standby.rules.cache.datastore_prefix as rule
import data.warm_standby.test_fixtures as fx

_member := "aws_elasticache_replication_group.Cache_ReplicationGroup_F2A3B4C5"

_id := "/resource/aws_elasticache_replication_group/Cache_ReplicationGroup_F2A3B4C5/global_replication_group_id"

test_noncompliant_1_prefix_of_another_region if {
	# sgaui is the standby Region's (us-west-2) prefix, not the primary's (us-east-1).
	findings := rule.deny with input as fx.patch_stack(fx.app, "example-standby", [fx.replace(_id, "sgaui-payments-cache")])
	fx.one_finding(findings, "example-standby", _member)
	fx.finding_with(findings, "example-standby", _member, "does not start with ldgnf-, the Global Datastore id prefix of the primary Region us-east-1")
}

test_noncompliant_2_no_prefix if {
	findings := rule.deny with input as fx.patch_stack(fx.app, "example-standby", [fx.replace(_id, "payments-cache")])
	fx.one_finding(findings, "example-standby", _member)
}

test_noncompliant_3_standby_stack_alone if {
	app := fx.without_stacks(fx.patch_stack(fx.app, "example-standby", [fx.replace(_id, "iudkw-payments-cache")]), {"example-primary", "example-replication"})
	fx.one_finding(rule.deny, "example-standby", _member) with input as app
}

test_noncompliant_4_plan_and_hcp if {
	plan := fx.patch_plan_values(fx.standby_plan, _member, [fx.replace("/global_replication_group_id", "gxeiz-payments-cache")])
	fx.one_finding(rule.deny, "example-standby", _member) with input as plan
	fx.one_finding(rule.deny, "warm-standby-example-standby", _member) with input as fx.hcp(plan)
}

test_noncompliant_5_primary_region_without_known_prefix if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.replace("/output/warm_standby_stack/value/peer_region", "eu-south-2")])
	fx.finding_with(rule.deny, "example-standby", _member, "the primary Region eu-south-2 has no known Global Datastore id prefix") with input as app
}

test_noncompliant_6_failback_joins_by_the_primary_regions_prefix if {
	# Regions swapped: the Global Datastore was created in us-west-2 (the live primary) and keeps sgaui-;
	# ldgnf- (the new primary us-east-1's prefix) names a Global Datastore that does not exist.
	app := fx.patch_stack(fx.app, "example-standby", [
		fx.add("/output/warm_standby_stack/value/global_datastore_region", "us-west-2"),
		fx.replace(_id, "ldgnf-payments-cache"),
	])
	fx.finding_with(rule.deny, "example-standby", _member, "does not start with sgaui-, the Global Datastore id prefix of the Region it was created in, us-west-2") with input as app
}

test_compliant_failback_keeps_the_created_in_regions_prefix if {
	app := fx.patch_stack(fx.app, "example-standby", [
		fx.add("/output/warm_standby_stack/value/global_datastore_region", "us-west-2"),
		fx.replace(_id, "sgaui-payments-cache"),
	])
	count(rule.deny) == 0 with input as app
}

test_compliant_app_plan_and_failover if {
	count(rule.deny) == 0 with input as fx.app
	count(rule.deny) == 0 with input as fx.standby_plan
	count(rule.deny) == 0 with input as fx.failover_app
}

test_compliant_primary_group_is_not_a_member if {
	count(rule.deny) == 0 with input as fx.primary_plan
}
