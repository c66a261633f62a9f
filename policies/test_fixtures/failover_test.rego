# Test-only fixtures: the failover mode of the example environment (WARM_STANDBY_FAILOVER=1), as
# the TypeScript gate passes it (only the promoted standby stack) and as a plan of that stack.
# The replica is promoted (no replicate_source_db), the node group runs at the primary's desired
# size, the OpenSearch outbound connection is gone and a Velero Restore brings the workloads back.
package warm_standby.test_fixtures

failover_metadata := object.union(standby_metadata, {"failover": true, "primary_desired_nodes": 3, "db_multi_az": true})

restore_manifest := {
	"apiVersion": "velero.io/v1",
	"kind": "Restore",
	"metadata": {"name": "velero-warm-standby-failover", "namespace": "velero"},
	"spec": {
		"restorePVs": true, "scheduleName": "velero-warm-standby", "includedNamespaces": ["payments"],
		"excludedResources": ["schedules.velero.io", "backupstoragelocations.velero.io", "volumesnapshotlocations.velero.io", "storageclusters.core.libopenstorage.org"],
	},
}

# The promoted standby's Velero: ReadWrite on the replica bucket with a schedule of its own.
promoted_velero_set := [
	{"name": "configuration.backupStorageLocation[0].bucket", "value": "payments-example-velero-us-west-2"},
	{"name": "configuration.backupStorageLocation[0].config.region", "value": "us-west-2"},
	{"name": "configuration.backupStorageLocation[0].accessMode", "value": "ReadWrite"},
	{"name": "schedules.failover-standby.schedule", "value": "0 * * * *"},
	{"name": "schedules.failover-standby.skipImmediately", "value": "true"},
]

restore_terminal_pattern := "^(Completed|PartiallyFailed|Failed|FailedValidation)$"

failover_standby_config := json.patch(standby_config, [
	replace("/output/warm_standby_stack/value", failover_metadata),
	replace("/resource/aws_eks_node_group/Eks_NodeGroup_E5F6A7B8/scaling_config", {"min_size": 3, "desired_size": 3, "max_size": 6}),
	remove("/resource/aws_db_instance/Database_Replica_E1F2A3B4/replicate_source_db"),
	add("/resource/aws_db_instance/Database_Replica_E1F2A3B4/backup_retention_period", 7),
	add("/resource/aws_db_instance/Database_Replica_E1F2A3B4/multi_az", true),
	remove("/resource/aws_opensearch_outbound_connection"),
	replace("/resource/helm_release/Backup_Velero_B8C9D0E1/set", promoted_velero_set),
	add("/resource/kubernetes_manifest", {"VeleroRestore_DF94FDD9": {
		"manifest": restore_manifest,
		"wait": {"fields": {"status.phase": restore_terminal_pattern}},
		"depends_on": ["${aws_eks_node_group.Eks_NodeGroup_E5F6A7B8}"],
		"//": _meta("example-standby/VeleroRestore/Restore"),
	}}),
	add("/provider/kubernetes", [{"host": "${aws_eks_cluster.Eks_Cluster_A1B2C3D4.endpoint}"}]),
])

failover_app := {"kind": "cdktf_app", "stacks": [_stack("example-standby", failover_standby_config)]}

# The failover app with json.patch operations on the standby stack.
patch_failover(ops) := patch_stack(failover_app, "example-standby", ops)

failover_plan_items := array.concat(
	[_failover_item(i) | some i in standby_plan_items; i.type != "aws_opensearch_outbound_connection"],
	[object.union(
		item("kubernetes_manifest", "VeleroRestore_DF94FDD9", {"manifest": restore_manifest, "wait": [{"fields": {"status.phase": restore_terminal_pattern}}]}, {}),
		{"depends_on": ["aws_eks_node_group.Eks_NodeGroup_E5F6A7B8"]},
	)],
)

_failover_item(i) := object.union(i, {"values": object.union(i.values, {"scaling_config": [{"min_size": 3, "desired_size": 3, "max_size": 6}]})}) if {
	i.type == "aws_eks_node_group"
} else := object.union(i, {"values": object.union(i.values, {"set": [object.union(e, {"type": ""}) | some e in promoted_velero_set]})}) if {
	i.type == "helm_release"
} else := object.union(object.remove(i, ["values"]), {"values": object.union(object.remove(i.values, ["replicate_source_db"]), {"backup_retention_period": 7, "multi_az": true})}) if {
	i.type == "aws_db_instance"
} else := i

failover_plan := plan(failover_metadata, "us-west-2", failover_plan_items, {})
