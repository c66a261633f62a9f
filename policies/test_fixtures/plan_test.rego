# Test-only fixtures: `terraform show -json` plans of the example primary and standby stacks, and an
# HCP Terraform policy input around the standby plan. Values unknown until apply (references to
# attributes computed by AWS) are left out of planned_values, as Terraform does; the references
# are in configuration.root_module.resources[].expressions.
package warm_standby.test_fixtures

# A plan from items {mode, type, name, values, expressions} in a Region, plus child-module items.
plan(metadata, region, items, module_items) := {
	"format_version": "1.2",
	"terraform_version": "1.5.7",
	"planned_values": {
		"outputs": {"warm_standby_stack": {"sensitive": false, "value": metadata}},
		"root_module": {
			"resources": [_planned("", i) | some i in items; i.mode == "managed"],
			"child_modules": [{
				"address": concat(".", ["module", name]),
				"resources": [_planned(concat("", ["module.", name, "."]), i) | some i in mitems; i.mode == "managed"],
			} |
				some name, mitems in module_items
			],
		},
	},
	"configuration": {
		"provider_config": {"aws": {
			"name": "aws",
			"full_name": "registry.terraform.io/hashicorp/aws",
			"expressions": {"region": {"constant_value": region}},
		}},
		"root_module": {
			"outputs": {"warm_standby_stack": {"expression": {"constant_value": metadata}}},
			"resources": [_configured(i) | some i in items],
			"module_calls": {name: {"source": concat("", ["./", name]), "module": {"resources": [_configured(i) | some i in mitems]}} |
				some name, mitems in module_items
			},
		},
	},
}

_planned(prefix, i) := {
	"address": concat("", [prefix, i.type, ".", i.name]),
	"mode": "managed",
	"type": i.type,
	"name": i.name,
	"provider_name": "registry.terraform.io/hashicorp/aws",
	"schema_version": 0,
	"values": i.values,
	"sensitive_values": {},
}

_configured(i) := object.union(
	{
		"address": _config_address(i),
		"mode": i.mode,
		"type": i.type,
		"name": i.name,
		"provider_config_key": object.get(i, "provider", "aws"),
		"expressions": i.expressions,
		"schema_version": 0,
	},
	_depends_on(i),
)

# Terraform writes depends_on only when the configuration has one.
_depends_on(i) := {"depends_on": i.depends_on} if {
	is_array(i.depends_on)
} else := {}

_config_address(i) := concat(".", [i.type, i.name]) if i.mode == "managed"

_config_address(i) := concat(".", ["data", i.type, i.name]) if i.mode == "data"

item(rtype, name, values, expressions) := {"mode": "managed", "type": rtype, "name": name, "values": values, "expressions": expressions}

data_item(rtype, name, expressions) := {"mode": "data", "type": rtype, "name": name, "values": {}, "expressions": expressions}

# Expression referencing an attribute of another resource, as Terraform records it.
ref(address, attr) := {"references": [concat(".", [address, attr]), address]}

const(v) := {"constant_value": v}

_default_tags(role) := {"warm-standby/environment": "example", "warm-standby/role": role}

_with_tags(tags, role) := {"tags": tags, "tags_all": object.union(tags, _default_tags(role))}

