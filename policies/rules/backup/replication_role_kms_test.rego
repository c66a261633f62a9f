package warm_standby.rules.backup.replication_role_kms_test

import data.warm_standby.rules.backup.replication_role_kms as rule
import data.warm_standby.test_fixtures as fx

_config := "aws_s3_bucket_replication_configuration.Replication_BackupBucket_A9B0C1D2"

_rule_path := "/resource/aws_s3_bucket_replication_configuration/Replication_BackupBucket_A9B0C1D2/rule/0"

_source := "arn:aws:s3:::payments-example-velero-us-east-1"

_destination := "arn:aws:s3:::payments-example-velero-us-west-2"

_destination_key := "arn:aws:kms:us-west-2:123456789012:alias/payments-example-usw2-s3"

_statement(sid, actions, resource, region, bucket, alias) := {
	"Sid": sid,
	"Effect": "Allow",
	"Action": actions,
	"Resource": resource,
	"Condition": {
		"StringLike": {
			"kms:ViaService": concat("", ["s3.", region, ".amazonaws.com"]),
			"kms:EncryptionContext:aws:s3:arn": [bucket, concat("", [bucket, "/*"])],
		},
		"ForAnyValue:StringEquals": {"kms:ResourceAliases": [alias]},
	},
}

_decrypt_source := _statement("DecryptSource", "kms:Decrypt", "arn:aws:kms:us-east-1:123456789012:key/*", "us-east-1", _source, "alias/payments-example-use1-s3")

_encrypt_replicas := _statement("EncryptReplicas", ["kms:Encrypt", "kms:GenerateDataKey", "kms:Decrypt"], "arn:aws:kms:us-west-2:123456789012:key/*", "us-west-2", _destination, "alias/payments-example-usw2-s3")

# The replication stack with KMS-encrypted replicas and a role policy made of `statements`.
_app(statements) := fx.add_resources(
	fx.patch_stack(fx.app, "example-replication", [
		fx.add(concat("", [_rule_path, "/source_selection_criteria"]), {"sse_kms_encrypted_objects": {"status": "Enabled"}}),
		fx.add(concat("", [_rule_path, "/destination/encryption_configuration"]), {"replica_kms_key_id": _destination_key}),
	]),
	"example-replication", "aws_iam_role_policy",
	{"Replication_Policy_1": {
		"role": "${aws_iam_role.Replication_Role_F8A9B0C1.id}",
		"policy": json.marshal({"Version": "2012-10-17", "Statement": statements}),
	}},
)

test_noncompliant_1_encrypt_only_on_the_destination_key if {
	app := _app([_decrypt_source, object.union(_encrypt_replicas, {"Action": "kms:Encrypt"})])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-replication", _config)
	fx.finding_with(findings, "example-replication", _config, "may not kms:GenerateDataKey, kms:Decrypt on the destination key arn:aws:kms:us-west-2:123456789012:alias/payments-example-usw2-s3 (through s3.us-west-2.amazonaws.com, encryption context arn:aws:s3:::payments-example-velero-us-west-2)")
}

test_noncompliant_2_context_admits_objects_only if {
	app := _app([_decrypt_source, json.patch(_encrypt_replicas, [fx.replace("/Condition/StringLike/kms:EncryptionContext:aws:s3:arn", [concat("", [_destination, "/*"])])])])
	fx.finding_with(rule.deny, "example-replication", _config, "may not kms:Encrypt, kms:GenerateDataKey, kms:Decrypt on the destination key") with input as app
}

test_noncompliant_3_via_service_in_the_wrong_region if {
	app := _app([_decrypt_source, json.patch(_encrypt_replicas, [fx.replace("/Condition/StringLike/kms:ViaService", "s3.us-east-1.amazonaws.com")])])
	fx.one_finding(rule.deny, "example-replication", _config) with input as app
}

test_noncompliant_4_key_of_the_wrong_region if {
	app := _app([_decrypt_source, object.union(_encrypt_replicas, {"Resource": "arn:aws:kms:us-east-1:123456789012:key/*"})])
	fx.one_finding(rule.deny, "example-replication", _config) with input as app
}

