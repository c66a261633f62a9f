package warm_standby.rules.iam.root_trust_test

import data.warm_standby.rules.iam.root_trust as rule
import data.warm_standby.test_fixtures as fx

_trust(statement) := json.marshal({"Version": "2012-10-17", "Statement": [statement]})

_root := "arn:aws:iam::123456789012:root"

_with_role(trust) := fx.add_resources(fx.app, "example-primary", "aws_iam_role", {"SearchPrincipals_AdminRole_1A2B": {
	"name": "payments-example-search-admin",
	"assume_role_policy": trust,
}})

_address := "aws_iam_role.SearchPrincipals_AdminRole_1A2B"

test_noncompliant_1_root_without_condition if {
	findings := rule.deny with input as _with_role(_trust({"Effect": "Allow", "Principal": {"AWS": _root}, "Action": "sts:AssumeRole"}))
	fx.one_finding(findings, "example-primary", _address)
	fx.finding_with(findings, "example-primary", _address, "allows arn:aws:iam::123456789012:root with no condition")
}

test_noncompliant_2_bare_account_id_in_a_list if {
	trust := _trust({"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::123456789012:role/ops", "123456789012"]}, "Action": "sts:AssumeRole"})
	fx.one_finding(rule.deny, "example-primary", _address) with input as _with_role(trust)
}

test_noncompliant_3_empty_condition_and_other_partition if {
	trust := _trust({"Effect": "Allow", "Principal": {"AWS": "arn:aws-us-gov:iam::123456789012:root"}, "Action": "sts:AssumeRole", "Condition": {}})
	fx.one_finding(rule.deny, "example-primary", _address) with input as _with_role(trust)
}

test_noncompliant_4_plan_and_hcp if {
	trust := _trust({"Effect": "Allow", "Principal": {"AWS": _root}, "Action": "sts:AssumeRole"})
	plan := fx.plan(fx.primary_metadata, "us-east-1", [{"mode": "managed", "expressions": {}, "type": "aws_iam_role", "name": "SearchPrincipals_AdminRole_1A2B", "values": {"name": "payments-example-search-admin", "assume_role_policy": trust}}], {})
	fx.one_finding(rule.deny, "example-primary", _address) with input as plan
	fx.one_finding(rule.deny, "warm-standby-example-primary", _address) with input as fx.hcp(plan)
}

test_compliant_root_with_principal_condition if {
	trust := _trust({
		"Effect": "Allow", "Principal": {"AWS": _root}, "Action": "sts:AssumeRole",
		"Condition": {"ArnEquals": {"aws:PrincipalArn": ["arn:aws:iam::123456789012:role/payments-example-use1-repl-bootstrap"]}},
	})
	count(rule.deny) == 0 with input as _with_role(trust)
}

test_compliant_named_role_service_federated_and_deny if {
	named := _trust({"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:role/ops"}, "Action": "sts:AssumeRole"})
	count(rule.deny) == 0 with input as _with_role(named)
	service := _trust({"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"})
	count(rule.deny) == 0 with input as _with_role(service)
	deny := _trust({"Effect": "Deny", "Principal": {"AWS": _root}, "Action": "sts:AssumeRole"})
	count(rule.deny) == 0 with input as _with_role(deny)
	count(rule.deny) == 0 with input as _with_role("${data.aws_iam_policy_document.trust.json}")
}

test_compliant_app if {
	count(rule.deny) == 0 with input as fx.app
	count(rule.deny) == 0 with input as fx.primary_plan
	count(rule.deny) == 0 with input as fx.standby_plan
}