standby_plan_items := [
	item("aws_kms_key", "Keys_Key_B2C3D4E5", {"enable_key_rotation": true}, {}),
	item(
		"aws_route53_record", "Dns_SecondaryRecord_C3D4E5F6", {
			"zone_id": "Z0EXAMPLE1234567890",
			"name": "pay.example.com",
			"type": "CNAME",
			"ttl": 60,
			"records": ["pay-usw2.example.com"],
			"set_identifier": "standby",
			"failover_routing_policy": [{"type": "SECONDARY"}],
			"health_check_id": null,
		},
		{},
	),
	item("aws_eks_cluster", "Eks_Cluster_A1B2C3D4", object.union({"name": "payments-example-usw2", "version": "1.35", "vpc_config": [{"endpoint_private_access": true, "endpoint_public_access": true, "public_access_cidrs": ["203.0.113.0/24"]}], "access_config": [{"authentication_mode": "API", "bootstrap_cluster_creator_admin_permissions": false}], "upgrade_policy": [{"support_type": "STANDARD"}]}, _with_tags(_tags("app-cluster"), "standby")), {}),
	item("aws_eks_access_entry", "Eks_DeployAccess_Entry_7A8B9C0D", {"cluster_name": "payments-example-usw2", "principal_arn": "arn:aws:iam::123456789012:role/payments-example-deploy", "type": "STANDARD"}, {"cluster_name": ref("aws_eks_cluster.Eks_Cluster_A1B2C3D4", "name")}),
	item(
		"aws_eks_access_policy_association", "Eks_DeployAccess_ClusterAdmin_8B9C0D1E", {
			"cluster_name": "payments-example-usw2",
			"principal_arn": "arn:aws:iam::123456789012:role/payments-example-deploy",
			"policy_arn": "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
			"access_scope": [{"type": "cluster", "namespaces": null}],
		},
		{"cluster_name": ref("aws_eks_cluster.Eks_Cluster_A1B2C3D4", "name"), "principal_arn": ref("aws_eks_access_entry.Eks_DeployAccess_Entry_7A8B9C0D", "principal_arn")},
	),
	item(
		"aws_eks_addon", "EbsCsiDriver_Addon_9C0D1E2F", {"cluster_name": "payments-example-usw2", "addon_name": "aws-ebs-csi-driver"},
		{"cluster_name": ref("aws_eks_cluster.Eks_Cluster_A1B2C3D4", "name"), "service_account_role_arn": ref("aws_iam_role.EbsCsiDriver_Role_0D1E2F3A", "arn")},
	),
	item(
		"aws_eks_node_group", "Eks_NodeGroup_E5F6A7B8", {
			"node_group_name": "payments-example-usw2",
			"scaling_config": [{"min_size": 1, "desired_size": 1, "max_size": 6}],
			"labels": {"warm-standby/role": "standby"},
		},
		{"cluster_name": ref("aws_eks_cluster.Eks_Cluster_A1B2C3D4", "name")},
	),
	item("aws_s3_bucket", "Backup_Bucket_F6A7B8C9", object.union({"bucket": "payments-example-velero-us-west-2"}, _with_tags(_tags("velero-backup"), "standby")), {}),
	item("aws_s3_bucket_versioning", "Backup_Versioning_A7B8C9D0", {"versioning_configuration": [{"status": "Enabled", "mfa_delete": null}]}, {
		"bucket": ref("aws_s3_bucket.Backup_Bucket_F6A7B8C9", "id"),
		"versioning_configuration": [{"status": const("Enabled")}],
	}),
	object.union(
		item(
			"helm_release", "Backup_Velero_B8C9D0E1", {
				"name": "velero",
				"chart": "velero",
				"repository": "https://vmware-tanzu.github.io/helm-charts",
				"set": [
					{"name": "configuration.backupStorageLocation[0].bucket", "value": "payments-example-velero-us-west-2", "type": ""},
					{"name": "configuration.backupStorageLocation[0].config.region", "value": "us-west-2", "type": ""},
					{"name": "configuration.backupStorageLocation[0].accessMode", "value": "ReadOnly", "type": ""},
				],
			},
			{},
		),
		{"depends_on": ["aws_eks_node_group.Eks_NodeGroup_E5F6A7B8"]},
	),
	item(
		"aws_opensearch_domain", "Search_Domain_C9D0E1F2", object.union(
			# The group's ARN is unknown until apply: planned values leave it out.
			{"domain_name": "payments-example-usw2", "engine_version": "OpenSearch_2.17", "log_publishing_options": [{"log_type": "AUDIT_LOGS", "enabled": true}]},
			_with_tags({"warm-standby/component": "app-search", "warm-standby/opensearch-role": "follower"}, "standby"),
		),
		{"log_publishing_options": [{"cloudwatch_log_group_arn": ref("aws_cloudwatch_log_group.Search_AuditLogGroup_6F7A8B9C", "arn")}]},
	),
	item("aws_cloudwatch_log_group", "Search_AuditLogGroup_6F7A8B9C", {"name": "/aws/opensearch/domains/payments-example-usw2/audit-logs", "retention_in_days": 365}, {}),
	item(
		"aws_opensearch_outbound_connection", "Search_LeaderConnection_D0E1F2A3", {
			"connection_alias": "payments-example-leader",
			"local_domain_info": [{"owner_id": account, "region": "us-west-2", "domain_name": "payments-example-usw2"}],
			"remote_domain_info": [{"owner_id": account, "region": "us-east-1", "domain_name": "payments-example-use1"}],
		},
		{"local_domain_info": [{"domain_name": ref("aws_opensearch_domain.Search_Domain_C9D0E1F2", "domain_name")}]},
	),
	item(
		"aws_lambda_invocation", "SearchBootstrap_Invocation_5E6F7A8B",
		{"triggers": _search_bootstrap("payments-example-usw2", "follower", {"connection_alias": "payments-example-leader"})},
		{"function_name": ref("aws_lambda_function.SearchBootstrap_Function_5E6F7A8B", "function_name")},
	),
	item(
		"aws_db_instance", "Database_Replica_E1F2A3B4", object.union(
			{
				"identifier": "payments-example-db-replica",
				"replicate_source_db": "arn:aws:rds:us-east-1:123456789012:db:payments-example-db",
				"storage_encrypted": true,
			},
			_with_tags({"warm-standby/component": "app-database", "warm-standby/db-role": "replica"}, "standby"),
		),
		{"kms_key_id": ref("aws_kms_key.Keys_Key_B2C3D4E5", "arn")},
	),
	item(
		"aws_elasticache_replication_group", "Cache_ReplicationGroup_F2A3B4C5", object.union(
			{
				"replication_group_id": "payments-example-usw2",
				"global_replication_group_id": "ldgnf-payments-cache",
				"automatic_failover_enabled": true,
			},
			_with_tags({"warm-standby/component": "app-cache", "warm-standby/cache-role": "secondary"}, "standby"),
		),
		# The Global Datastore's token, from the secret's replica in the standby Region.
		{"auth_token": ref("data.aws_secretsmanager_secret_version.Cache_AuthToken_Read_5E6F7A8B", "secret_string")},
	),
	item("aws_sqs_queue", "Feed_Queue_A3B4C5D6", object.union({"name": "payments-example-feed-us-west-2"}, _with_tags(_tags("feed-queue"), "standby")), {"redrive_policy": ref("aws_sqs_queue.Feed_DeadLetterQueue_B4C5D6E7", "arn")}),
	item("aws_sqs_queue", "Feed_DeadLetterQueue_B4C5D6E7", object.union({"name": "payments-example-feed-us-west-2-dlq"}, _with_tags(_tags("feed-dead-letter"), "standby")), {}),
	item("aws_lambda_function", "Feed_Loader_C5D6E7F8", object.union({"function_name": "payments-example-feed-loader"}, _with_tags(_tags("feed-loader"), "standby")), {}),
	item("aws_lambda_event_source_mapping", "Feed_QueueMapping_D6E7F8A9", {"batch_size": 10}, {
		"event_source_arn": ref("aws_sqs_queue.Feed_Queue_A3B4C5D6", "arn"),
		"function_name": ref("aws_lambda_function.Feed_Loader_C5D6E7F8", "arn"),
	}),
	item(
		"aws_redshift_cluster", "Feed_Warehouse_E7F8A9B0",
		object.union({"cluster_identifier": "payments-example-usw2", "cluster_parameter_group_name": "payments-example-usw2"}, _with_tags(_tags("feed-warehouse"), "standby")),
		{"cluster_parameter_group_name": ref("aws_redshift_parameter_group.Feed_ParameterGroup_7B8C9D0E", "name")},
	),
	item(
		"aws_redshift_parameter_group", "Feed_ParameterGroup_7B8C9D0E", {
			"name": "payments-example-usw2", "family": "redshift-1.0",
			"parameter": [{"name": "enable_user_activity_logging", "value": "true"}, {"name": "require_ssl", "value": "true"}],
		},
		{},
	),
	item(
		"aws_redshift_logging", "Feed_AuditLogging_8C9D0E1F",
		{"cluster_identifier": "payments-example-usw2", "log_destination_type": "cloudwatch", "log_exports": ["connectionlog", "useractivitylog", "userlog"]},
		{"cluster_identifier": ref("aws_redshift_cluster.Feed_Warehouse_E7F8A9B0", "cluster_identifier")},
	),
	item("aws_sns_topic", "Feed_Topic_D2E3F4A5", object.union({"name": "payments-example-feed"}, _with_tags(_tags("feed-topic"), "standby")), {}),
	item("aws_s3_bucket", "FeedPayload_Bucket_C1D2E3F4", object.union({"bucket": "payments-example-usw2-feed-payload-123456789012"}, _with_tags(_tags("feed-payload"), "standby")), {}),
	item("aws_s3_bucket", "AccessLogs_Bucket_9E8D7C6B", object.union({"bucket": "payments-example-usw2-s3-access-logs-123456789012"}, _with_tags(_tags("s3-access-logs"), "standby")), {}),
	item("aws_s3_bucket_logging", "Backup_AccessLogging_F6A7B8C9", {"target_prefix": "payments-example-velero/"}, {
		"bucket": ref("aws_s3_bucket.Backup_Bucket_F6A7B8C9", "id"),
		"target_bucket": ref("aws_s3_bucket.AccessLogs_Bucket_9E8D7C6B", "id"),
	}),
	item("aws_s3_bucket_logging", "FeedPayload_AccessLogging_C1D2E3F4", {"target_prefix": "payments-example-feed-payload/"}, {
		"bucket": ref("aws_s3_bucket.FeedPayload_Bucket_C1D2E3F4", "id"),
		"target_bucket": ref("aws_s3_bucket.AccessLogs_Bucket_9E8D7C6B", "id"),
	}),
	item("aws_s3_bucket_server_side_encryption_configuration", "AccessLogs_Encryption_9E8D7C6B", {"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "AES256", "kms_master_key_id": ""}], "bucket_key_enabled": false}]}, {
		"bucket": ref("aws_s3_bucket.AccessLogs_Bucket_9E8D7C6B", "id"),
	}),
	item("aws_sns_topic_subscription", "Feed_Subscription_E3F4A5B6", {"protocol": "sqs", "raw_message_delivery": true}, {
		"topic_arn": ref("aws_sns_topic.Feed_Topic_D2E3F4A5", "arn"),
		"endpoint": ref("aws_sqs_queue.Feed_Queue_A3B4C5D6", "arn"),
	}),
	data_item("aws_caller_identity", "current", {}),
	# Alarms on the standby's replication paths (WS-ALARM-001): by literal dimension, by reference
	# (the dimension value is unknown in the plan) and by metric math.
	item("aws_cloudwatch_metric_alarm", "Alarms_ReplicaLag_4D5E6F7A", {"namespace": "AWS/RDS", "metric_name": "ReplicaLag", "alarm_actions": ["arn:aws:sns:us-west-2:123456789012:payments-example-alerts"]}, {"dimensions": {"references": ["aws_db_instance.Database_Replica_E1F2A3B4.identifier", "aws_db_instance.Database_Replica_E1F2A3B4"]}}),
	item("aws_cloudwatch_metric_alarm", "Alarms_DeadLetters_5E6F7A8B", {"namespace": "AWS/SQS", "metric_name": "ApproximateNumberOfMessagesVisible", "dimensions": {"QueueName": "payments-example-feed-us-west-2-dlq"}}, {"alarm_actions": ref("aws_sns_topic.AlertTopic_1", "arn")}),
	item("aws_cloudwatch_metric_alarm", "Alarms_LoaderErrors_6F7A8B9C", {"namespace": "AWS/Lambda", "metric_name": "Errors", "dimensions": {"FunctionName": "payments-example-feed-loader"}}, {"alarm_actions": ref("aws_sns_topic.AlertTopic_1", "arn")}),
	item(
		"aws_cloudwatch_metric_alarm", "Alarms_SearchLag_7A8B9C0D", {"namespace": null, "metric_name": null, "alarm_actions": ["arn:aws:sns:us-west-2:123456789012:payments-example-alerts"], "metric_query": [
			{"id": "leader", "expression": null, "metric": [{"namespace": "AWS/ES", "metric_name": "LeaderCheckPoint", "dimensions": {"ClientId": account, "DomainName": "payments-example-usw2", "LeaderAlias": "payments-example-leader"}}]},
			{"id": "lag", "expression": "leader - follower", "metric": []},
		]},
		{},
	),
	item("aws_sns_topic", "AlertTopic_1", {"name": "payments-example-alerts"}, {}),
	item("aws_sns_topic_subscription", "AlertTopic_Email_1", {"protocol": "email", "endpoint": "oncall@example.com"}, {"topic_arn": ref("aws_sns_topic.AlertTopic_1", "arn")}),
]

