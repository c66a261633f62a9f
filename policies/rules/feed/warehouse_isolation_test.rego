package warm_standby.rules.feed.warehouse_isolation_test

import data.warm_standby.rules.feed.warehouse_isolation as rule
import data.warm_standby.test_fixtures as fx

_cluster := "aws_redshift_cluster.Feed_Warehouse_1C2D3E4F"

_loader := "aws_lambda_function.Feed_Loader_9A0B1C2D"

_patch(ops) := fx.patch_stack(fx.app, "example-primary", ops)

_sqs_key := "${aws_kms_key.Keys_SqsKey_0A1B2C3D.arn}"

_redshift_key := "${aws_kms_key.Keys_RedshiftKey_9F8E7D6C.arn}"

test_noncompliant_1_cluster_on_the_queue_key if {
	app := _patch([
		fx.add("/resource/aws_redshift_cluster/Feed_Warehouse_1C2D3E4F/kms_key_id", _sqs_key),
		fx.add("/resource/aws_redshift_cluster/Feed_Warehouse_1C2D3E4F/master_password_secret_kms_key_id", _redshift_key),
		fx.add("/resource/aws_sqs_queue/Feed_Queue_6D7E8F9A/kms_master_key_id", _sqs_key),
	])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-primary", _cluster)
	fx.finding_with(findings, "example-primary", _cluster, "kms_key_id is also the key of aws_sqs_queue.Feed_Queue_6D7E8F9A (kms_master_key_id)")
}

test_noncompliant_2_master_secret_on_a_shared_literal_key if {
	arn := "arn:aws:kms:us-east-1:123456789012:key/shared"
	app := _patch([
		fx.add("/resource/aws_redshift_cluster/Feed_Warehouse_1C2D3E4F/master_password_secret_kms_key_id", arn),
		fx.add("/resource/aws_db_instance/Database_Instance_2F3A4B5C/kms_key_id", arn),
	])
	fx.one_finding(rule.deny, "example-primary", _cluster) with input as app
}

test_noncompliant_3_loader_as_master if {
	app := _patch([
		fx.add("/resource/aws_redshift_cluster/Feed_Warehouse_1C2D3E4F/master_username", "feedadmin"),
		fx.add("/resource/aws_lambda_function/Feed_Loader_9A0B1C2D/environment", {"variables": {"DB_USER": "feedadmin"}}),
	])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-primary", _loader)
	fx.finding_with(findings, "example-primary", _loader, "connects as feedadmin, the master user")
}

test_noncompliant_4_loader_as_master_in_a_plan if {
	plan := fx.plan(
		fx.primary_metadata, "us-east-1", [
			{"mode": "managed", "type": "aws_redshift_cluster", "name": "W", "values": {"master_username": "feedadmin"}, "expressions": {}},
			{
				"mode": "managed", "type": "aws_lambda_function", "name": "L", "values": {
					"tags": {"warm-standby/component": "feed-loader"},
					"environment": [{"variables": {"DB_USER": "feedadmin"}}],
				},
				"expressions": {},
			},
		],
		{},
	)
	fx.one_finding(rule.deny, "example-primary", "aws_lambda_function.L") with input as plan
}

test_compliant_own_keys_and_loader_user if {
	app := _patch([
		fx.add("/resource/aws_redshift_cluster/Feed_Warehouse_1C2D3E4F/kms_key_id", _redshift_key),
		fx.add("/resource/aws_redshift_cluster/Feed_Warehouse_1C2D3E4F/master_password_secret_kms_key_id", _redshift_key),
		fx.add("/resource/aws_redshift_cluster/Feed_Warehouse_1C2D3E4F/master_username", "feedadmin"),
		fx.add("/resource/aws_sqs_queue/Feed_Queue_6D7E8F9A/kms_master_key_id", _sqs_key),
		fx.add("/resource/aws_lambda_function/Feed_Loader_9A0B1C2D/environment", {"variables": {"DB_USER": "feed_loader"}}),
	])
	count(rule.deny) == 0 with input as app
}

test_compliant_app if {
	count(rule.deny) == 0 with input as fx.app
	count(rule.deny) == 0 with input as fx.primary_plan
	count(rule.deny) == 0 with input as fx.standby_plan
}
