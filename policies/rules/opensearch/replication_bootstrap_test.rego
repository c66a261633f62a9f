package warm_standby.rules.opensearch.replication_bootstrap_test

import data.warm_standby.rules.opensearch.replication_bootstrap as rule
import data.warm_standby.test_fixtures as fx

_leader := "aws_opensearch_domain.Search_Domain_1E2F3A4B"

_follower := "aws_opensearch_domain.Search_Domain_C9D0E1F2"

_leader_invocation := "/resource/aws_lambda_invocation/SearchBootstrap_Invocation_1A2B3C4D"

_follower_invocation := "/resource/aws_lambda_invocation/SearchBootstrap_Invocation_5E6F7A8B"

_leader_trigger(name) := concat("/", [_leader_invocation, "triggers", name])

_follower_trigger(name) := concat("/", [_follower_invocation, "triggers", name])

test_noncompliant_1_leader_without_bootstrap if {
	findings := rule.deny with input as fx.patch_stack(fx.app, "example-primary", [fx.remove(_leader_invocation)])
	fx.one_finding(findings, "example-primary", _leader)
	fx.finding_with(findings, "example-primary", _leader, "has no replication bootstrap")
}

test_noncompliant_2_follower_without_bootstrap if {
	findings := rule.deny with input as fx.patch_stack(fx.app, "example-standby", [fx.remove(_follower_invocation)])
	fx.one_finding(findings, "example-standby", _follower)
	fx.finding_with(findings, "example-standby", _follower, "domain_role = follower")
}

test_noncompliant_3_bootstrap_targets_another_domain if {
	patched := fx.patch_stack(fx.app, "example-primary", [fx.replace(_leader_trigger("domain_name"), "payments-example-other")])
	fx.one_finding(rule.deny, "example-primary", _leader) with input as patched
}

test_noncompliant_4_bootstrap_in_another_region if {
	# The leader's invocation moved to the standby stack: nothing in the leader's Region bootstraps it.
	invocation := fx.primary_config.resource.aws_lambda_invocation
	moved := fx.add_resources(
		fx.patch_stack(fx.app, "example-primary", [fx.remove(_leader_invocation)]),
		"example-standby", "aws_lambda_invocation", invocation,
	)
	fx.one_finding(rule.deny, "example-primary", _leader) with input as moved
}

# The follower's invocation made by the replication stack, in the standby Region through its
# aliased provider, after it accepted the connection.
test_follower_bootstrap_invoked_by_the_replication_stack_passes if {
	invocation := {"SearchFollowerBootstrap": object.union(
		fx.standby_config.resource.aws_lambda_invocation.SearchBootstrap_Invocation_5E6F7A8B,
		{"provider": "aws.standby"},
	)}
	moved := fx.add_resources(
		fx.patch_stack(fx.app, "example-standby", [fx.remove(_follower_invocation)]),
		"example-replication", "aws_lambda_invocation", invocation,
	)
	count(rule.deny) == 0 with input as moved
}

# A plan of the standby stack alone: the follower's stack exports its function for the replication
# stack, which is not in the input.
test_follower_exporting_its_bootstrap_passes_alone if {
	standby := json.patch(fx.standby_config, [
		fx.remove(_follower_invocation),
		fx.add("/output/opensearch_bootstrap_function", {"value": "${aws_lambda_function.SearchBootstrap_Function_1.function_name}"}),
	])
	count(rule.deny) == 0 with input as {"kind": "cdktf_app", "stacks": [{"name": "example-standby", "file": "x", "config": standby}]}
}

test_noncompliant_5_follower_bootstrap_without_connection if {
	patched := fx.patch_stack(fx.app, "example-standby", [fx.remove(_follower_trigger("connection_alias"))])
	findings := rule.deny with input as patched
	fx.one_finding(findings, "example-standby", _follower)
	fx.finding_with(findings, "example-standby", _follower, "without a connection_alias")
}

test_noncompliant_6_follower_bootstrap_with_leader_role if {
	patched := fx.patch_stack(fx.app, "example-standby", [fx.replace(_follower_trigger("domain_role"), "leader")])
	fx.one_finding(rule.deny, "example-standby", _follower) with input as patched
}

test_noncompliant_7_other_invocation_is_not_a_bootstrap if {
	patched := fx.patch_stack(fx.app, "example-primary", [fx.replace(_leader_trigger("bootstrap"), "something-else")])
	fx.one_finding(rule.deny, "example-primary", _leader) with input as patched
}

test_compliant_app if {
	count(rule.deny) == 0 with input as fx.app
}

test_compliant_no_search_at_all if {
	no_search := fx.patch_stack(
		fx.patch_stack(fx.app, "example-primary", [fx.remove("/resource/aws_opensearch_domain"), fx.remove("/resource/aws_lambda_invocation")]),
		"example-standby", [
			fx.remove("/resource/aws_opensearch_domain"),
			fx.remove("/resource/aws_opensearch_outbound_connection"),
			fx.remove("/resource/aws_lambda_invocation"),
		],
	)
	count(rule.deny) == 0 with input as no_search
}
