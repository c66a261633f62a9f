package warm_standby.lib_plan_test

import data.warm_standby.lib
import data.warm_standby.test_fixtures as fx

test_input_kind_plan if {
	lib.input_kind == "plan" with input as fx.standby_plan
}

test_plan_stack_from_metadata if {
	stacks := lib.stacks with input as fx.standby_plan
	count(stacks) == 1
	s := stacks["example-standby"]
	s.role == "standby"
	s.region == "us-west-2"
	s.peer_region == "us-east-1"
	s.format == "plan"
	s.file == null
	s.backend == null
}

test_plan_metadata_from_configuration_when_not_planned if {
	plan := json.patch(fx.standby_plan, [fx.remove("/planned_values/outputs")])
	lib.stacks["example-standby"].role == "standby" with input as plan
}

test_plan_without_metadata if {
	plan := json.patch(fx.standby_plan, [fx.remove("/planned_values/outputs"), fx.remove("/configuration/root_module/outputs")])
	s := lib.stacks.plan with input as plan
	s.role == "unknown"
	s.region == "us-west-2"
	s.metadata_declared == false
}

test_plan_resources_with_config_refs if {
	some r in lib.resources with input as fx.standby_plan
	r.address == "aws_db_instance.Database_Replica_E1F2A3B4"
	r.stack == "example-standby"
	r.region == "us-west-2"
	r.role == "standby"
	r.values.replicate_source_db == "arn:aws:rds:us-east-1:123456789012:db:payments-example-db"
	not r.values.kms_key_id
	r.attr_refs.kms_key_id == {"aws_kms_key.Keys_Key_B2C3D4E5"}
	r.refs == {"aws_kms_key.Keys_Key_B2C3D4E5"}
}

test_plan_nested_expression_refs if {
	some r in lib.resources with input as fx.standby_plan
	r.address == "aws_opensearch_outbound_connection.Search_LeaderConnection_D0E1F2A3"
	r.attr_refs.local_domain_info == {"aws_opensearch_domain.Search_Domain_C9D0E1F2"}
}

test_plan_child_module_resources if {
	some r in lib.resources with input as fx.standby_plan
	r.address == "module.network.aws_vpc.this"
	r.type == "aws_vpc"
	r.region == "us-west-2"
}

test_plan_counted_resource_matches_its_configuration if {
	plan := json.patch(fx.standby_plan, [fx.replace("/planned_values/root_module/resources/0/address", "aws_db_instance.Database_Replica_E1F2A3B4[0]")])
	some r in lib.resources with input as plan
	r.address == "aws_db_instance.Database_Replica_E1F2A3B4[0]"
	r.attr_refs.kms_key_id == {"aws_kms_key.Keys_Key_B2C3D4E5"}
}

test_plan_resource_count if {
	count(lib.resources) == 38 with input as fx.standby_plan
}

test_plan_data_sources_from_configuration if {
	plan := fx.plan(
		fx.standby_metadata, "us-west-2", array.concat(fx.standby_plan_items, [fx.data_item(
			"terraform_remote_state", "primary",
			{"backend": fx.const("s3"), "config": fx.const({"bucket": "b", "key": "k", "region": "us-east-1"})},
		)]),
		{},
	)
	some d in lib.data_sources with input as plan
	d.address == "data.terraform_remote_state.primary"
	d.values == {"backend": "s3", "config": {"bucket": "b", "key": "k", "region": "us-east-1"}}
	count(lib.data_sources) == 2 with input as plan
}

test_plan_providers if {
	lib.providers == {{"stack": "example-standby", "type": "aws", "alias": null, "key": "aws", "region": "us-west-2"}} with input as fx.standby_plan
}

test_plan_is_never_complete if {
	not lib.complete with input as fx.standby_plan
}

test_reference_address if {
	lib._reference_address("aws_kms_key.k.arn") == "aws_kms_key.k"
	lib._reference_address("data.aws_iam_policy_document.p.json") == "data.aws_iam_policy_document.p"
	lib._reference_address("aws_subnet.s[0].id") == "aws_subnet.s"
	not lib._reference_address("var.region")
	not lib._reference_address("local.name")
	not lib._reference_address("module.network.vpc_id")
}

test_strip_index if {
	lib.strip_index("aws_x.y[0]") == "aws_x.y"
	lib.strip_index("module.a[\"k\"].aws_x.y[1]") == "module.a.aws_x.y"
	lib.strip_index("aws_x.y") == "aws_x.y"
}

# Planned values decide: an attribute planned null points at nothing, whatever the configuration
# references; an attribute left out of planned_values (unknown until apply) keeps its references.
test_plan_reference_planned_null_is_dropped if {
	plan := fx.patch_plan_values(fx.primary_plan, "aws_db_instance.Database_Instance_2F3A4B5C", [fx.add("/kms_key_id", null)])
	some r in lib.resources with input as plan
	r.address == "aws_db_instance.Database_Instance_2F3A4B5C"
	not r.attr_refs.kms_key_id
	r.refs == set()
}

test_plan_reference_unknown_is_kept if {
	some r in lib.resources with input as fx.primary_plan
	r.address == "aws_db_instance.Database_Instance_2F3A4B5C"
	r.attr_refs.kms_key_id == {"aws_kms_key.Keys_Key_0A1B2C3D"}
}
