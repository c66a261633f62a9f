package warm_standby.lib_cdktf_test

import data.warm_standby.lib
import data.warm_standby.test_fixtures as fx

test_input_kind_cdktf_app if {
	lib.input_kind == "cdktf_app" with input as fx.app
}

test_stacks_from_metadata_output if {
	stacks := lib.stacks with input as fx.app
	count(stacks) == 3
	stacks["example-primary"].role == "primary"
	stacks["example-primary"].region == "us-east-1"
	stacks["example-primary"].peer_region == "us-west-2"
	stacks["example-primary"].file == "cdktf.out/stacks/example-primary/cdk.tf.json"
	stacks["example-primary"].objectives == {"rpo_seconds": 3900, "rto_seconds": 3600}
	stacks["example-standby"].role == "standby"
	stacks["example-standby"].region == "us-west-2"
	stacks["example-replication"].role == "replication"
	stacks["example-replication"].region == "us-east-1"
}

test_s3_backend if {
	b := lib.stacks["example-standby"].backend with input as fx.app
	b.type == "s3"
	b.bucket == "payments-tfstate-123456789012-us-west-2"
	b.key == "example-standby.tfstate"
	b.region == "us-west-2"
	b.lock_table == "payments-tflock"
	b.use_lockfile == false
}

test_cloud_backend if {
	app := fx.patch_stack(fx.app, "example-primary", [
		fx.remove("/terraform/backend"),
		fx.add("/terraform/cloud", {"organization": "acme", "workspaces": {"name": "warm-standby-example-primary"}}),
	])
	b := lib.stacks["example-primary"].backend with input as app
	b.type == "cloud"
	b.organization == "acme"
	b.hostname == "app.terraform.io"
	b.workspace == "warm-standby-example-primary"
}

test_no_backend_is_null if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.remove("/terraform/backend")])
	lib.stacks["example-primary"].backend == null with input as app
}

test_stack_without_metadata_takes_region_from_provider if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.remove("/output")])
	s := lib.stacks["example-standby"] with input as app
	s.metadata_declared == false
	s.role == "unknown"
	s.region == "us-west-2"
	s.objectives == null
}

test_resource_model if {
	rs := lib.resources with input as fx.app
	some r in rs
	r.address == "aws_db_instance.Database_Instance_2F3A4B5C"
	r.stack == "example-primary"
	r.region == "us-east-1"
	r.role == "primary"
	r.mode == "managed"
	r.type == "aws_db_instance"
	r.name == "Database_Instance_2F3A4B5C"
	r.path == "example-primary/Database/Instance"
	r.values.identifier == "payments-example-db"
	not r.values["//"]
	r.refs == {"aws_kms_key.Keys_Key_0A1B2C3D"}
	r.attr_refs.kms_key_id == {"aws_kms_key.Keys_Key_0A1B2C3D"}
	r.attr_refs.identifier == set()
}

test_resource_count if {
	count(lib.resources) == 76 with input as fx.app
}

test_resources_of_and_in if {
	count(lib.resources_of("aws_eks_cluster")) == 2 with input as fx.app
	count(lib.resources_in("aws_sns_topic_subscription", "us-east-1")) == 2 with input as fx.app

	# The standby stack's own, and the replication stack's through its aliased provider for us-west-2.
	count(lib.resources_in("aws_sns_topic_subscription", "us-west-2")) == 2 with input as fx.app
	count(lib.resources_with_role("aws_eks_node_group", "standby")) == 1 with input as fx.app
}

test_regions_and_completeness if {
	lib.primary_region == "us-east-1" with input as fx.app
	lib.standby_region == "us-west-2" with input as fx.app
	lib.complete with input as fx.app
	lib.role_stack_name("standby") == "example-standby" with input as fx.app
}

test_one_stack_is_not_complete if {
	not lib.complete with input as fx.only_stack("example-standby")
	lib.standby_region == "us-west-2" with input as fx.only_stack("example-standby")
}

test_two_stacks_are_complete if {
	lib.complete with input as fx.without_stacks(fx.app, {"example-replication"})
}

test_aliased_provider_sets_region_of_resources_and_data if {
	app := fx.add_resources(
		fx.patch_stack(fx.app, "example-standby", [fx.add("/provider/aws/-", {"alias": "primary", "region": "us-east-1"})]),
		"example-standby", "aws_sqs_queue", {"Extra_Queue_1": {"name": "x", "provider": "aws.primary"}},
	)
	patched := fx.patch_stack(app, "example-standby", [fx.add("/data", {"aws_ssm_parameter": {"Param_1": {"name": "p", "provider": "aws.primary"}}})])
	some r in lib.resources with input as patched
	r.address == "aws_sqs_queue.Extra_Queue_1"
	r.region == "us-east-1"
	r.provider == "aws.primary"
	some d in lib.data_sources with input as patched
	d.address == "data.aws_ssm_parameter.Param_1"
	d.region == "us-east-1"
	some p in lib.providers with input as patched
	p == {"stack": "example-standby", "type": "aws", "alias": "primary", "key": "aws.primary", "region": "us-east-1"}
}

test_string_refs if {
	lib.string_refs("${aws_s3_bucket.Backup_Bucket_8B9C0D1E.id}") == {"aws_s3_bucket.Backup_Bucket_8B9C0D1E"}
	lib.string_refs("${data.terraform_remote_state.cross-stack-reference-input-example-primary.outputs.cross-stack-output-aws_s3_bucketarn}") == {"data.terraform_remote_state.cross-stack-reference-input-example-primary"}
	lib.string_refs({"a": ["${element(aws_subnet.Net_Private_1.*.id, 0)}"], "b": "${var.x} ${local.y} ${module.my_mod.out}"}) == {"aws_subnet.Net_Private_1"}
	lib.string_refs("aws_s3_bucket.not_a_token") == set()
}
