package warm_standby.rules.opensearch.bootstrap_waits_for_access_test

import data.warm_standby.rules.opensearch.bootstrap_waits_for_access as rule
import data.warm_standby.test_fixtures as fx

_invocation := "aws_lambda_invocation.SearchBootstrap_Invocation_1A2B3C4D"

_policy := {"AdminHttp": {"role": "payments-example-search-admin", "name": "domain-http", "policy": "{\"Statement\":[{\"Action\":\"es:ESHttp*\"}]}"}}

_with_policy := fx.add_resources(fx.app, "example-primary", "aws_iam_role_policy", _policy)

test_noncompliant_1_policy_not_depended_on if {
	fx.one_finding(rule.deny, "example-primary", _invocation) with input as _with_policy
	fx.finding_with(rule.deny, "example-primary", _invocation, "aws_iam_role_policy.AdminHttp") with input as _with_policy
}

test_compliant_depends_on_policy if {
	app := fx.patch_stack(_with_policy, "example-primary", [fx.add(
		"/resource/aws_lambda_invocation/SearchBootstrap_Invocation_1A2B3C4D/depends_on",
		["aws_iam_role_policy.AdminHttp"],
	)])
	count(rule.deny) == 0 with input as app
}

test_compliant_no_http_policy_in_stack if {
	count(rule.deny) == 0 with input as fx.app
}
