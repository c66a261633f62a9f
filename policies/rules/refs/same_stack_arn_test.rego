package warm_standby.rules.refs.same_stack_arn_test

import data.warm_standby.rules.refs.same_stack_arn as rule
import data.warm_standby.test_fixtures as fx

_subscription := "aws_sns_topic_subscription.Feed_Subscription_8F9A0B1C"

_policy(statement) := json.marshal({"Version": "2012-10-17", "Statement": [statement]})

_with_policy(stack, statement) := fx.add_resources(fx.app, stack, "aws_iam_role_policy", {"Feed_LoaderPolicy_1A2B3C4D": {
	"role": "payments-example-feed-loader",
	"policy": _policy(statement),
}})

_policy_address := "aws_iam_role_policy.Feed_LoaderPolicy_1A2B3C4D"

test_noncompliant_1_subscription_names_its_topic_by_arn if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.replace(
		"/resource/aws_sns_topic_subscription/Feed_Subscription_8F9A0B1C/topic_arn",
		"arn:aws:sns:us-east-1:123456789012:payments-example-feed",
	)])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-primary", _subscription)
	fx.finding_with(findings, "example-primary", _subscription, "attribute topic_arn holds the literal ARN arn:aws:sns:us-east-1:123456789012:payments-example-feed of aws_sns_topic.Feed_Topic_5C6D7E8F")
}

test_noncompliant_2_queue_arn_inside_a_policy_document if {
	app := _with_policy("example-standby", {"Effect": "Allow", "Action": "sqs:ReceiveMessage", "Resource": "arn:aws:sqs:us-west-2:123456789012:payments-example-feed-us-west-2"})
	fx.one_finding(rule.deny, "example-standby", _policy_address) with input as app
	fx.finding_with(rule.deny, "example-standby", _policy_address, "attribute policy holds the literal ARN arn:aws:sqs:us-west-2:123456789012:payments-example-feed-us-west-2 of aws_sqs_queue.Feed_Queue_A3B4C5D6") with input as app
}

test_noncompliant_3_bucket_objects_arn if {
	app := _with_policy("example-primary", {"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::payments-example-use1-feed-payload-123456789012/*"]})
	fx.finding_with(rule.deny, "example-primary", _policy_address, "of aws_s3_bucket.FeedPayload_Bucket_2E3F4A5B") with input as app
}

test_noncompliant_4_role_arn if {
	app := fx.patch_stack(fx.app, "example-replication", [fx.replace(
		"/resource/aws_s3_bucket_replication_configuration/Replication_BackupBucket_A9B0C1D2/role",
		"arn:aws:iam::123456789012:role/payments-example-s3-replication",
	)])
	fx.one_finding(rule.deny, "example-replication", "aws_s3_bucket_replication_configuration.Replication_BackupBucket_A9B0C1D2") with input as app
	fx.finding_with(rule.deny, "example-replication", "aws_s3_bucket_replication_configuration.Replication_BackupBucket_A9B0C1D2", "of aws_iam_role.Replication_Role_F8A9B0C1") with input as app
}

test_noncompliant_5_kms_alias_arn if {
	with_alias := fx.add_resources(fx.app, "example-primary", "aws_kms_alias", {"Keys_Alias_0A1B2C3D": {
		"name": "alias/payments-example-use1-s3",
		"target_key_id": "${aws_kms_key.Keys_Key_0A1B2C3D.key_id}",
	}})
	app := fx.patch_stack(with_alias, "example-primary", [fx.add(
		"/resource/aws_sns_topic/Feed_Topic_5C6D7E8F/kms_master_key_id",
		"arn:aws:kms:us-east-1:123456789012:alias/payments-example-use1-s3",
	)])
	fx.one_finding(rule.deny, "example-primary", "aws_sns_topic.Feed_Topic_5C6D7E8F") with input as app
	fx.finding_with(rule.deny, "example-primary", "aws_sns_topic.Feed_Topic_5C6D7E8F", "of aws_kms_alias.Keys_Alias_0A1B2C3D") with input as app
}

