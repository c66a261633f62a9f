package warm_standby.rules.eks.managed_nodes_test

import data.warm_standby.rules.eks.managed_nodes as rule
import data.warm_standby.test_fixtures as fx

test_noncompliant_1_instance_in_primary if {
	app := fx.add_resources(fx.app, "example-primary", "aws_instance", {"Eks_Worker_1": {"ami": "ami-0123456789abcdef0", "instance_type": "m6i.large"}})
	fx.one_finding(rule.deny, "example-primary", "aws_instance.Eks_Worker_1") with input as app
}

test_noncompliant_2_spot_request_in_standby if {
	app := fx.add_resources(fx.app, "example-standby", "aws_spot_instance_request", {"Eks_Spot_1": {"ami": "ami-0123456789abcdef0", "instance_type": "m6i.large"}})
	fx.one_finding(rule.deny, "example-standby", "aws_spot_instance_request.Eks_Spot_1") with input as app
}

test_noncompliant_3_plan if {
	items := array.concat(fx.standby_plan_items, [fx.item("aws_instance", "Eks_Worker_1", {"instance_type": "m6i.large"}, {})])
	plan := fx.plan(fx.standby_metadata, "us-west-2", items, {})
	fx.one_finding(rule.deny, "example-standby", "aws_instance.Eks_Worker_1") with input as plan
}

test_compliant_app if {
	count(rule.deny) == 0 with input as fx.app
}

test_compliant_plan if {
	count(rule.deny) == 0 with input as fx.standby_plan
}
