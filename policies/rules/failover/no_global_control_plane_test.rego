package warm_standby.rules.failover.no_global_control_plane_test

import data.warm_standby.rules.failover.no_global_control_plane as rule
import data.warm_standby.test_fixtures as fx

_change(rtype, name, actions) := {"address": concat(".", [rtype, name]), "mode": "managed", "type": rtype, "name": name, "change": {"actions": actions}}

_plan(changes) := object.union(fx.failover_plan, {"resource_changes": changes})

test_noncompliant_1_iam_policy_update if {
	plan := _plan([_change("aws_iam_role_policy", "Velero_Policy", ["update"])])
	fx.finding_with(rule.deny, "example-standby", "aws_iam_role_policy.Velero_Policy", "control plane is global") with input as plan
}

test_noncompliant_2_route53_record_replace if {
	plan := _plan([_change("aws_route53_record", "Dns_Primary", ["delete", "create"])])
	fx.one_finding(rule.deny, "example-standby", "aws_route53_record.Dns_Primary") with input as plan
}

test_noncompliant_3_arc_control_create if {
	plan := _plan([_change("aws_route53recoverycontrolconfig_routing_control", "Switch", ["create"])])
	fx.one_finding(rule.deny, "example-standby", "aws_route53recoverycontrolconfig_routing_control.Switch") with input as plan
}

test_noncompliant_4_hcp_input if {
	hcp := {"plan": _plan([_change("aws_iam_role", "Node", ["update"])]), "run": {"workspace": {"name": "example-standby"}}}
	count(rule.deny) == 1 with input as hcp
}

test_compliant_regional_changes_and_unchanged_globals if {
	plan := _plan([
		_change("aws_db_instance", "Replica", ["update"]),
		_change("aws_eks_node_group", "Nodes", ["update"]),
		_change("aws_iam_role", "Node", ["no-op"]),
		_change("aws_route53_record", "Dns_Secondary", ["read"]),
	])
	count(rule.deny) == 0 with input as plan
}

test_compliant_normal_mode_plan if {
	plan := object.union(fx.standby_plan, {"resource_changes": [_change("aws_iam_role", "Node", ["update"])]})
	count(rule.deny) == 0 with input as plan
}
