package warm_standby.lib_model_test

import data.warm_standby.lib
import data.warm_standby.test_fixtures as fx

test_params_defaults if {
	lib.params == {"min_standby_nodes": 1, "max_dns_detection_seconds": 180, "max_master_secret_rotation_days": 90}
}

test_params_override if {
	p := lib.params with data.params as {"min_standby_nodes": 2}
	p.min_standby_nodes == 2
	p.max_dns_detection_seconds == 180
}

test_blocks if {
	lib.blocks({"b": {"x": 1}}, "b") == [{"x": 1}]
	lib.blocks({"b": [{"x": 1}, {"x": 2}]}, "b") == [{"x": 1}, {"x": 2}]
	lib.blocks({}, "b") == []
	lib.block({"b": [{"x": 1}]}, "b") == {"x": 1}
	lib.block({}, "b") == {}
}

test_num if {
	lib.num(3) == 3
	lib.num("3") == 3
	lib.num("1.5") == 1.5
	not lib.num("${var.x}")
	not lib.num(null)
}

test_tokens_and_literals if {
	lib.is_token("${aws_x.y.id}")
	not lib.is_token("plain")
	lib.is_literal("plain")
	not lib.is_literal("")
	not lib.is_literal("${aws_x.y.id}")
	not lib.is_literal(3)
}

test_arn_helpers if {
	arn := "arn:aws:sqs:us-west-2:123456789012:payments-feed"
	lib.arn_region(arn) == "us-west-2"
	lib.arn_service(arn) == "sqs"
	lib.arn_last(arn) == "payments-feed"
	lib.arn_last("arn:aws:rds:us-east-1:123456789012:db:payments-db") == "payments-db"
	not lib.arn_region("payments-feed")
	not lib.arn_region("${aws_sqs_queue.q.arn}")
}

test_tag_falls_back_to_tags_all if {
	lib.tag({"values": {"tags": {"a": "1"}}}, "a") == "1"
	lib.tag({"values": {"tags": null, "tags_all": {"a": "2"}}}, "a") == "2"
	not lib.tag({"values": {}}, "a")
}

test_velero_helpers if {
	r := {"type": "helm_release", "values": {"chart": "vmware-tanzu/velero", "set": [
		{"name": "configuration.backupStorageLocation[0].bucket", "value": "b0"},
		{"name": "configuration.backupStorageLocation[1].bucket", "value": "b1"},
		{"name": "configuration.backupStorageLocation[0].config.region", "value": "us-west-2"},
		{"name": "schedules.hourly.schedule", "value": "0 * * * *"},
	]}}
	lib.is_velero(r)
	lib.velero_buckets(r) == {"b0", "b1"}
	lib.velero_regions(r) == {"us-west-2"}
	lib.helm_set(r, "schedules.hourly.schedule") == "0 * * * *"
	not lib.is_velero({"type": "helm_release", "values": {"chart": "ingress-nginx"}})
}

test_rule_metadata_flattens_package_annotation if {
	chain := [
		{"path": ["warm_standby", "rules", "x", "y", "metadata"]},
		{"path": ["warm_standby", "rules", "x", "y"], "annotations": {
			"scope": "package",
			"title": "T",
			"description": "D",
			"custom": {"id": "WS-X-001", "severity": "LOW", "enforcement": "advisory", "recommended_action": "R", "scope": "stack_local"},
		}},
	]
	lib.rule_metadata(chain) == {
		"id": "WS-X-001", "title": "T", "description": "D", "severity": "LOW", "enforcement": "advisory",
		"recommended_action": "R", "scope": "stack_local", "inputs": ["cdktf_app", "plan", "hcp"],
		"inputs_reason": null, "roles": [], "modes": ["normal", "failover"], "mode_reason": null,
		"needs_objectives": false, "layers": [],
	}
}

test_rule_metadata_modes if {
	chain := [{"path": ["warm_standby", "rules", "x", "y"], "annotations": {
		"scope": "package",
		"title": "T",
		"description": "D",
		"custom": {
			"id": "WS-X-002", "severity": "LOW", "enforcement": "advisory", "recommended_action": "R", "scope": "stack_local",
			"modes": ["failover"], "mode_reason": "why", "needs_objectives": true,
		},
	}}]
	md := lib.rule_metadata(chain)
	md.modes == ["failover"]
	md.mode_reason == "why"
	md.needs_objectives == true
}

test_mode if {
	lib.mode == "normal" with input as fx.app
	not lib.failover with input as fx.app
	lib.mode == "failover" with input as fx.failover_app
	[s.name | some s in lib.failover_stacks] == ["example-standby"] with input as fx.failover_app
	lib.stacks["example-standby"].primary_desired_nodes == 3 with input as fx.failover_app
	lib.mode == "failover" with input as fx.failover_plan
}
