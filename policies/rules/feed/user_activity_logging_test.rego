package warm_standby.rules.feed.user_activity_logging_test

import data.warm_standby.rules.feed.user_activity_logging as rule
import data.warm_standby.test_fixtures as fx

_primary := "aws_redshift_cluster.Feed_Warehouse_1C2D3E4F"

_primary_parameters := "aws_redshift_parameter_group.Feed_ParameterGroup_3D4E5F6A"

_standby_parameters := "aws_redshift_parameter_group.Feed_ParameterGroup_7B8C9D0E"

test_noncompliant_1_parameter_false if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace(
		"/resource/aws_redshift_parameter_group/Feed_ParameterGroup_3D4E5F6A/parameter/1",
		{"name": "enable_user_activity_logging", "value": "false"},
	)])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-primary", _primary_parameters)
	fx.finding_with(findings, "example-primary", _primary_parameters, "parameter group of aws_redshift_cluster.Feed_Warehouse_1C2D3E4F, which exports useractivitylog, does not set enable_user_activity_logging = true")
}

test_noncompliant_2_parameter_missing if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.replace(
		"/resource/aws_redshift_parameter_group/Feed_ParameterGroup_7B8C9D0E/parameter",
		[{"name": "require_ssl", "value": "true"}],
	)])
	fx.one_finding(rule.deny, "example-standby", _standby_parameters) with input as app
}

test_noncompliant_3_default_parameter_group if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.remove("/resource/aws_redshift_cluster/Feed_Warehouse_1C2D3E4F/cluster_parameter_group_name")])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-primary", _primary)
	fx.finding_with(findings, "example-primary", _primary, "its parameter group (the default) is not one of this stack")
}

test_noncompliant_4_parameter_group_of_another_stack if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace("/resource/aws_redshift_cluster/Feed_Warehouse_1C2D3E4F/cluster_parameter_group_name", "shared-params")])
	fx.finding_with(rule.deny, "example-primary", _primary, "its parameter group (shared-params) is not one of this stack") with input as app
}

test_noncompliant_5_plan_parameter_false if {
	i := [i | some i, r in fx.standby_plan.planned_values.root_module.resources; r.address == _standby_parameters][0]
	plan := json.patch(fx.standby_plan, [fx.replace(sprintf("/planned_values/root_module/resources/%d/values/parameter/0/value", [i]), "false")])
	fx.one_finding(rule.deny, "example-standby", _standby_parameters) with input as plan
}

test_compliant_app if {
	count(rule.deny) == 0 with input as fx.app
}

test_compliant_plan if {
	count(rule.deny) == 0 with input as fx.standby_plan
}

test_compliant_literal_parameter_group_name if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace("/resource/aws_redshift_cluster/Feed_Warehouse_1C2D3E4F/cluster_parameter_group_name", "payments-example-use1")])
	count(rule.deny) == 0 with input as app
}

test_compliant_no_user_activity_export_needs_no_parameter if {
	app := fx.patch_stack(fx.app, "example-primary", [
		fx.replace("/resource/aws_redshift_logging/Feed_AuditLogging_4E5F6A7B/log_exports", ["connectionlog", "userlog"]),
		fx.remove("/resource/aws_redshift_cluster/Feed_Warehouse_1C2D3E4F/cluster_parameter_group_name"),
	])
	count(rule.deny) == 0 with input as app
}
