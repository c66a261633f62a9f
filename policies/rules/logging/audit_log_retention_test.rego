package warm_standby.rules.logging.audit_log_retention_test

import data.warm_standby.rules.logging.audit_log_retention as rule
import data.warm_standby.test_fixtures as fx

_group := "aws_cloudwatch_log_group.Eks_LogGroup_1A2B3C4D"

_with_group(values) := fx.add_resources(fx.app, "example-primary", "aws_cloudwatch_log_group", {"Eks_LogGroup_1A2B3C4D": values})

test_noncompliant_1_eks_control_plane_90_days if {
	app := _with_group({"name": "/aws/eks/payments-example-use1-eks/cluster", "retention_in_days": 90})
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-primary", _group)
	fx.finding_with(findings, "example-primary", _group, "(/aws/eks/payments-example-use1-eks/cluster) holds EKS control-plane logs but keeps them 90 days; PCI DSS 10.5.1 needs at least 365")
}

test_noncompliant_2_flow_log_destination if {
	app := fx.add_resources(
		_with_group({"name": "/vpc/flows", "retention_in_days": 180}),
		"example-primary",
		"aws_flow_log",
		{"Network_FlowLog_1": {"vpc_id": "vpc-0123", "log_destination": "${aws_cloudwatch_log_group.Eks_LogGroup_1A2B3C4D.arn}"}},
	)
	findings := rule.deny with input as app
	fx.finding_with(findings, "example-primary", _group, "holds VPC flow logs but keeps them 180 days")
}

test_noncompliant_3_tagged_audit_as_a_string if {
	app := _with_group({"name": "/custom/audit", "retention_in_days": "30", "tags": {"warm-standby/log-class": "audit"}})
	fx.one_finding(rule.deny, "example-primary", _group) with input as app
}

test_compliant_365_days if {
	app := _with_group({"name": "/aws/eks/payments-example-use1-eks/cluster", "retention_in_days": 365})
	count(rule.deny) == 0 with input as app
}

test_compliant_never_expires if {
	app := _with_group({"name": "/aws/eks/payments-example-use1-eks/cluster", "retention_in_days": 0})
	count(rule.deny) == 0 with input as app
}

test_compliant_application_logs_are_not_audit_class if {
	app := _with_group({"name": "/aws/lambda/payments-example-feed-loader", "retention_in_days": 30})
	count(rule.deny) == 0 with input as app
}