test_noncompliant_5_alias_arn_as_resource_is_not_a_grant if {
	app := _app([_decrypt_source, object.union(_encrypt_replicas, {"Resource": _destination_key})])
	fx.one_finding(rule.deny, "example-replication", _config) with input as app
}

test_noncompliant_6_no_source_decrypt if {
	app := _app([_encrypt_replicas])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-replication", _config)
	fx.finding_with(findings, "example-replication", _config, "may not kms:Decrypt with a key of the source Region us-east-1")
}

test_noncompliant_7_no_role_policy_at_all if {
	app := fx.patch_stack(_app([]), "example-replication", [fx.remove("/resource/aws_iam_role_policy")])
	count(rule.deny) == 2 with input as app
}

test_noncompliant_8_resource_aliases_name_another_key if {
	app := _app([_decrypt_source, json.patch(_encrypt_replicas, [fx.replace("/Condition/ForAnyValue:StringEquals/kms:ResourceAliases", ["alias/other"])])])
	fx.finding_with(rule.deny, "example-replication", _config, "may not kms:Encrypt, kms:GenerateDataKey, kms:Decrypt on the destination key") with input as app
}

test_noncompliant_9_explicit_deny_wins if {
	deny := {"Effect": "Deny", "Action": "kms:GenerateDataKey", "Resource": "*"}
	app := _app([_decrypt_source, _encrypt_replicas, deny])
	fx.finding_with(rule.deny, "example-replication", _config, "may not kms:GenerateDataKey on the destination key") with input as app
}

test_noncompliant_10_deny_with_an_unevaluated_condition_is_taken_to_apply if {
	deny := {"Effect": "Deny", "Action": "kms:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
	app := _app([_encrypt_replicas, _decrypt_source, deny])
	count(rule.deny) == 2 with input as app
}

test_compliant_deny_that_excludes_the_call if {
	deny := {"Effect": "Deny", "Action": "kms:*", "Resource": "*", "Condition": {"StringNotLike": {"kms:ViaService": "s3.*.amazonaws.com"}}}
	count(rule.deny) == 0 with input as _app([_decrypt_source, _encrypt_replicas, deny])
}

test_compliant_app if {
	count(rule.deny) == 0 with input as fx.app
}

test_compliant_full_grants if {
	count(rule.deny) == 0 with input as _app([_decrypt_source, _encrypt_replicas])
}

test_compliant_wildcards_and_an_attached_policy if {
	app := fx.add_resources(
		fx.add_resources(fx.patch_stack(_app([]), "example-replication", [fx.remove("/resource/aws_iam_role_policy")]), "example-replication", "aws_iam_policy", {"Kms": {"policy": json.marshal({"Statement": [{"Effect": "Allow", "Action": "kms:*", "Resource": "*"}]})}}),
		"example-replication", "aws_iam_role_policy_attachment",
		{"KmsAttach": {"role": "${aws_iam_role.Replication_Role_F8A9B0C1.name}", "policy_arn": "${aws_iam_policy.Kms.arn}"}},
	)
	count(rule.deny) == 0 with input as app
}

test_compliant_bucket_key_off_needs_no_decrypt_on_the_destination if {
	app := fx.add_resources(
		_app([_decrypt_source, json.patch(_encrypt_replicas, [
			fx.replace("/Action", ["kms:Encrypt", "kms:GenerateDataKey"]),
			fx.replace("/Condition/StringLike/kms:EncryptionContext:aws:s3:arn", [concat("", [_destination, "/*"])]),
		])]),
		"example-standby", "aws_s3_bucket_server_side_encryption_configuration",
		{"Backup_Encryption_1": {"bucket": "${aws_s3_bucket.Backup_Bucket_F6A7B8C9.id}", "rule": [{"bucket_key_enabled": false}]}},
	)
	count(rule.deny) == 0 with input as app
}

test_not_judged_when_a_managed_policy_is_attached_by_arn if {
	app := fx.add_resources(_app([]), "example-replication", "aws_iam_role_policy_attachment", {"Managed": {
		"role": "${aws_iam_role.Replication_Role_F8A9B0C1.name}",
		"policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess",
	}})
	count(rule.deny) == 0 with input as app
}
