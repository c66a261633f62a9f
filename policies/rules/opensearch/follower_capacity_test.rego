package warm_standby.rules.opensearch.follower_capacity_test

import data.warm_standby.rules.opensearch.follower_capacity as rule
import data.warm_standby.test_fixtures as fx

_follower := "aws_opensearch_domain.Search_Domain_C9D0E1F2"

_leader := "aws_opensearch_domain.Search_Domain_1E2F3A4B"

# Both domains sized as the example environment sizes them.
_sized(primary_cluster, primary_ebs, standby_cluster, standby_ebs) := fx.patch_stack(
	fx.patch_stack(fx.app, "example-primary", [
		fx.add("/resource/aws_opensearch_domain/Search_Domain_1E2F3A4B/cluster_config", primary_cluster),
		fx.add("/resource/aws_opensearch_domain/Search_Domain_1E2F3A4B/ebs_options", primary_ebs),
	]),
	"example-standby",
	[
		fx.add("/resource/aws_opensearch_domain/Search_Domain_C9D0E1F2/cluster_config", standby_cluster),
		fx.add("/resource/aws_opensearch_domain/Search_Domain_C9D0E1F2/ebs_options", standby_ebs),
	],
)

_cluster := {"instance_count": 3, "instance_type": "r6g.large.search"}

_ebs := {"ebs_enabled": true, "volume_size": 100, "volume_type": "gp3"}

test_noncompliant_1_fewer_nodes if {
	app := _sized(_cluster, _ebs, object.union(_cluster, {"instance_count": 1}), _ebs)
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-standby", _follower)
	fx.finding_with(findings, "example-standby", _follower, "follower has 1 data nodes (cluster_config.instance_count), fewer than the 3 of its leader")
}

test_noncompliant_2_smaller_instances_across_families if {
	app := _sized(object.union(_cluster, {"instance_type": "r6g.2xlarge.search"}), _ebs, object.union(_cluster, {"instance_type": "m6g.xlarge.search"}), _ebs)
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-standby", _follower)
	fx.finding_with(findings, "example-standby", _follower, "follower data nodes are m6g.xlarge.search, smaller than the leader")
}

test_noncompliant_3_less_storage_as_strings if {
	app := _sized(_cluster, _ebs, _cluster, object.union(_ebs, {"volume_size": "20"}))
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-standby", _follower)
	fx.finding_with(findings, "example-standby", _follower, "20 GiB of EBS storage per node")
}

test_noncompliant_4_medium_below_large_and_all_three if {
	app := _sized(_cluster, _ebs, {"instance_count": 2, "instance_type": "t3.medium.search"}, object.union(_ebs, {"volume_size": 10}))
	count(rule.deny) == 3 with input as app
}

test_compliant_same_or_larger_and_unknown if {
	count(rule.deny) == 0 with input as _sized(_cluster, _ebs, _cluster, _ebs)
	count(rule.deny) == 0 with input as _sized(_cluster, _ebs, {"instance_count": 6, "instance_type": "r6g.12xlarge.search"}, object.union(_ebs, {"volume_size": 500}))
	count(rule.deny) == 0 with input as _sized(_cluster, _ebs, {"instance_count": "${var.n}", "instance_type": "${var.t}"}, object.union(_ebs, {"volume_size": "${var.v}"}))
}

test_compliant if {
	count(rule.deny) == 0 with input as fx.app
	count(rule.deny) == 0 with input as fx.standby_plan
}