test_noncompliant_6_redshift_cluster_arn if {
	app := _with_policy("example-standby", {"Effect": "Allow", "Action": "redshift-data:ExecuteStatement", "Resource": "arn:aws:redshift:us-west-2:123456789012:cluster:payments-example-usw2"})
	fx.finding_with(rule.deny, "example-standby", _policy_address, "of aws_redshift_cluster.Feed_Warehouse_E7F8A9B0") with input as app
}

test_compliant_app if {
	count(rule.deny) == 0 with input as fx.app
}

# Deterministic ARNs of another stack's resources are how stacks name each other (the replication
# stack names both Regions' topics and queues); a same-named resource in another Region is not it.
test_compliant_other_stack_or_region if {
	app := _with_policy("example-primary", {"Effect": "Allow", "Action": "sns:Publish", "Resource": [
		"arn:aws:sns:us-west-2:123456789012:payments-example-feed",
		"arn:aws:sqs:us-west-2:123456789012:payments-example-feed-us-west-2",
		"arn:aws:s3:::payments-example-usw2-feed-payload-123456789012/*",
		"arn:aws:sns:us-east-1:123456789012:payments-example-feed:0f1e2d3c-subscription",
		"arn:aws:redshift:us-east-1:123456789012:dbuser:payments-example-use1/loader",
		"${aws_sns_topic.Feed_Topic_5C6D7E8F.arn}",
	]})
	count(rule.deny) == 0 with input as app
}

# A resource cannot reference itself: a domain's access policy names the domain by ARN.
test_compliant_self if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.add(
		"/resource/aws_opensearch_domain/Search_Domain_1E2F3A4B/access_policies",
		_policy({"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "es:ESHttp*", "Resource": "arn:aws:es:us-east-1:123456789012:domain/payments-example-use1/*"}),
	)])
	count(rule.deny) == 0 with input as app
}

test_literal_arn_with_explicit_depends_on_passes if {
	app := fx.patch_stack(fx.app, "example-primary", [
		fx.replace(
			"/resource/aws_sns_topic_subscription/Feed_Subscription_8F9A0B1C/topic_arn",
			"arn:aws:sns:us-east-1:123456789012:payments-example-feed",
		),
		fx.add("/resource/aws_sns_topic_subscription/Feed_Subscription_8F9A0B1C/depends_on", ["aws_sns_topic.Feed_Topic_5C6D7E8F"]),
	])
	count(rule.deny) == 0 with input as app
}

test_literal_arn_named_resource_depends_on_the_holder_passes if {
	# An OpenSearch log resource policy names the domain in aws:SourceArn; the domain waits for the policy.
	app := fx.patch_stack(
		fx.add_resources(fx.app, "example-primary", "aws_cloudwatch_log_resource_policy", {"SearchLogPublishing_Policy_1": {
			"policy_name": "payments-example-use1-opensearch-logs",
			"policy_document": _policy({
				"Effect": "Allow", "Principal": {"Service": "es.amazonaws.com"}, "Action": "logs:PutLogEvents", "Resource": "*",
				"Condition": {"ArnLike": {"aws:SourceArn": ["arn:aws:es:us-east-1:123456789012:domain/payments-example-use1"]}},
			}),
		}}),
		"example-primary",
		[fx.add("/resource/aws_opensearch_domain/Search_Domain_1E2F3A4B/depends_on", ["aws_cloudwatch_log_resource_policy.SearchLogPublishing_Policy_1"])],
	)
	count(rule.deny) == 0 with input as app
}

test_noncompliant_7_log_policy_names_the_domain_without_any_order if {
	app := fx.add_resources(fx.app, "example-primary", "aws_cloudwatch_log_resource_policy", {"SearchLogPublishing_Policy_1": {
		"policy_name": "payments-example-use1-opensearch-logs",
		"policy_document": _policy({
			"Effect": "Allow", "Principal": {"Service": "es.amazonaws.com"}, "Action": "logs:PutLogEvents", "Resource": "*",
			"Condition": {"ArnLike": {"aws:SourceArn": ["arn:aws:es:us-east-1:123456789012:domain/payments-example-use1"]}},
		}),
	}})
	fx.finding_with(rule.deny, "example-primary", "aws_cloudwatch_log_resource_policy.SearchLogPublishing_Policy_1", "of aws_opensearch_domain.Search_Domain_1E2F3A4B") with input as app
}
