# Test-only fixtures (file names end in _test.rego so that `opa build --ignore '*_test.rego'`
# leaves them out of the production bundle).
#
# A compliant "example" environment as the TypeScript gate passes it: three synthesized stacks
# (cdk.tf.json) — primary in us-east-1, standby in us-west-2, replication in us-east-1.
# Rule tests mutate it with json.patch through patch_stack/without_stacks below.
package warm_standby.test_fixtures

account := "123456789012"

primary_metadata := {
	"environment": "example",
	"role": "primary",
	"region": "us-east-1",
	"peer_region": "us-west-2",
	"failover": false,
	"objectives": {"rpo_seconds": 3900, "rto_seconds": 3600},
	"audit_log_retention_days": 365,
}

standby_metadata := object.union(primary_metadata, {"role": "standby", "region": "us-west-2", "peer_region": "us-east-1"})

replication_metadata := object.union(primary_metadata, {"role": "replication"})

_tags(component) := {"warm-standby/component": component}

_meta(path) := {"metadata": {"path": path, "uniqueId": "x"}}

# The alert topic CloudWatch alarms of a Region notify (WS-ALARM-001/002).
_alert_topic(region) := concat("", ["arn:aws:sns:", region, ":123456789012:payments-example-alerts"])

# OpenSearch: one master user for both domains, and each domain's replication bootstrap.
search_admin := "arn:aws:iam::123456789012:role/payments-example-search-admin"

search_replication_principal := "arn:aws:iam::123456789012:role/payments-example-search-replication"

_search_security := {"enabled": true, "master_user_options": {"master_user_arn": search_admin}}

# Audit logs (WS-OS-008, WS-FEED-009/010): each domain publishes AUDIT_LOGS to a group kept 365 days,
# each warehouse exports all three audit logs with user activity logging on in its parameter group.
_search_audit_logs(group) := [{"log_type": "AUDIT_LOGS", "cloudwatch_log_group_arn": concat("", ["${aws_cloudwatch_log_group.", group, ".arn}"]), "enabled": true}]

_audit_log_group(name, path) := {"name": name, "retention_in_days": 365, "tags": {"warm-standby/log-class": "audit"}, "//": _meta(path)}

_warehouse_logging(cluster, path) := {
	"cluster_identifier": concat("", ["${aws_redshift_cluster.", cluster, ".cluster_identifier}"]),
	"log_destination_type": "cloudwatch",
	"log_exports": ["connectionlog", "userlog", "useractivitylog"],
	"//": _meta(path),
}

_warehouse_parameters(name, path) := {
	"name": name,
	"family": "redshift-1.0",
	"parameter": [{"name": "require_ssl", "value": "true"}, {"name": "enable_user_activity_logging", "value": "true"}],
	"//": _meta(path),
}

_search_bootstrap(domain_name, role, extra) := object.union(
	{
		"bootstrap": "opensearch-replication",
		"domain_name": domain_name,
		"domain_role": role,
		"master_user_arn": search_admin,
		"replication_principal_arn": search_replication_principal,
		"security_role": concat("", ["cross_cluster_replication_", role, "_full_access"]),
	},
	extra,
)

