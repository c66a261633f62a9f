package warm_standby.main_test

import data.warm_standby.main
import data.warm_standby.test_fixtures as fx

_status(report) := {r.id: r.status | some r in report.rules}

_reason(report, id) := [r.reason | some r in report.rules; r.id == id][0]

_cross_region := {"WS-DNS-001", "WS-EKS-001", "WS-EKS-003", "WS-EKS-004", "WS-BAK-001", "WS-BAK-002", "WS-BAK-004", "WS-BAK-009", "WS-OS-001", "WS-OS-004", "WS-OS-007", "WS-RDS-001", "WS-RDS-006", "WS-CACHE-001", "WS-FEED-001", "WS-FEED-002", "WS-FEED-003", "WS-STATE-004"}

_app_only := {"WS-STATE-001", "WS-STATE-002", "WS-STATE-004", "WS-REF-001"}

_failover_only := {"WS-FO-001", "WS-FO-002", "WS-FO-003", "WS-FO-004", "WS-FO-005", "WS-FO-006", "WS-FO-007", "WS-RDS-005"}

# Rules that apply in normal operation only: every cross-Region pair rule, and the OpenSearch
# replication bootstrap (after failover the promoted follower follows nothing).
_normal_only := _cross_region | {"WS-OS-003"}

# An estimate as the TypeScript gate passes it (data.objectives), every component meeting its targets.
_objectives := {
	"environment": "example", "mode": "normal", "components": [
		{"component": "dns", "rpo_seconds": 0, "rto_seconds": 90, "target_rpo_seconds": 3900, "target_rto_seconds": 3600, "meets": true, "basis": "b"},
		{"component": "velero", "rpo_seconds": 3660, "rto_seconds": 900, "target_rpo_seconds": 3900, "target_rto_seconds": 3600, "meets": true, "basis": "RPO = 3600 s backup interval + 60 s"},
	],
	"overall": {"rpo_seconds": 3660, "rto_seconds": 900, "target_rpo_seconds": 3900, "target_rto_seconds": 3600},
}

test_rule_catalogue if {
	report := main.report with input as fx.app
	ids := {r.id | some r in report.rules}
	count(ids) == 88
	count(_failover_only - ids) == 0
	"WS-OBJ-002" in ids
	"WS-OBJ-003" in ids
	count(_cross_region - ids) == 0
	count(_app_only - ids) == 0
}

test_rule_metadata_is_complete if {
	report := main.report with input as fx.app
	every r in report.rules {
		regex.match(`^WS-(DNS|EKS|BAK|OS|RDS|CACHE|FEED|STATE|OBJ|FO|K8S|VER|ALARM|REF|DATE|IN|KMS|IAM|LOG)-[0-9]{3}$`, r.id)
		r.severity in {"CRITICAL", "HIGH", "MEDIUM", "LOW"}
		r.enforcement in {"mandatory", "advisory"}
		r.scope in {"stack_local", "cross_region"}
		count(r.title) > 0
		count(r.description) > 0
		count(r.recommended_action) > 0
	}
	{r.id | some r in report.rules; r.scope == "cross_region"} == _cross_region
	{r.id | some r in report.rules; r.enforcement == "advisory"} == {"WS-CACHE-002", "WS-VER-001", "WS-EKS-009", "WS-DNS-005", "WS-DATE-002"}
}

test_every_rule_package_has_a_unique_id if {
	packages := [md.id |
		some area, name
		md := data.warm_standby.rules[area][name].metadata
	]
	count(packages) == 88
	count({id | some id in packages}) == 88
}

test_compliant_app_has_no_findings if {
	report := main.report with input as fx.app with data.objectives as _objectives
	report.input_kind == "cdktf_app"
	report.findings == []
	every r in report.rules {
		r.status == _normal_mode_status(r.id)
	}
	report.stacks == [
		{"name": "example-primary", "role": "primary", "region": "us-east-1", "file": "cdktf.out/stacks/example-primary/cdk.tf.json"},
		{"name": "example-replication", "role": "replication", "region": "us-east-1", "file": "cdktf.out/stacks/example-replication/cdk.tf.json"},
		{"name": "example-standby", "role": "standby", "region": "us-west-2", "file": "cdktf.out/stacks/example-standby/cdk.tf.json"},
	]
}

_normal_mode_status(id) := "not_applicable" if id in _failover_only

else := "evaluated"

test_rule_modes if {
	modes := {md.id: md.modes |
		some area, name
		md := data.warm_standby.rules[area][name].metadata
	}
	{id | some id, m in modes; m == ["normal"]} == _normal_only
	{id | some id, m in modes; m == ["failover"]} == _failover_only
	every _, m in modes {
		m in {["normal"], ["failover"], ["normal", "failover"]}
	}
}

