package warm_standby.rules.rds.replica_regional_key_test

import data.warm_standby.rules.rds.replica_regional_key as rule
import data.warm_standby.test_fixtures as fx

_replica := "aws_db_instance.Database_Replica_E1F2A3B4"

_key := "/resource/aws_db_instance/Database_Replica_E1F2A3B4/kms_key_id"

_with_key(value) := fx.patch_stack(fx.app, "example-standby", [fx.replace(_key, value)])

_plan_without_key := fx.patch_plan_config(fx.standby_plan, _replica, [fx.remove("/expressions/kms_key_id")])

test_noncompliant_1_no_key if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.remove(_key)])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-standby", _replica)
	fx.finding_with(findings, "example-standby", _replica, "kms_key_id = unset")
}

test_noncompliant_2_key_arn_in_the_primary_region if {
	findings := rule.deny with input as _with_key("arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-0000-0000-0000-000000000000")
	fx.one_finding(findings, "example-standby", _replica)
}

test_noncompliant_3_storage_encryption_off if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.replace("/resource/aws_db_instance/Database_Replica_E1F2A3B4/storage_encrypted", false)])
	fx.finding_with(rule.deny, "example-standby", _replica, "storage_encrypted = false") with input as app
}

test_noncompliant_4_key_through_a_primary_region_provider if {
	app := fx.patch_stack(fx.app, "example-standby", [
		fx.add("/provider/aws/-", {"alias": "primary", "region": "us-east-1"}),
		fx.add("/resource/aws_kms_key/Keys_Key_B2C3D4E5/provider", "aws.primary"),
	])
	fx.one_finding(rule.deny, "example-standby", _replica) with input as app
}

test_noncompliant_5_reference_to_something_else if {
	fx.one_finding(rule.deny, "example-standby", _replica) with input as _with_key("${aws_s3_bucket.Backup_Bucket_F6A7B8C9.arn}")
}

test_noncompliant_6_plan_without_key if {
	fx.one_finding(rule.deny, "example-standby", _replica) with input as _plan_without_key
}

test_noncompliant_7_hcp_without_key if {
	fx.one_finding(rule.deny, "warm-standby-example-standby", _replica) with input as fx.hcp(_plan_without_key)
}

test_compliant_app if {
	count(rule.deny) == 0 with input as fx.app
}

test_compliant_plan_and_hcp if {
	count(rule.deny) == 0 with input as fx.standby_plan
	count(rule.deny) == 0 with input as fx.hcp(fx.standby_plan)
}

test_compliant_key_arn_in_the_replica_region if {
	count(rule.deny) == 0 with input as _with_key("arn:aws:kms:us-west-2:123456789012:key/0a1b2c3d-0000-0000-0000-000000000000")
}

test_compliant_alias_name if {
	count(rule.deny) == 0 with input as _with_key("alias/payments-example")
}

test_compliant_alias_data_source if {
	app := fx.patch_stack(_with_key("${data.aws_kms_alias.Keys_Alias_1.target_key_arn}"), "example-standby", [fx.add("/data", {"aws_kms_alias": {"Keys_Alias_1": {"name": "alias/payments"}}})])
	count(rule.deny) == 0 with input as app
}

test_compliant_source_is_not_a_replica if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.remove("/resource/aws_db_instance/Database_Instance_2F3A4B5C/kms_key_id")])
	count(rule.deny) == 0 with input as app
}