primary_config := {
	"//": {"metadata": {"backend": "s3", "stackName": "example-primary", "version": "0.21.0"}},
	"terraform": {
		"backend": {"s3": {
			"bucket": "payments-tfstate-123456789012-us-east-1",
			"key": "example-primary.tfstate",
			"region": "us-east-1",
			"dynamodb_table": "payments-tflock",
			"encrypt": true,
		}},
		"required_providers": {"aws": {"source": "aws", "version": "5.100.0"}, "helm": {"source": "helm", "version": "3.1.1"}},
	},
	"provider": {
		"aws": [{"region": "us-east-1", "default_tags": [{"tags": {"warm-standby/environment": "example", "warm-standby/role": "primary"}}]}],
		"helm": [{"kubernetes": {"host": "${aws_eks_cluster.Eks_Cluster_5E1C0B2A.endpoint}"}}],
	},
	"output": {"warm_standby_stack": {"value": primary_metadata}},
	"resource": {
		"aws_cloudwatch_metric_alarm": {
			"Alarms_HealthCheck_1A2B3C4D": {
				"namespace": "AWS/Route53",
				"metric_name": "HealthCheckStatus",
				"dimensions": {"HealthCheckId": "${aws_route53_health_check.Dns_HealthCheck_1F0C2A3B.id}"},
				"alarm_actions": [_alert_topic("us-east-1")],
				"//": _meta("example-primary/Alarms/Alarms_HealthCheck_1A2B3C4D"),
			},
			"Alarms_DeadLetters_2B3C4D5E": {
				"namespace": "AWS/SQS",
				"metric_name": "ApproximateNumberOfMessagesVisible",
				"dimensions": {"QueueName": "payments-example-feed-us-east-1-dlq"},
				"alarm_actions": [_alert_topic("us-east-1")],
				"//": _meta("example-primary/Alarms/Alarms_DeadLetters_2B3C4D5E"),
			},
			"Alarms_LoaderErrors_3C4D5E6F": {
				"namespace": "AWS/Lambda",
				"metric_name": "Errors",
				"dimensions": {"FunctionName": "${aws_lambda_function.Feed_Loader_9A0B1C2D.function_name}"},
				"alarm_actions": [_alert_topic("us-east-1")],
				"//": _meta("example-primary/Alarms/Alarms_LoaderErrors_3C4D5E6F"),
			},
		},
		"aws_kms_key": {"Keys_Key_0A1B2C3D": {"description": "payments example us-east-1", "enable_key_rotation": true, "//": _meta("example-primary/Keys/Key")}},
		"aws_route53_health_check": {
			"Dns_HealthCheck_1F0C2A3B": {
				"fqdn": "pay-use1.example.com",
				"port": 443,
				"type": "HTTPS",
				"resource_path": "/healthz",
				"request_interval": 10,
				"failure_threshold": 3,
				"//": _meta("example-primary/Dns/HealthCheck"),
			},
			# The PRIMARY record's operator switch (dns.switch kind "manual"); see WS-DNS-004.
			"Dns_Switch_9A8B7C6D": {
				"type": "CALCULATED",
				"disabled": true,
				"child_healthchecks": ["${aws_route53_health_check.Dns_HealthCheck_1F0C2A3B.id}"],
				"child_health_threshold": 1,
				"tags": {"warm-standby/dns-switch": "manual"},
				"//": _meta("example-primary/Dns/Switch"),
			},
		},
		"aws_route53_record": {"Dns_PrimaryRecord_2B3C4D5E": {
			"zone_id": "Z0EXAMPLE1234567890",
			"name": "pay.example.com",
			"type": "CNAME",
			"ttl": 60,
			"records": ["pay-use1.example.com"],
			"set_identifier": "primary",
			"failover_routing_policy": {"type": "PRIMARY"},
			"health_check_id": "${aws_route53_health_check.Dns_Switch_9A8B7C6D.id}",
			"//": _meta("example-primary/Dns/PrimaryRecord"),
		}},
		"aws_eks_cluster": {"Eks_Cluster_5E1C0B2A": {
			"name": "payments-example-use1",
			"version": "1.35",
			"role_arn": "${aws_iam_role.Eks_ClusterRole_6F7A8B9C.arn}",
			"vpc_config": {"subnet_ids": ["subnet-a", "subnet-b"], "endpoint_private_access": true, "endpoint_public_access": true, "public_access_cidrs": ["203.0.113.0/24"]},
			"access_config": {"authentication_mode": "API", "bootstrap_cluster_creator_admin_permissions": false},
			"upgrade_policy": {"support_type": "STANDARD"},
			"tags": _tags("app-cluster"),
			"//": _meta("example-primary/Eks/Cluster"),
		}},
		"aws_eks_access_entry": {"Eks_DeployAccess_Entry_1A2B3C4D": {
			"cluster_name": "${aws_eks_cluster.Eks_Cluster_5E1C0B2A.name}",
			"principal_arn": "arn:aws:iam::123456789012:role/payments-example-deploy",
			"type": "STANDARD",
			"//": _meta("example-primary/Eks/DeployAccess/Entry"),
		}},
		"aws_eks_access_policy_association": {"Eks_DeployAccess_ClusterAdmin_2B3C4D5E": {
			"cluster_name": "${aws_eks_cluster.Eks_Cluster_5E1C0B2A.name}",
			"principal_arn": "${aws_eks_access_entry.Eks_DeployAccess_Entry_1A2B3C4D.principal_arn}",
			"policy_arn": "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
			"access_scope": {"type": "cluster"},
			"//": _meta("example-primary/Eks/DeployAccess/ClusterAdmin"),
		}},
		"aws_eks_addon": {"EbsCsiDriver_Addon_3C4D5E6F": {
			"cluster_name": "${aws_eks_cluster.Eks_Cluster_5E1C0B2A.name}",
			"addon_name": "aws-ebs-csi-driver",
			"service_account_role_arn": "${aws_iam_role.EbsCsiDriver_Role_4D5E6F7A.arn}",
			"depends_on": ["aws_eks_node_group.Eks_NodeGroup_7A8B9C0D"],
			"//": _meta("example-primary/EbsCsiDriver/Addon"),
		}},
		"aws_eks_node_group": {"Eks_NodeGroup_7A8B9C0D": {
			"cluster_name": "${aws_eks_cluster.Eks_Cluster_5E1C0B2A.name}",
			"node_group_name": "payments-example-use1",
			"instance_types": ["m6i.large"],
			"scaling_config": {"min_size": 3, "desired_size": 3, "max_size": 6},
			"labels": {"warm-standby/role": "primary"},
			"//": _meta("example-primary/Eks/NodeGroup"),
		}},
		"aws_s3_bucket": {
			"Backup_Bucket_8B9C0D1E": {
				"bucket": "payments-example-velero-us-east-1",
				"tags": _tags("velero-backup"),
				"//": _meta("example-primary/Backup/Bucket"),
			},
			"FeedPayload_Bucket_2E3F4A5B": {
				"bucket": "payments-example-use1-feed-payload-123456789012",
				"tags": _tags("feed-payload"),
				"//": _meta("example-primary/FeedPayload/Bucket"),
			},
			"AccessLogs_Bucket_7A1B2C3D": {
				"bucket": "payments-example-use1-s3-access-logs-123456789012",
				"tags": _tags("s3-access-logs"),
				"//": _meta("example-primary/AccessLogs/Bucket"),
			},
		},
		"aws_s3_bucket_logging": {
			"Backup_AccessLogging_8B9C0D1E": {
				"bucket": "${aws_s3_bucket.Backup_Bucket_8B9C0D1E.id}",
				"target_bucket": "${aws_s3_bucket.AccessLogs_Bucket_7A1B2C3D.id}",
				"target_prefix": "payments-example-velero/",
				"//": _meta("example-primary/Backup/AccessLogging"),
			},
			"FeedPayload_AccessLogging_2E3F4A5B": {
				"bucket": "${aws_s3_bucket.FeedPayload_Bucket_2E3F4A5B.id}",
				"target_bucket": "${aws_s3_bucket.AccessLogs_Bucket_7A1B2C3D.id}",
				"target_prefix": "payments-example-feed-payload/",
				"//": _meta("example-primary/FeedPayload/AccessLogging"),
			},
		},
		"aws_s3_bucket_server_side_encryption_configuration": {"AccessLogs_Encryption_7A1B2C3D": {
			"bucket": "${aws_s3_bucket.AccessLogs_Bucket_7A1B2C3D.id}",
			"rule": [{"apply_server_side_encryption_by_default": {"sse_algorithm": "AES256"}}],
			"//": _meta("example-primary/AccessLogs/Encryption"),
		}},
		"aws_s3_bucket_versioning": {"Backup_Versioning_9C0D1E2F": {
			"bucket": "${aws_s3_bucket.Backup_Bucket_8B9C0D1E.id}",
			"versioning_configuration": {"status": "Enabled"},
			"//": _meta("example-primary/Backup/Versioning"),
		}},
		"helm_release": {"Backup_Velero_0D1E2F3A": {
			"name": "velero",
			"depends_on": ["${aws_eks_node_group.Eks_NodeGroup_7A8B9C0D}"],
			"namespace": "velero",
			"repository": "https://vmware-tanzu.github.io/helm-charts",
			"chart": "velero",
			"version": "10.1.3",
			"set": [
				{"name": "configuration.backupStorageLocation[0].bucket", "value": "payments-example-velero-us-east-1"},
				{"name": "configuration.backupStorageLocation[0].config.region", "value": "us-east-1"},
				{"name": "configuration.backupStorageLocation[0].accessMode", "value": "ReadWrite"},
				{"name": "schedules.hourly.schedule", "value": "0 * * * *"},
				{"name": "schedules.hourly.skipImmediately", "value": "true"},
			],
			"//": _meta("example-primary/Backup/Velero"),
		}},
		"aws_opensearch_domain": {"Search_Domain_1E2F3A4B": {
			"domain_name": "payments-example-use1",
			"engine_version": "OpenSearch_2.17",
			"advanced_security_options": _search_security,
			"log_publishing_options": _search_audit_logs("Search_AuditLogGroup_2B3C4D5E"),
			"tags": object.union(_tags("app-search"), {"warm-standby/opensearch-role": "leader"}),
			"//": _meta("example-primary/Search/Domain"),
		}},
		"aws_cloudwatch_log_group": {"Search_AuditLogGroup_2B3C4D5E": _audit_log_group("/aws/opensearch/domains/payments-example-use1/audit-logs", "example-primary/Search/AuditLogGroup")},
		"aws_lambda_invocation": {"SearchBootstrap_Invocation_1A2B3C4D": {
			"function_name": "${aws_lambda_function.SearchBootstrap_Function_1A2B3C4D.function_name}",
			"input": "{}",
			"triggers": _search_bootstrap("payments-example-use1", "leader", {}),
			"//": _meta("example-primary/SearchBootstrap/Invocation"),
		}},
		"aws_db_instance": {"Database_Instance_2F3A4B5C": {
			"identifier": "payments-example-db",
			"engine": "postgres",
			"engine_version": "16",
			"instance_class": "db.r6g.large",
			"backup_retention_period": 7,
			"storage_encrypted": true,
			"kms_key_id": "${aws_kms_key.Keys_Key_0A1B2C3D.arn}",
			"tags": object.union(_tags("app-database"), {"warm-standby/db-role": "source"}),
			"//": _meta("example-primary/Database/Instance"),
		}},
		"aws_elasticache_replication_group": {"Cache_ReplicationGroup_3A4B5C6D": {
			"replication_group_id": "payments-example-use1",
			"description": "payments cache",
			"num_cache_clusters": 2,
			"at_rest_encryption_enabled": true,
			"transit_encryption_enabled": true,
			"auth_token": "${data.aws_secretsmanager_secret_version.Cache_AuthToken_Read_1A2B3C4D.secret_string}",
			"automatic_failover_enabled": true,
			"tags": object.union(_tags("app-cache"), {"warm-standby/cache-role": "primary"}),
			"//": _meta("example-primary/Cache/ReplicationGroup"),
		}},
		"aws_elasticache_global_replication_group": {"Cache_GlobalDatastore_4B5C6D7E": {
			"global_replication_group_id_suffix": "payments-cache",
			"primary_replication_group_id": "${aws_elasticache_replication_group.Cache_ReplicationGroup_3A4B5C6D.id}",
			"//": _meta("example-primary/Cache/GlobalDatastore"),
		}},
		"aws_sns_topic": {"Feed_Topic_5C6D7E8F": {
			"name": "payments-example-feed",
			"tags": _tags("feed-topic"),
			"//": _meta("example-primary/Feed/Topic"),
		}},
		"aws_sqs_queue": {
			"Feed_Queue_6D7E8F9A": {
				"name": "payments-example-feed-us-east-1",
				"redrive_policy": "${jsonencode({\"deadLetterTargetArn\" = aws_sqs_queue.Feed_DeadLetterQueue_7E8F9A0B.arn, \"maxReceiveCount\" = 5})}",
				"tags": _tags("feed-queue"),
				"//": _meta("example-primary/Feed/Queue"),
			},
			"Feed_DeadLetterQueue_7E8F9A0B": {
				"name": "payments-example-feed-us-east-1-dlq",
				"tags": _tags("feed-dead-letter"),
				"//": _meta("example-primary/Feed/DeadLetterQueue"),
			},
		},
		"aws_sns_topic_subscription": {"Feed_Subscription_8F9A0B1C": {
			"topic_arn": "${aws_sns_topic.Feed_Topic_5C6D7E8F.arn}",
			"protocol": "sqs",
			"endpoint": "${aws_sqs_queue.Feed_Queue_6D7E8F9A.arn}",
			"raw_message_delivery": true,
			"//": _meta("example-primary/Feed/Subscription"),
		}},
		"aws_lambda_function": {"Feed_Loader_9A0B1C2D": {
			"function_name": "payments-example-feed-loader",
			"tags": _tags("feed-loader"),
			"//": _meta("example-primary/Feed/Loader"),
		}},
		"aws_lambda_event_source_mapping": {"Feed_QueueMapping_0B1C2D3E": {
			"event_source_arn": "${aws_sqs_queue.Feed_Queue_6D7E8F9A.arn}",
			"function_name": "${aws_lambda_function.Feed_Loader_9A0B1C2D.arn}",
			"batch_size": 10,
			"//": _meta("example-primary/Feed/QueueMapping"),
		}},
		"aws_redshift_cluster": {"Feed_Warehouse_1C2D3E4F": {
			"cluster_identifier": "payments-example-use1",
			"node_type": "ra3.xlplus",
			"number_of_nodes": 2,
			"encrypted": true,
			"cluster_parameter_group_name": "${aws_redshift_parameter_group.Feed_ParameterGroup_3D4E5F6A.name}",
			"tags": _tags("feed-warehouse"),
			"//": _meta("example-primary/Feed/Warehouse"),
		}},
		"aws_redshift_parameter_group": {"Feed_ParameterGroup_3D4E5F6A": _warehouse_parameters("payments-example-use1", "example-primary/Feed/ParameterGroup")},
		"aws_redshift_logging": {"Feed_AuditLogging_4E5F6A7B": _warehouse_logging("Feed_Warehouse_1C2D3E4F", "example-primary/Feed/AuditLogging")},
	},
}

