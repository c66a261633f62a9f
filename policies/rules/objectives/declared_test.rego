package warm_standby.rules.objectives.declared_test

import data.warm_standby.rules.objectives.declared as rule
import data.warm_standby.test_fixtures as fx

_address := "output.warm_standby_stack"

_objectives := "/output/warm_standby_stack/value/objectives"

test_noncompliant_1_no_metadata_output if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.remove("/output")])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-primary", _address)
	fx.finding_with(findings, "example-primary", _address, "declares no warm_standby_stack output")
}

test_noncompliant_2_zero_rpo if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.replace(concat("", [_objectives, "/rpo_seconds"]), 0)])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-standby", _address)
	fx.finding_with(findings, "example-standby", _address, "no positive objectives.rpo_seconds (got 0)")
}

test_noncompliant_3_no_objectives if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.remove(_objectives)])
	findings := rule.deny with input as app
	count(findings) == 2
	fx.finding_with(findings, "example-standby", _address, "objectives.rpo_seconds (got unset)")
	fx.finding_with(findings, "example-standby", _address, "objectives.rto_seconds (got unset)")
}

test_noncompliant_4_plan if {
	metadata := object.union(fx.primary_metadata, {"objectives": {"rpo_seconds": 900, "rto_seconds": -1}})
	plan := fx.plan(metadata, "us-east-1", fx.primary_plan_items, {})
	fx.finding_with(rule.deny, "example-primary", _address, "objectives.rto_seconds (got -1)") with input as plan
}

test_noncompliant_5_plan_without_metadata if {
	plan := json.patch(fx.standby_plan, [fx.remove("/planned_values/outputs"), fx.remove("/configuration/root_module/outputs")])
	fx.one_finding(rule.deny, "plan", _address) with input as plan
}

test_compliant_app if {
	count(rule.deny) == 0 with input as fx.app
}

test_compliant_plan if {
	count(rule.deny) == 0 with input as fx.standby_plan
	count(rule.deny) == 0 with input as fx.hcp(fx.primary_plan)
}

test_compliant_replication_stack_needs_no_objectives if {
	app := fx.patch_stack(fx.app, "example-replication", [fx.remove(_objectives)])
	count(rule.deny) == 0 with input as app
}
