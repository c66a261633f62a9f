package warm_standby.rules.kms.standby_keys_enabled_test

import data.warm_standby.rules.kms.standby_keys_enabled as rule
import data.warm_standby.test_fixtures as fx

_key := "aws_kms_key.Keys_Key_B2C3D4E5"

test_noncompliant_1_standby_key_disabled if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.add("/resource/aws_kms_key/Keys_Key_B2C3D4E5/is_enabled", false)])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-standby", _key)
	fx.finding_with(findings, "example-standby", _key, "has is_enabled = false")
}

test_noncompliant_2_replica_key_disabled_in_a_plan if {
	plan := fx.patch_plan_values(fx.standby_plan, _key, [fx.add("/is_enabled", false)])
	fx.one_finding(rule.deny, "example-standby", _key) with input as plan
}

test_compliant_primary_key_is_not_judged_here if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.add("/resource/aws_kms_key/Keys_Key_0A1B2C3D/is_enabled", false)])
	count(rule.deny) == 0 with input as app
}

test_compliant if {
	count(rule.deny) == 0 with input as fx.app
	count(rule.deny) == 0 with input as fx.standby_plan
}