standby_config := {
	"//": {"metadata": {"backend": "s3", "stackName": "example-standby", "version": "0.21.0"}},
	"terraform": {
		"backend": {"s3": {
			"bucket": "payments-tfstate-123456789012-us-west-2",
			"key": "example-standby.tfstate",
			"region": "us-west-2",
			"dynamodb_table": "payments-tflock",
			"encrypt": true,
		}},
		"required_providers": {"aws": {"source": "aws", "version": "5.100.0"}, "helm": {"source": "helm", "version": "3.1.1"}},
	},
	"provider": {
		"aws": [{"region": "us-west-2", "default_tags": [{"tags": {"warm-standby/environment": "example", "warm-standby/role": "standby"}}]}],
		"helm": [{"kubernetes": {"host": "${aws_eks_cluster.Eks_Cluster_A1B2C3D4.endpoint}"}}],
	},
	"output": {"warm_standby_stack": {"value": standby_metadata}},
	"resource": {
		"aws_cloudwatch_metric_alarm": {
			"Alarms_ReplicaLag_4D5E6F7A": {
				"namespace": "AWS/RDS",
				"metric_name": "ReplicaLag",
				"dimensions": {"DBInstanceIdentifier": "payments-example-db-replica"},
				"alarm_actions": [_alert_topic("us-west-2")],
				"//": _meta("example-standby/Alarms/Alarms_ReplicaLag_4D5E6F7A"),
			},
			"Alarms_DeadLetters_5E6F7A8B": {
				"namespace": "AWS/SQS",
				"metric_name": "ApproximateNumberOfMessagesVisible",
				"dimensions": {"QueueName": "payments-example-feed-us-west-2-dlq"},
				"alarm_actions": [_alert_topic("us-west-2")],
				"//": _meta("example-standby/Alarms/Alarms_DeadLetters_5E6F7A8B"),
			},
			"Alarms_LoaderErrors_6F7A8B9C": {
				"namespace": "AWS/Lambda",
				"metric_name": "Errors",
				"dimensions": {"FunctionName": "payments-example-feed-loader"},
				"alarm_actions": [_alert_topic("us-west-2")],
				"//": _meta("example-standby/Alarms/Alarms_LoaderErrors_6F7A8B9C"),
			},
			"Alarms_SearchReplication_7A8B9C0D": {
				"namespace": "AWS/ES",
				"metric_name": "ReplicationNumFailedIndices",
				"dimensions": {"ClientId": account, "DomainName": "payments-example-usw2"},
				"alarm_actions": [_alert_topic("us-west-2")],
				"//": _meta("example-standby/Alarms/Alarms_SearchReplication_7A8B9C0D"),
			},
		},
		"aws_kms_key": {"Keys_Key_B2C3D4E5": {"description": "payments example us-west-2", "enable_key_rotation": true, "//": _meta("example-standby/Keys/Key")}},
		"aws_route53_record": {"Dns_SecondaryRecord_C3D4E5F6": {
			"zone_id": "Z0EXAMPLE1234567890",
			"name": "pay.example.com",
			"type": "CNAME",
			"ttl": 60,
			"records": ["pay-usw2.example.com"],
			"set_identifier": "standby",
			"failover_routing_policy": {"type": "SECONDARY"},
			"//": _meta("example-standby/Dns/SecondaryRecord"),
		}},
		"aws_eks_cluster": {"Eks_Cluster_A1B2C3D4": {
			"name": "payments-example-usw2",
			"version": "1.35",
			"role_arn": "${aws_iam_role.Eks_ClusterRole_D4E5F6A7.arn}",
			"vpc_config": {"subnet_ids": ["subnet-a", "subnet-b"], "endpoint_private_access": true, "endpoint_public_access": true, "public_access_cidrs": ["203.0.113.0/24"]},
			"access_config": {"authentication_mode": "API", "bootstrap_cluster_creator_admin_permissions": false},
			"upgrade_policy": {"support_type": "STANDARD"},
			"tags": _tags("app-cluster"),
			"//": _meta("example-standby/Eks/Cluster"),
		}},
		"aws_eks_access_entry": {"Eks_DeployAccess_Entry_7A8B9C0D": {
			"cluster_name": "${aws_eks_cluster.Eks_Cluster_A1B2C3D4.name}",
			"principal_arn": "arn:aws:iam::123456789012:role/payments-example-deploy",
			"type": "STANDARD",
			"//": _meta("example-standby/Eks/DeployAccess/Entry"),
		}},
		"aws_eks_access_policy_association": {"Eks_DeployAccess_ClusterAdmin_8B9C0D1E": {
			"cluster_name": "${aws_eks_cluster.Eks_Cluster_A1B2C3D4.name}",
			"principal_arn": "${aws_eks_access_entry.Eks_DeployAccess_Entry_7A8B9C0D.principal_arn}",
			"policy_arn": "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
			"access_scope": {"type": "cluster"},
			"//": _meta("example-standby/Eks/DeployAccess/ClusterAdmin"),
		}},
		"aws_eks_addon": {"EbsCsiDriver_Addon_9C0D1E2F": {
			"cluster_name": "${aws_eks_cluster.Eks_Cluster_A1B2C3D4.name}",
			"addon_name": "aws-ebs-csi-driver",
			"service_account_role_arn": "${aws_iam_role.EbsCsiDriver_Role_0D1E2F3A.arn}",
			"depends_on": ["aws_eks_node_group.Eks_NodeGroup_E5F6A7B8"],
			"//": _meta("example-standby/EbsCsiDriver/Addon"),
		}},
		"aws_eks_node_group": {"Eks_NodeGroup_E5F6A7B8": {
			"cluster_name": "${aws_eks_cluster.Eks_Cluster_A1B2C3D4.name}",
			"node_group_name": "payments-example-usw2",
			"instance_types": ["m6i.large"],
			"scaling_config": {"min_size": 1, "desired_size": 1, "max_size": 6},
			"labels": {"warm-standby/role": "standby"},
			"//": _meta("example-standby/Eks/NodeGroup"),
		}},
		"aws_s3_bucket": {
			"Backup_Bucket_F6A7B8C9": {
				"bucket": "payments-example-velero-us-west-2",
				"tags": _tags("velero-backup"),
				"//": _meta("example-standby/Backup/Bucket"),
			},
			"FeedPayload_Bucket_C1D2E3F4": {
				"bucket": "payments-example-usw2-feed-payload-123456789012",
				"tags": _tags("feed-payload"),
				"//": _meta("example-standby/FeedPayload/Bucket"),
			},
			"AccessLogs_Bucket_9E8D7C6B": {
				"bucket": "payments-example-usw2-s3-access-logs-123456789012",
				"tags": _tags("s3-access-logs"),
				"//": _meta("example-standby/AccessLogs/Bucket"),
			},
		},
		"aws_s3_bucket_logging": {
			"Backup_AccessLogging_F6A7B8C9": {
				"bucket": "${aws_s3_bucket.Backup_Bucket_F6A7B8C9.id}",
				"target_bucket": "${aws_s3_bucket.AccessLogs_Bucket_9E8D7C6B.id}",
				"target_prefix": "payments-example-velero/",
				"//": _meta("example-standby/Backup/AccessLogging"),
			},
			"FeedPayload_AccessLogging_C1D2E3F4": {
				"bucket": "${aws_s3_bucket.FeedPayload_Bucket_C1D2E3F4.id}",
				"target_bucket": "${aws_s3_bucket.AccessLogs_Bucket_9E8D7C6B.id}",
				"target_prefix": "payments-example-feed-payload/",
				"//": _meta("example-standby/FeedPayload/AccessLogging"),
			},
		},
		"aws_s3_bucket_server_side_encryption_configuration": {"AccessLogs_Encryption_9E8D7C6B": {
			"bucket": "${aws_s3_bucket.AccessLogs_Bucket_9E8D7C6B.id}",
			"rule": [{"apply_server_side_encryption_by_default": {"sse_algorithm": "AES256"}}],
			"//": _meta("example-standby/AccessLogs/Encryption"),
		}},
		"aws_s3_bucket_lifecycle_configuration": {"Backup_Lifecycle_C3D4E5F6": {
			"bucket": "${aws_s3_bucket.Backup_Bucket_F6A7B8C9.id}",
			"rule": [{
				"id": "expire-noncurrent-versions",
				"status": "Enabled",
				"filter": [{"prefix": ""}],
				"expiration": [{"expired_object_delete_marker": true}],
				"noncurrent_version_expiration": [{"noncurrent_days": 14}],
			}],
			"//": _meta("example-standby/Backup/Lifecycle"),
		}},
		"aws_s3_bucket_versioning": {"Backup_Versioning_A7B8C9D0": {
			"bucket": "${aws_s3_bucket.Backup_Bucket_F6A7B8C9.id}",
			"versioning_configuration": {"status": "Enabled"},
			"//": _meta("example-standby/Backup/Versioning"),
		}},
		"helm_release": {"Backup_Velero_B8C9D0E1": {
			"name": "velero",
			"depends_on": ["${aws_eks_node_group.Eks_NodeGroup_E5F6A7B8}"],
			"namespace": "velero",
			"repository": "https://vmware-tanzu.github.io/helm-charts",
			"chart": "velero",
			"version": "10.1.3",
			"set": [
				{"name": "configuration.backupStorageLocation[0].bucket", "value": "payments-example-velero-us-west-2"},
				{"name": "configuration.backupStorageLocation[0].config.region", "value": "us-west-2"},
				{"name": "configuration.backupStorageLocation[0].accessMode", "value": "ReadOnly"},
			],
			"//": _meta("example-standby/Backup/Velero"),
		}},
		"aws_opensearch_domain": {"Search_Domain_C9D0E1F2": {
			"domain_name": "payments-example-usw2",
			"engine_version": "OpenSearch_2.17",
			"advanced_security_options": _search_security,
			"log_publishing_options": _search_audit_logs("Search_AuditLogGroup_6F7A8B9C"),
			"tags": object.union(_tags("app-search"), {"warm-standby/opensearch-role": "follower"}),
			"//": _meta("example-standby/Search/Domain"),
		}},
		"aws_cloudwatch_log_group": {"Search_AuditLogGroup_6F7A8B9C": _audit_log_group("/aws/opensearch/domains/payments-example-usw2/audit-logs", "example-standby/Search/AuditLogGroup")},
		"aws_lambda_invocation": {"SearchBootstrap_Invocation_5E6F7A8B": {
			"function_name": "${aws_lambda_function.SearchBootstrap_Function_5E6F7A8B.function_name}",
			"input": "{}",
			"triggers": _search_bootstrap("payments-example-usw2", "follower", {"connection_alias": "payments-example-leader"}),
			"//": _meta("example-standby/SearchBootstrap/Invocation"),
		}},
		"aws_opensearch_outbound_connection": {"Search_LeaderConnection_D0E1F2A3": {
			"connection_alias": "payments-example-leader",
			"connection_mode": "DIRECT",
			"local_domain_info": {"owner_id": account, "region": "us-west-2", "domain_name": "${aws_opensearch_domain.Search_Domain_C9D0E1F2.domain_name}"},
			"remote_domain_info": {"owner_id": account, "region": "us-east-1", "domain_name": "payments-example-use1"},
			"//": _meta("example-standby/Search/LeaderConnection"),
		}},
		"aws_db_instance": {"Database_Replica_E1F2A3B4": {
			"identifier": "payments-example-db-replica",
			"replicate_source_db": "arn:aws:rds:us-east-1:123456789012:db:payments-example-db",
			"instance_class": "db.r6g.large",
			"storage_encrypted": true,
			"kms_key_id": "${aws_kms_key.Keys_Key_B2C3D4E5.arn}",
			"tags": object.union(_tags("app-database"), {"warm-standby/db-role": "replica"}),
			"//": _meta("example-standby/Database/Replica"),
		}},
		"aws_elasticache_replication_group": {"Cache_ReplicationGroup_F2A3B4C5": {
			"replication_group_id": "payments-example-usw2",
			"description": "payments cache (secondary)",
			"global_replication_group_id": "ldgnf-payments-cache",
			"num_cache_clusters": 2,
			"automatic_failover_enabled": true,
			"auth_token": "${data.aws_secretsmanager_secret_version.Cache_AuthToken_Read_5E6F7A8B.secret_string}",
			"auth_token_update_strategy": "ROTATE",
			"tags": object.union(_tags("app-cache"), {"warm-standby/cache-role": "secondary"}),
			"//": _meta("example-standby/Cache/ReplicationGroup"),
		}},
		"aws_sqs_queue": {
			"Feed_Queue_A3B4C5D6": {
				"name": "payments-example-feed-us-west-2",
				"redrive_policy": "${jsonencode({\"deadLetterTargetArn\" = aws_sqs_queue.Feed_DeadLetterQueue_B4C5D6E7.arn, \"maxReceiveCount\" = 5})}",
				"tags": _tags("feed-queue"),
				"//": _meta("example-standby/Feed/Queue"),
			},
			"Feed_DeadLetterQueue_B4C5D6E7": {
				"name": "payments-example-feed-us-west-2-dlq",
				"tags": _tags("feed-dead-letter"),
				"//": _meta("example-standby/Feed/DeadLetterQueue"),
			},
		},
		"aws_sns_topic": {"Feed_Topic_D2E3F4A5": {
			"name": "payments-example-feed",
			"tags": _tags("feed-topic"),
			"//": _meta("example-standby/Feed/Topic"),
		}},
		"aws_sns_topic_subscription": {"Feed_Subscription_E3F4A5B6": {
			"topic_arn": "${aws_sns_topic.Feed_Topic_D2E3F4A5.arn}",
			"protocol": "sqs",
			"endpoint": "${aws_sqs_queue.Feed_Queue_A3B4C5D6.arn}",
			"raw_message_delivery": true,
			"//": _meta("example-standby/Feed/Subscription"),
		}},
		"aws_lambda_function": {"Feed_Loader_C5D6E7F8": {
			"function_name": "payments-example-feed-loader",
			"tags": _tags("feed-loader"),
			"//": _meta("example-standby/Feed/Loader"),
		}},
		"aws_lambda_event_source_mapping": {"Feed_QueueMapping_D6E7F8A9": {
			"event_source_arn": "${aws_sqs_queue.Feed_Queue_A3B4C5D6.arn}",
			"function_name": "${aws_lambda_function.Feed_Loader_C5D6E7F8.arn}",
			"batch_size": 10,
			"//": _meta("example-standby/Feed/QueueMapping"),
		}},
		"aws_redshift_cluster": {"Feed_Warehouse_E7F8A9B0": {
			"cluster_identifier": "payments-example-usw2",
			"node_type": "ra3.xlplus",
			"number_of_nodes": 2,
			"encrypted": true,
			"cluster_parameter_group_name": "${aws_redshift_parameter_group.Feed_ParameterGroup_7B8C9D0E.name}",
			"tags": _tags("feed-warehouse"),
			"//": _meta("example-standby/Feed/Warehouse"),
		}},
		"aws_redshift_parameter_group": {"Feed_ParameterGroup_7B8C9D0E": _warehouse_parameters("payments-example-usw2", "example-standby/Feed/ParameterGroup")},
		"aws_redshift_logging": {"Feed_AuditLogging_8C9D0E1F": _warehouse_logging("Feed_Warehouse_E7F8A9B0", "example-standby/Feed/AuditLogging")},
	},
}