test_normal_mode_marks_failover_rules_not_applicable if {
	report := main.report with input as fx.app
	status := _status(report)
	every id in _failover_only {
		status[id] == "not_applicable"
		startswith(_reason(report, id), "normal mode: ")
	}
	contains(_reason(report, "WS-FO-001"), "WS-EKS-003")
}

test_failover_app_passes_and_normal_rules_are_not_applicable if {
	report := main.report with input as fx.failover_app with data.objectives as object.union(_objectives, {"mode": "failover"})
	report.findings == []
	status := _status(report)
	every id in _normal_only {
		status[id] == "not_applicable"
		startswith(_reason(report, id), "failover mode: ")
	}
	every id in _failover_only {
		status[id] == "evaluated"
	}
	_reason(report, "WS-RDS-001") == "failover mode: the replica is promoted, so no replica of the lost source may remain (WS-FO-002)"
	status["WS-EKS-002"] == "evaluated"
	status["WS-STATE-003"] == "evaluated"
	status["WS-OBJ-002"] == "evaluated"
}

test_failover_plan_and_hcp_input if {
	report := main.report with input as fx.failover_plan
	report.findings == []
	status := _status(report)
	every id in _failover_only {
		status[id] == "evaluated"
	}
	status["WS-RDS-001"] == "not_applicable"
	status["WS-STATE-001"] == "not_evaluated"
	hcp_status := _status(main.report) with input as fx.hcp(fx.failover_plan)

	# WS-EKS-010 needs both layers of a Region, which one HCP workspace never has.
	object.remove(hcp_status, ["WS-EKS-010"]) == object.remove(status, ["WS-EKS-010"])
	hcp_status["WS-EKS-010"] == "not_evaluated"
}

test_failover_findings_carry_the_rule if {
	app := fx.patch_failover([fx.add("/resource/aws_db_instance/Database_Replica_E1F2A3B4/replicate_source_db", "arn:aws:rds:us-east-1:123456789012:db:payments-example-db")])
	report := main.report with input as app
	[f.rule | some f in report.findings] == ["WS-FO-002"]
}

test_objectives_missing_is_not_evaluated if {
	report := main.report with input as fx.app
	_status(report)["WS-OBJ-002"] == "not_evaluated"
	contains(_reason(report, "WS-OBJ-002"), "this cdktf_app input has none")
	plan_report := main.report with input as fx.standby_plan
	contains(_reason(plan_report, "WS-OBJ-002"), "this plan input has none")
	given := main.report with input as fx.failover_app with data.objectives_unavailable as "failover mode: the estimator needs the primary stack"
	_reason(given, "WS-OBJ-002") == "no recovery-objective estimate: failover mode: the estimator needs the primary stack"
	[f | some f in report.findings; f.rule == "WS-OBJ-002"] == []
}

test_objectives_finding_per_missing_component if {
	missed := json.patch(_objectives, [
		fx.replace("/components/1/meets", false),
		fx.replace("/components/1/target_rpo_seconds", 600),
	])
	report := main.report with input as fx.app with data.objectives as missed
	[f] := report.findings
	f.rule == "WS-OBJ-002"
	f.stack == "example-standby"
	f.address == "output.warm_standby_stack"
	f.severity == "HIGH"
	contains(f.message, "velero estimate misses the environment example targets: RPO 3660 s > target 600 s, RTO 900 s <= target 3600 s")
	contains(f.message, "basis: RPO = 3600 s backup interval")
}

test_one_stack_marks_cross_region_rules_not_evaluated if {
	report := main.report with input as fx.only_stack("example-standby")
	status := _status(report)
	every id in _cross_region {
		status[id] == "not_evaluated"
	}
	contains(_reason(report, "WS-EKS-001"), "needs the primary and the standby stack together")
	contains(_reason(report, "WS-EKS-001"), "example-standby (standby, us-west-2)")
	status["WS-EKS-002"] == "evaluated"
	status["WS-STATE-001"] == "evaluated"

	# The standby stack alone has no primary cluster, topic, ...: none of that may surface.
	report.findings == []
}

test_one_stack_still_reports_stack_local_findings if {
	app := fx.patch_stack(fx.only_stack("example-standby"), "example-standby", [fx.replace("/resource/aws_eks_node_group/Eks_NodeGroup_E5F6A7B8/scaling_config/min_size", 0)])
	report := main.report with input as app
	[f.rule | some f in report.findings] == ["WS-EKS-002"]
}

