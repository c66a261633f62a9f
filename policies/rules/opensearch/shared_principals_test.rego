package warm_standby.rules.opensearch.shared_principals_test

import data.warm_standby.rules.opensearch.shared_principals as rule
import data.warm_standby.test_fixtures as fx

_follower := "aws_opensearch_domain.Search_Domain_C9D0E1F2"

_leader_master_user := "/resource/aws_opensearch_domain/Search_Domain_1E2F3A4B/advanced_security_options/master_user_options/master_user_arn"

_follower_master_user := "/resource/aws_opensearch_domain/Search_Domain_C9D0E1F2/advanced_security_options/master_user_options/master_user_arn"

_follower_principal := "/resource/aws_lambda_invocation/SearchBootstrap_Invocation_5E6F7A8B/triggers/replication_principal_arn"

test_noncompliant_1_different_master_users if {
	patched := fx.patch_stack(fx.app, "example-standby", [fx.replace(_follower_master_user, "arn:aws:iam::123456789012:role/payments-example-usw2-search-admin")])
	findings := rule.deny with input as patched
	fx.one_finding(findings, "example-standby", _follower)
	fx.finding_with(findings, "example-standby", _follower, "both domains need the same master user principal")
}

test_noncompliant_2_master_user_by_reference if {
	# The leader's own stack-local role by reference: a different principal from the follower's.
	patched := fx.patch_stack(fx.app, "example-primary", [fx.replace(_leader_master_user, "${aws_iam_role.SearchAdminRole_1.arn}")])
	fx.one_finding(rule.deny, "example-standby", _follower) with input as patched
}

test_noncompliant_3_follower_without_master_user if {
	patched := fx.patch_stack(fx.app, "example-standby", [fx.remove("/resource/aws_opensearch_domain/Search_Domain_C9D0E1F2/advanced_security_options")])
	findings := rule.deny with input as patched
	fx.one_finding(findings, "example-standby", _follower)
	fx.finding_with(findings, "example-standby", _follower, "master user (none)")
}

test_noncompliant_4_different_replication_principals if {
	patched := fx.patch_stack(fx.app, "example-standby", [fx.replace(_follower_principal, "arn:aws:iam::123456789012:role/other-replication")])
	findings := rule.deny with input as patched
	fx.one_finding(findings, "example-standby", _follower)
	fx.finding_with(findings, "example-standby", _follower, "replication needs the same principal on both domains")
}

test_compliant_app if {
	count(rule.deny) == 0 with input as fx.app
}

test_compliant_without_bootstraps_checks_master_users_only if {
	# A missing bootstrap is WS-OS-003's finding, not this rule's.
	patched := fx.patch_stack(fx.app, "example-standby", [fx.remove("/resource/aws_lambda_invocation")])
	count(rule.deny) == 0 with input as patched
}

# As the app synthesizes it: the follower's bootstrap runs from the replication stack, through its
# provider for the standby Region; its principal is still compared with the leader's.
test_noncompliant_5_follower_bootstrap_in_replication_stack if {
	bootstrap := fx.standby_config.resource.aws_lambda_invocation.SearchBootstrap_Invocation_5E6F7A8B
	moved := object.union(bootstrap, {
		"provider": "aws.standby",
		"triggers": object.union(bootstrap.triggers, {"replication_principal_arn": "arn:aws:iam::123456789012:role/other-replication"}),
	})
	without := fx.patch_stack(fx.app, "example-standby", [fx.remove("/resource/aws_lambda_invocation")])
	patched := fx.add_resources(without, "example-replication", "aws_lambda_invocation", {"SearchFollowerBootstrap": moved})
	findings := rule.deny with input as patched
	fx.one_finding(findings, "example-standby", _follower)
	fx.finding_with(findings, "example-standby", _follower, "replication needs the same principal on both domains")
}

# A standby domain that follows no leader (no outbound connection names it) is not compared with
# the leaders: an unrelated domain may have its own admin.
test_compliant_unconnected_domain_with_own_master_user if {
	patched := fx.patch_stack(fx.app, "example-standby", [
		fx.replace(_follower_master_user, "arn:aws:iam::123456789012:role/other-admin"),
		fx.remove("/resource/aws_opensearch_outbound_connection"),
	])
	count(rule.deny) == 0 with input as patched
}
