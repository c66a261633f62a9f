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

_leader_domain := "aws_opensearch_domain.Search_Domain_1E2F3A4B"

_http_policy(resources) := {"role": "payments-example-search-admin", "name": "domain-http", "policy": json.marshal({"Statement": [{"Effect": "Allow", "Action": "es:ESHttp*", "Resource": resources}]})}

_with(resources) := fx.add_resources(fx.app, "example-primary", "aws_iam_role_policy", {"OtherHttp": _http_policy(resources)})

# Only the policies granting es:ESHttp* on the invocation's domain are its concern: a policy for
# another domain of the stack (its own bootstrap waits for it) is not.
test_compliant_policy_for_another_domain if {
	count(rule.deny) == 0 with input as _with("arn:aws:es:us-east-1:123456789012:domain/payments-other/*")
	count(rule.deny) == 0 with input as _with(["arn:aws:es:us-east-1:123456789012:domain/audit-*/*"])
}

test_noncompliant_2_policy_names_the_domain if {
	fx.one_finding(rule.deny, "example-primary", _invocation) with input as _with("arn:aws:es:us-east-1:123456789012:domain/payments-example-use1/*")
	fx.one_finding(rule.deny, "example-primary", _invocation) with input as _with(["arn:aws:es:*:123456789012:domain/payments-*/*"])
	fx.one_finding(rule.deny, "example-primary", _invocation) with input as _with("*")
}

test_noncompliant_3_policy_references_the_domain if {
	app := fx.add_resources(fx.app, "example-primary", "aws_iam_role_policy", {"OtherHttp": _http_policy(concat("", ["${", _leader_domain, ".arn}/*"]))})
	fx.one_finding(rule.deny, "example-primary", _invocation) with input as app
}

# A reference to something that is not a domain cannot be read: it counts as every domain.
test_noncompliant_4_unreadable_reference if {
	fx.one_finding(rule.deny, "example-primary", _invocation) with input as _with("${var.domain_arn}/*")
}