test_plan_marks_app_only_rules_not_evaluated if {
	report := main.report with input as fx.standby_plan
	report.input_kind == "plan"
	status := _status(report)
	every id in _app_only {
		status[id] == "not_evaluated"
	}
	_reason(report, "WS-STATE-001") == "needs the synthesized cdktf app; a Terraform plan carries no backend configuration"
	every id in _cross_region {
		status[id] == "not_evaluated"
	}
	status["WS-STATE-003"] == "evaluated"
	status["WS-RDS-003"] == "evaluated"
	report.findings == []
	report.stacks == [{"name": "example-standby", "role": "standby", "region": "us-west-2", "file": null}]
}

test_plan_of_the_primary_marks_standby_rules_not_applicable if {
	report := main.report with input as fx.primary_plan
	status := _status(report)
	status["WS-EKS-002"] == "not_applicable"
	status["WS-STATE-003"] == "not_applicable"
	_reason(report, "WS-EKS-002") == "the input has no standby stack"
	status["WS-DNS-002"] == "evaluated"
}

test_hcp_input if {
	report := main.report with input as fx.hcp(fx.standby_plan)
	report.input_kind == "hcp"
	_status(report)["WS-STATE-002"] == "not_evaluated"
	_status(report)["WS-EKS-002"] == "evaluated"
	report.stacks == [{"name": "warm-standby-example-standby", "role": "standby", "region": "us-west-2", "file": null}]
}

test_unknown_input_evaluates_nothing if {
	report := main.report with input as {"hello": "world"}
	report.input_kind == "unknown"
	report.findings == []
	report.stacks == []
	every r in report.rules {
		r.status == "not_evaluated"
	}
}

_min_zero := fx.patch_stack(fx.app, "example-standby", [fx.replace("/resource/aws_eks_node_group/Eks_NodeGroup_E5F6A7B8/scaling_config/min_size", 0)])

_node_group := "aws_eks_node_group.Eks_NodeGroup_E5F6A7B8"

test_finding_carries_rule_metadata if {
	report := main.report with input as _min_zero
	[f] := report.findings
	f.rule == "WS-EKS-002"
	f.title == "Standby node group keeps minimum capacity"
	f.severity == "HIGH"
	f.enforcement == "mandatory"
	f.scope == "stack_local"
	startswith(f.recommended_action, "Set the standby node group's scaling_config.min_size")
	f.stack == "example-standby"
	f.region == "us-west-2"
	f.address == _node_group
	f.path == "example-standby/Eks/NodeGroup"
	contains(f.message, _node_group)
	f.suppressed == false
	f.exception == null
}

test_finding_about_a_missing_resource_takes_the_stack_region if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.remove("/resource/aws_redshift_cluster")])
	report := main.report with input as app
	[f] := report.findings
	f.rule == "WS-FEED-003"
	f.region == "us-west-2"
	f.path == null
}

_exception := {
	"rule": "WS-EKS-002",
	"address": "aws_eks_node_group.*",
	"reason": "standby cluster is scaled to zero during the migration window",
	"owner": "platform-team",
	"expires": "2099-01-31",
}

test_exception_suppresses_matching_finding if {
	report := main.report with input as _min_zero with data.exceptions as [_exception]
	[f] := report.findings
	f.suppressed == true
	f.exception == _exception
}

test_exception_for_another_rule_does_not_suppress if {
	report := main.report with input as _min_zero with data.exceptions as [object.union(_exception, {"rule": "WS-EKS-003"})]
	[f] := report.findings
	f.suppressed == false
	f.exception == null
}

test_exception_glob_star_stays_within_a_segment if {
	narrow := object.union(_exception, {"address": "aws_eks_*"})
	wide := object.union(_exception, {"address": "aws_eks_**"})
	[f1] := main.report.findings with input as _min_zero with data.exceptions as [narrow]
	f1.suppressed == false
	[f2] := main.report.findings with input as _min_zero with data.exceptions as [wide]
	f2.suppressed == true
}

test_exception_scoped_to_a_stack if {
	other := object.union(_exception, {"stack": "example-primary"})
	same := object.union(_exception, {"stack": "example-standby"})
	[f1] := main.report.findings with input as _min_zero with data.exceptions as [other]
	f1.suppressed == false
	[f2] := main.report.findings with input as _min_zero with data.exceptions as [other, same]
	f2.exception == same
}

test_params_reach_the_rules if {
	report := main.report with input as fx.app with data.params as {"min_standby_nodes": 2}
	[f.rule | some f in report.findings] == ["WS-EKS-002"]
}

