package warm_standby.rules.iam.volume_delete_tag_condition_test

import data.warm_standby.rules.iam.volume_delete_tag_condition as rule
import data.warm_standby.test_fixtures as fx

_doc(statements) := json.marshal({"Version": "2012-10-17", "Statement": statements})

_with_policy(rtype, statements) := fx.add_resources(fx.app, "example-primary", rtype, {"PortworxRole_Policy_1A2B": {
	"name": "portworx-cloud-drives",
	"role": "${aws_iam_role.PortworxRole_Role_1A2B.id}",
	"policy": _doc(statements),
}})

_address := "aws_iam_role_policy.PortworxRole_Policy_1A2B"

_tagged := {"StringEquals": {"aws:ResourceTag/warm-standby-portworx-cluster": "payments-example-use1"}}

test_noncompliant_1_delete_volume_on_star if {
	findings := rule.deny with input as _with_policy("aws_iam_role_policy", [{"Effect": "Allow", "Action": ["ec2:CreateVolume", "ec2:DeleteVolume"], "Resource": "*"}])
	fx.one_finding(findings, "example-primary", _address)
	fx.finding_with(findings, "example-primary", _address, "allows ec2:deletevolume on * without an aws:ResourceTag condition")
}

test_noncompliant_2_wildcard_action_and_volume_arn_pattern if {
	app := _with_policy("aws_iam_role_policy", [{"Effect": "Allow", "Action": "ec2:Detach*", "Resource": "arn:aws:ec2:*:*:volume/*"}])
	fx.one_finding(rule.deny, "example-primary", _address) with input as app
}

test_noncompliant_3_snapshot_delete_with_unrelated_condition_on_managed_policy if {
	app := _with_policy("aws_iam_policy", [{
		"Effect": "Allow", "Action": "ec2:DeleteSnapshot", "Resource": ["arn:aws-us-gov:ec2:*::snapshot/*"],
		"Condition": {"StringEquals": {"aws:RequestedRegion": "us-east-1"}},
	}])
	fx.one_finding(rule.deny, "example-primary", "aws_iam_policy.PortworxRole_Policy_1A2B") with input as app
}

test_noncompliant_4_ec2_star if {
	app := _with_policy("aws_iam_role_policy", [{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-primary", _address)
	fx.finding_with(findings, "example-primary", _address, "ec2:deletesnapshot on *, ec2:deletevolume on *, ec2:detachvolume on *")
}

test_compliant_tag_conditions if {
	count(rule.deny) == 0 with input as _with_policy("aws_iam_role_policy", [
		{"Effect": "Allow", "Action": ["ec2:DeleteVolume", "ec2:DetachVolume"], "Resource": "arn:aws:ec2:*:*:volume/*", "Condition": _tagged},
		{"Effect": "Allow", "Action": "ec2:DeleteSnapshot", "Resource": "*", "Condition": {"Null": {"aws:ResourceTag/velero.io/backup": "false"}}},
		{"Effect": "Allow", "Action": "ec2:DeleteVolume", "Resource": "*", "Condition": {"StringLike": {"ec2:ResourceTag/owner": "px-*"}}},
	])
}

test_compliant_describe_specific_ids_and_deny if {
	count(rule.deny) == 0 with input as _with_policy("aws_iam_role_policy", [
		{"Effect": "Allow", "Action": ["ec2:DescribeVolumes", "ec2:CreateVolume"], "Resource": "*"},
		{"Effect": "Allow", "Action": "ec2:DeleteVolume", "Resource": "arn:aws:ec2:us-east-1:123456789012:volume/vol-0abc"},
		{"Effect": "Deny", "Action": "ec2:DeleteVolume", "Resource": "*"},
	])
}

test_compliant_app if {
	count(rule.deny) == 0 with input as fx.app
	count(rule.deny) == 0 with input as fx.primary_plan
}