replication_config := {
	"//": {"metadata": {"backend": "s3", "stackName": "example-replication", "version": "0.21.0"}},
	"terraform": {
		"backend": {"s3": {
			"bucket": "payments-tfstate-123456789012-us-east-1",
			"key": "example-replication.tfstate",
			"region": "us-east-1",
			"dynamodb_table": "payments-tflock",
			"encrypt": true,
		}},
		"required_providers": {"aws": {"source": "aws", "version": "5.100.0"}},
	},
	"provider": {"aws": [{"region": "us-east-1"}, {"alias": "standby", "region": "us-west-2"}]},
	"output": {"warm_standby_stack": {"value": replication_metadata}},
	"resource": {
		"aws_cloudwatch_metric_alarm": {
			"Alarms_BackupReplication_8B9C0D1E": {
				"namespace": "AWS/S3",
				"metric_name": "OperationsFailedReplication",
				"dimensions": {"SourceBucket": "payments-example-velero-us-east-1", "DestinationBucket": "payments-example-velero-us-west-2", "RuleId": "velero-to-standby"},
				"alarm_actions": [_alert_topic("us-east-1")],
				"//": _meta("example-replication/Alarms/Alarms_BackupReplication_8B9C0D1E"),
			},
		},
		"aws_iam_role": {"Replication_Role_F8A9B0C1": {"name": "payments-example-s3-replication", "assume_role_policy": "{}"}},
		"aws_s3_bucket_replication_configuration": {"Replication_BackupBucket_A9B0C1D2": {
			"bucket": "payments-example-velero-us-east-1",
			"role": "${aws_iam_role.Replication_Role_F8A9B0C1.arn}",
			"rule": [{
				"id": "velero-to-standby",
				"status": "Enabled",
				"filter": {},
				"delete_marker_replication": {"status": "Enabled"},
				"destination": {"bucket": "arn:aws:s3:::payments-example-velero-us-west-2", "storage_class": "STANDARD"},
			}],
			"//": _meta("example-replication/Replication/BackupBucket"),
		}},
		"aws_sns_topic_subscription": {
			"Replication_StandbyFeed_B0C1D2E3": {
				"topic_arn": "arn:aws:sns:us-east-1:123456789012:payments-example-feed",
				"protocol": "sqs",
				"endpoint": "arn:aws:sqs:us-west-2:123456789012:payments-example-feed-us-west-2",
				"raw_message_delivery": true,
				"//": _meta("example-replication/Replication/StandbyFeed"),
			},
			# The standby Region's topic fans out to the primary queue: created in the topic's Region
			# through the aliased provider.
			"Replication_PrimaryFeed_C2D3E4F5": {
				"provider": "aws.standby",
				"topic_arn": "arn:aws:sns:us-west-2:123456789012:payments-example-feed",
				"protocol": "sqs",
				"endpoint": "arn:aws:sqs:us-east-1:123456789012:payments-example-feed-us-east-1",
				"raw_message_delivery": true,
				"//": _meta("example-replication/Replication/PrimaryFeed"),
			},
		},
		"aws_opensearch_inbound_connection_accepter": {"SearchConnectionAccepter_Accepter_C1D2E3F4": {
			"connection_id": "${data.terraform_remote_state.RemoteState-example-standby.outputs.opensearch_connection_id}",
			"//": _meta("example-replication/SearchConnectionAccepter/Accepter"),
		}},
	},
	"data": {"terraform_remote_state": {"RemoteState-example-standby": {
		"backend": "s3",
		"config": {"bucket": "payments-tfstate-123456789012-us-west-2", "key": "example/us-west-2/example-standby.tfstate", "region": "us-west-2"},
	}}},
}