standby_plan := plan(standby_metadata, "us-west-2", standby_plan_items, {"network": [
	item("aws_vpc", "this", {"cidr_block": "10.20.0.0/16"}, {}),
	item("aws_flow_log", "this", {"traffic_type": "ALL"}, {"vpc_id": ref("aws_vpc.this", "id")}),
]})

primary_plan_items := [
	item("aws_kms_key", "Keys_Key_0A1B2C3D", {"enable_key_rotation": true}, {}),
	item(
		"aws_route53_health_check", "Dns_HealthCheck_1F0C2A3B", {
			"fqdn": "pay-use1.example.com",
			"type": "HTTPS",
			"port": 443,
			"request_interval": 10,
			"failure_threshold": 3,
		},
		{},
	),
	item(
		"aws_route53_record", "Dns_PrimaryRecord_2B3C4D5E", {
			"zone_id": "Z0EXAMPLE1234567890",
			"name": "pay.example.com",
			"type": "CNAME",
			"ttl": 60,
			"records": ["pay-use1.example.com"],
			"set_identifier": "primary",
			"failover_routing_policy": [{"type": "PRIMARY"}],
		},
		{"health_check_id": ref("aws_route53_health_check.Dns_HealthCheck_1F0C2A3B", "id")},
	),
	item("aws_eks_cluster", "Eks_Cluster_5E1C0B2A", object.union({"name": "payments-example-use1", "version": "1.35", "vpc_config": [{"endpoint_private_access": true, "endpoint_public_access": true, "public_access_cidrs": ["203.0.113.0/24"]}], "access_config": [{"authentication_mode": "API", "bootstrap_cluster_creator_admin_permissions": false}], "upgrade_policy": [{"support_type": "STANDARD"}]}, _with_tags(_tags("app-cluster"), "primary")), {}),
	item("aws_eks_access_entry", "Eks_DeployAccess_Entry_1A2B3C4D", {"cluster_name": "payments-example-use1", "principal_arn": "arn:aws:iam::123456789012:role/payments-example-deploy", "type": "STANDARD"}, {"cluster_name": ref("aws_eks_cluster.Eks_Cluster_5E1C0B2A", "name")}),
	item(
		"aws_eks_access_policy_association", "Eks_DeployAccess_ClusterAdmin_2B3C4D5E", {
			"cluster_name": "payments-example-use1",
			"principal_arn": "arn:aws:iam::123456789012:role/payments-example-deploy",
			"policy_arn": "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
			"access_scope": [{"type": "cluster", "namespaces": null}],
		},
		{"cluster_name": ref("aws_eks_cluster.Eks_Cluster_5E1C0B2A", "name"), "principal_arn": ref("aws_eks_access_entry.Eks_DeployAccess_Entry_1A2B3C4D", "principal_arn")},
	),
	item(
		"aws_eks_addon", "EbsCsiDriver_Addon_3C4D5E6F", {"cluster_name": "payments-example-use1", "addon_name": "aws-ebs-csi-driver"},
		{"cluster_name": ref("aws_eks_cluster.Eks_Cluster_5E1C0B2A", "name"), "service_account_role_arn": ref("aws_iam_role.EbsCsiDriver_Role_4D5E6F7A", "arn")},
	),
	item(
		"aws_eks_node_group", "Eks_NodeGroup_7A8B9C0D", {
			"node_group_name": "payments-example-use1",
			"scaling_config": [{"min_size": 3, "desired_size": 3, "max_size": 6}],
		},
		{"cluster_name": ref("aws_eks_cluster.Eks_Cluster_5E1C0B2A", "name")},
	),
	item(
		"aws_db_instance", "Database_Instance_2F3A4B5C", object.union(
			{
				"identifier": "payments-example-db",
				"engine": "postgres",
				"backup_retention_period": 7,
				"storage_encrypted": true,
			},
			_with_tags({"warm-standby/component": "app-database", "warm-standby/db-role": "source"}, "primary"),
		),
		{"kms_key_id": ref("aws_kms_key.Keys_Key_0A1B2C3D", "arn")},
	),
	item(
		"aws_elasticache_replication_group", "Cache_ReplicationGroup_3A4B5C6D", object.union(
			{
				"replication_group_id": "payments-example-use1",
				"at_rest_encryption_enabled": true,
				"transit_encryption_enabled": true,
				"automatic_failover_enabled": true,
			},
			_with_tags({"warm-standby/component": "app-cache", "warm-standby/cache-role": "primary"}, "primary"),
		),
		# The AUTH token comes from the secret (a data source): unknown in a first plan, a reference in configuration.
		{"auth_token": ref("data.aws_secretsmanager_secret_version.Cache_AuthToken_Read_1A2B3C4D", "secret_string")},
	),
]

