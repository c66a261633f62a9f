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

_app_provider(patch) := {"kind": "cdktf_app", "stacks": [{
	"name": "example-standby",
	"file": "cdktf.out/stacks/example-standby/cdk.tf.json",
	"config": json.patch(fx.failover_standby_config, patch),
}]}

test_noncompliant_5_provider_skips_credentials_validation if {
	app := _app_provider([fx.add("/provider/aws/0/skip_credentials_validation", true)])
	fx.one_finding(rule.deny, "example-standby", "provider.aws") with input as app
	fx.finding_with(rule.deny, "example-standby", "provider.aws", "iam:GetUser") with input as app
}

test_noncompliant_6_provider_skips_account_id if {
	app := _app_provider([fx.add("/provider/aws/0/skip_requesting_account_id", "true")])
	fx.finding_with(rule.deny, "example-standby", "provider.aws", "allowed_account_ids refuses it") with input as app
}

test_noncompliant_7_alias_asks_lost_region_sts if {
	app := _app_provider([fx.add("/provider/aws/-", {"alias": "us_east_1", "region": "us-east-1"})])
	fx.one_finding(rule.deny, "example-standby", "provider.aws.us_east_1") with input as app
	fx.finding_with(rule.deny, "example-standby", "provider.aws.us_east_1", "asks STS in us-east-1") with input as app
}

test_compliant_provider_sts_in_own_region if {
	count(rule.deny) == 0 with input as fx.failover_app
	app := _app_provider([
		fx.add("/provider/aws/0/sts_region", "us-west-2"),
		fx.add("/provider/aws/-", {"alias": "us_east_1", "region": "us-east-1", "sts_region": "us-west-2"}),
	])
	count(rule.deny) == 0 with input as app
}

test_compliant_normal_mode_provider_skips if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.add("/provider/aws/0/skip_credentials_validation", true)])
	count(rule.deny) == 0 with input as app
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