_stack(name, config) := {"name": name, "file": concat("", ["cdktf.out/stacks/", name, "/cdk.tf.json"]), "config": config}

# The whole compliant app.
app := {"kind": "cdktf_app", "stacks": [
	_stack("example-primary", primary_config),
	_stack("example-standby", standby_config),
	_stack("example-replication", replication_config),
]}

# The app with json.patch operations applied to one stack's config.
patch_stack(app_input, name, ops) := object.union(app_input, {"stacks": [s2 |
	some s in app_input.stacks
	s2 := _patched(s, name, ops)
]})

_patched(s, name, ops) := {"name": s.name, "file": s.file, "config": json.patch(s.config, ops)} if {
	s.name == name
} else := s

# The app without some stacks.
without_stacks(app_input, names) := object.union(app_input, {"stacks": [s |
	some s in app_input.stacks
	not s.name in names
]})

# Only one stack of the app (how the gate wraps a single cdk.tf.json).
only_stack(name) := without_stacks(app, {s.name | some s in app.stacks; s.name != name})

# Adds resources of a type to a stack (keeping existing ones of that type).
add_resources(app_input, name, rtype, by_name) := object.union(app_input, {"stacks": [s2 |
	some s in app_input.stacks
	s2 := _with_resources(s, name, rtype, by_name)
]})

_with_resources(s, name, rtype, by_name) := object.union(s, {"config": {"resource": {rtype: by_name}}}) if {
	s.name == name
} else := s