primary_plan := plan(primary_metadata, "us-east-1", primary_plan_items, {})

# HCP Terraform policy input: the workspace is named after the plan's stack.
hcp(plan_doc) := {"plan": plan_doc, "run": {
	"id": "run-CZuGy8R7SbZ1Zxqd",
	"is_destroy": false,
	"organization": {"name": "acme-payments"},
	"workspace": {"id": "ws-1", "name": concat("-", ["warm-standby", meta.environment, meta.role])},
}} if {
	meta := plan_doc.planned_values.outputs.warm_standby_stack.value
}

# The plan with json.patch operations on one resource's planned values (paths relative to values).
patch_plan_values(plan_doc, address, ops) := json.patch(plan_doc, [op |
	some i, r in plan_doc.planned_values.root_module.resources
	r.address == address
	some o in ops
	op := object.union(o, {"path": concat("", ["/planned_values/root_module/resources/", format_int(i, 10), "/values", o.path])})
])

# The plan with json.patch operations on one resource's configuration (paths relative to the resource).
patch_plan_config(plan_doc, address, ops) := json.patch(plan_doc, [op |
	some i, r in plan_doc.configuration.root_module.resources
	r.address == address
	some o in ops
	op := object.union(o, {"path": concat("", ["/configuration/root_module/resources/", format_int(i, 10), o.path])})
])
