package warm_standby.lib_hcp_test

import data.warm_standby.lib
import data.warm_standby.test_fixtures as fx

test_input_kind_hcp if {
	lib.input_kind == "hcp" with input as fx.hcp(fx.standby_plan)
}

test_hcp_stack_named_after_workspace if {
	stacks := lib.stacks with input as fx.hcp(fx.standby_plan)
	count(stacks) == 1
	s := stacks["warm-standby-example-standby"]
	s.role == "standby"
	s.region == "us-west-2"
	s.backend == null
}

test_hcp_without_workspace_uses_metadata_name if {
	lib.stacks["example-standby"].role == "standby" with input as {"plan": fx.standby_plan, "run": {"id": "run-1"}}
}

test_hcp_resources_are_the_plans if {
	hcp_addresses := {r.address | some r in lib.resources} with input as fx.hcp(fx.standby_plan)
	plan_addresses := {r.address | some r in lib.resources} with input as fx.standby_plan
	count(hcp_addresses) == 38
	hcp_addresses == plan_addresses
	some r in lib.resources with input as fx.hcp(fx.standby_plan)
	r.stack == "warm-standby-example-standby"
}

test_unknown_input if {
	lib.input_kind == "unknown" with input as {"foo": "bar"}
	count(lib.stacks) == 0 with input as {"foo": "bar"}
	count(lib.resources) == 0 with input as {"foo": "bar"}
}
