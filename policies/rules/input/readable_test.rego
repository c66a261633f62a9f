package warm_standby.rules.input.readable_test

import data.warm_standby.rules.input.readable as rule
import data.warm_standby.test_fixtures as fx

_source := "aws_db_instance.Database_Instance_2F3A4B5C"

test_noncompliant_1_resource_body_null if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace(concat("", ["/resource/aws_db_instance/", "Database_Instance_2F3A4B5C"]), null)])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-primary", _source)
	fx.finding_with(findings, "example-primary", _source, "the resource body is null, not an object")
}

test_noncompliant_2_resource_type_not_an_object if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace("/resource/aws_db_instance", ["x"])])
	fx.one_finding(rule.deny, "example-primary", "aws_db_instance") with input as app
}

test_noncompliant_3_plan_values_not_an_object if {
	plan := json.patch(fx.primary_plan, [{"op": "replace", "path": "/planned_values/root_module/resources/0/values", "value": "broken"}])
	findings := rule.deny with input as plan
	count(findings) == 1
	some f in findings
	contains(f.message, "planned values are a string, not an object")
}

test_noncompliant_4_stack_without_region if {
	app := fx.patch_stack(fx.app, "example-standby", [
		fx.remove("/output/warm_standby_stack/value/region"),
		fx.remove("/provider/aws/0/region"),
	])
	findings := rule.deny with input as app
	fx.finding_with(findings, "example-standby", "provider.aws", "stack example-standby names no AWS Region")
}

test_compliant if {
	count(rule.deny) == 0 with input as fx.app
	count(rule.deny) == 0 with input as fx.primary_plan
	count(rule.deny) == 0 with input as fx.hcp(fx.standby_plan)
	count(rule.deny) == 0 with input as fx.failover_app
}