test_findings_are_sorted if {
	app := fx.patch_stack(fx.app, "example-standby", [
		fx.remove("/resource/aws_redshift_cluster"),
		fx.replace("/resource/aws_eks_node_group/Eks_NodeGroup_E5F6A7B8/scaling_config/min_size", 0),
		fx.replace("/resource/aws_eks_cluster/Eks_Cluster_A1B2C3D4/version", "1.30"),
	])
	report := main.report with input as app
	[f.rule | some f in report.findings] == ["WS-EKS-002", "WS-EKS-004", "WS-FEED-003"]
}

# Plans of both Regions passed together: cross-Region rules are evaluated over the set.
test_plan_set_evaluates_cross_region_rules if {
	plans := {"kind": "plan_set", "plans": [{"plan": fx.primary_plan, "file": "primary.json"}, {"plan": fx.standby_plan, "file": "standby.json"}]}
	report := main.report with input as plans
	report.input_kind == "plan"
	status := _status(report)
	every id in _cross_region - _app_only {
		status[id] == "evaluated"
	}
	{s.file | some s in report.stacks} == {"primary.json", "standby.json"}
}

test_single_plan_leaves_cross_region_rules_not_evaluated if {
	report := main.report with input as fx.standby_plan
	_status(report)["WS-RDS-001"] == "not_evaluated"
}

test_plan_set_with_two_plans_of_one_stack_keeps_both if {
	report := main.report with input as {"kind": "plan_set", "plans": [{"plan": fx.standby_plan}, {"plan": fx.standby_plan}]}
	count(report.stacks) == 2
}

# WS-EKS-010 compares node groups (AWS stack) with the Portworx release (Kubernetes stack): on one
# stack it can never fire, so it says why instead of reporting evaluated.
_aws_layer_plan := json.patch(fx.standby_plan, [
	{"op": "add", "path": "/planned_values/outputs/warm_standby_stack/value/layer", "value": "aws"},
	{"op": "add", "path": "/configuration/root_module/outputs/warm_standby_stack/expression/constant_value/layer", "value": "aws"},
])

test_portworx_nodes_not_evaluated_without_both_layers if {
	report := main.report with input as _aws_layer_plan
	_status(report)["WS-EKS-010"] == "not_evaluated"
	contains(_reason(report, "WS-EKS-010"), "needs the aws and kubernetes stacks of one Region together")
	report_hcp := main.report with input as fx.hcp(_aws_layer_plan)
	_status(report_hcp)["WS-EKS-010"] == "not_evaluated"
}

# A stack that declares no layer holds both (one stack per Region): there the rule can fire.
test_portworx_nodes_evaluated_on_a_single_layer_stack if {
	report := main.report with input as fx.standby_plan
	_status(report)["WS-EKS-010"] == "evaluated"
}

# data.rule_selection (set by the TypeScript engine to isolate a rule that fails at runtime): only the
# selected rules' findings are computed; every rule keeps its status.
test_rule_selection_limits_findings_not_statuses if {
	app := fx.patch_stack(fx.app, "example-standby", [
		fx.add("/resource/aws_sqs_queue/Feed_Queue_A3B4C5D6/message_retention_seconds", 60),
		fx.add("/resource/aws_lambda_function/Feed_Loader_C5D6E7F8/reserved_concurrent_executions", 0),
	])
	all := main.report with input as app with data.objectives as _objectives
	{f.rule | some f in all.findings} == {"WS-FEED-006", "WS-FEED-007"}
	one := main.report with input as app with data.objectives as _objectives with data.rule_selection as ["WS-FEED-007"]
	{f.rule | some f in one.findings} == {"WS-FEED-007"}
	none := main.report with input as app with data.objectives as _objectives with data.rule_selection as []
	none.findings == []
	_status(none) == _status(all)
}

# The wasm engine sorts findings itself (opa-wasm's sort() is quadratic): with
# data.caller_sorts_findings it gets the same findings; without it they come sorted by
# [rule, stack, address, message], as `opa eval` and HCP Terraform expect.
_several_findings := fx.patch_stack(_min_zero, "example-standby", [fx.replace("/resource/aws_eks_node_group/Eks_NodeGroup_E5F6A7B8/scaling_config/max_size", 0)])

test_findings_sorted_unless_the_caller_sorts if {
	sorted := main.report.findings with input as _several_findings
	count(sorted) >= 2
	sorted == [f | some [_, f] in sort({[[f.rule, f.stack, f.address, f.message], f] | some f in sorted})]
	given := main.report.findings with input as _several_findings with data.caller_sorts_findings as true
	count(given) == count(sorted)
	{f | some f in given} == {f | some f in sorted}
}
