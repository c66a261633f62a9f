package warm_standby.rules.feed.warehouse_audit_logging_test

import data.warm_standby.rules.feed.warehouse_audit_logging as rule
import data.warm_standby.test_fixtures as fx

_primary := "aws_redshift_cluster.Feed_Warehouse_1C2D3E4F"

_standby := "aws_redshift_cluster.Feed_Warehouse_E7F8A9B0"

_primary_logging := "/resource/aws_redshift_logging/Feed_AuditLogging_4E5F6A7B"

test_noncompliant_1_no_audit_logging if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.remove("/resource/aws_redshift_logging")])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-primary", _primary)
	fx.finding_with(findings, "example-primary", _primary, "no database audit logging")
}

test_noncompliant_2_user_activity_log_left_out if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.replace("/resource/aws_redshift_logging/Feed_AuditLogging_8C9D0E1F/log_exports", ["connectionlog", "userlog"])])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-standby", _standby)
	fx.finding_with(findings, "example-standby", _standby, "audit logging leaves out useractivitylog")
}

test_noncompliant_3_logging_of_another_cluster if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace(concat("", [_primary_logging, "/cluster_identifier"]), "some-other-cluster")])
	fx.finding_with(rule.deny, "example-primary", _primary, "no database audit logging") with input as app
}

test_noncompliant_4_no_exports if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.remove(concat("", [_primary_logging, "/log_exports"]))])
	fx.finding_with(rule.deny, "example-primary", _primary, "leaves out connectionlog, useractivitylog, userlog") with input as app
}

test_noncompliant_5_inline_logging_without_user_log if {
	app := fx.patch_stack(fx.app, "example-primary", [
		fx.remove("/resource/aws_redshift_logging"),
		fx.add("/resource/aws_redshift_cluster/Feed_Warehouse_1C2D3E4F/logging", {"enable": true, "log_destination_type": "cloudwatch", "log_exports": ["connectionlog", "useractivitylog"]}),
	])
	fx.one_finding(rule.deny, "example-primary", _primary) with input as app
	fx.finding_with(rule.deny, "example-primary", _primary, "leaves out userlog") with input as app
}

test_noncompliant_6_precreated_group_kept_90_days if {
	app := fx.add_resources(fx.app, "example-primary", "aws_cloudwatch_log_group", {"Feed_UserActivityLogLogGroup_1": {"name": "/aws/redshift/cluster/payments-example-use1/useractivitylog", "retention_in_days": 90}})
	fx.one_finding(rule.deny, "example-primary", "aws_cloudwatch_log_group.Feed_UserActivityLogLogGroup_1") with input as app
	fx.finding_with(rule.deny, "example-primary", "aws_cloudwatch_log_group.Feed_UserActivityLogLogGroup_1", "holds the useractivitylog of aws_redshift_cluster.Feed_Warehouse_1C2D3E4F but keeps it 90 days") with input as app
}

test_noncompliant_7_precreated_group_shorter_than_the_environment if {
	app := fx.patch_stack(
		fx.add_resources(fx.app, "example-standby", "aws_cloudwatch_log_group", {"Feed_UserLogLogGroup_1": {"name": "/aws/redshift/cluster/payments-example-usw2/userlog", "retention_in_days": 731}}),
		"example-standby",
		[fx.replace("/output/warm_standby_stack/value/audit_log_retention_days", 1096)],
	)
	fx.finding_with(rule.deny, "example-standby", "aws_cloudwatch_log_group.Feed_UserLogLogGroup_1", "keeps it 731 days; keep it at least 1096") with input as app
}

test_compliant_app if {
	count(rule.deny) == 0 with input as fx.app
}

test_compliant_plan if {
	count(rule.deny) == 0 with input as fx.standby_plan
}

test_compliant_literal_cluster_identifier_and_inline_logging if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace(concat("", [_primary_logging, "/cluster_identifier"]), "payments-example-use1")])
	count(rule.deny) == 0 with input as app
	inline := fx.patch_stack(fx.app, "example-standby", [
		fx.remove("/resource/aws_redshift_logging"),
		fx.add("/resource/aws_redshift_cluster/Feed_Warehouse_E7F8A9B0/logging", {"enable": "true", "bucket_name": "audit", "log_exports": ["userlog", "connectionlog", "useractivitylog"]}),
	])
	count(rule.deny) == 0 with input as inline
}
