# METADATA
# title: Replication role may use the KMS keys of encrypted replicas
# description: |
#   A replication rule that writes KMS-encrypted replicas (destination encryption_configuration
#   replica_kms_key_id) silently fails object by object (replication status FAILED) unless its IAM
#   role may use the keys through S3. On the destination key the role needs kms:Encrypt and
#   kms:GenerateDataKey, and, when the destination bucket uses an S3 Bucket Key (assumed unless its
#   encryption configuration is in the input and says otherwise), kms:Decrypt, with an encryption
#   context that admits the bucket ARN. On the source side, when the rule selects SSE-KMS objects
#   (source_selection_criteria sse_kms_encrypted_objects), the role needs kms:Decrypt on a key of
#   the source Region. A grant counts when it is an Allow statement of the role's policies (inline
#   aws_iam_role_policy or inline_policy, or an aws_iam_policy attached in the same stack) whose
#   Action covers the action, whose Resource covers the key (a key named by alias ARN is matched by
#   the key ARNs of its Region and account: IAM matches key ARNs only), and whose kms:ViaService
#   and kms:EncryptionContext:aws:s3:arn conditions, if any, admit S3 in the key's Region and the
#   bucket ARN. The replication stack holds both the role and the configuration, so the rule is
#   stack-local; a role whose policies cannot be read (a token, or a managed policy attached by ARN)
#   is not judged.
# custom:
#   id: WS-BAK-005
#   severity: CRITICAL
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: "Allow the replication role kms:Encrypt, kms:GenerateDataKey and kms:Decrypt on the destination key and kms:Decrypt on the source key, with kms:ViaService s3.<key Region>.amazonaws.com and kms:EncryptionContext:aws:s3:arn admitting the bucket ARN (S3 Bucket Keys) and its objects."
package warm_standby.rules.backup.replication_role_kms

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

# Destination key of a replication configuration.
deny contains finding if {
	some config in lib.resources_of("aws_s3_bucket_replication_configuration")
	statements := _role_statements[[config.stack, config.address]]
	some rule in lib.blocks(config.values, "rule")
	object.get(rule, "status", "Enabled") == "Enabled"
	some destination in lib.blocks(rule, "destination")
	some encryption in lib.blocks(destination, "encryption_configuration")
	key := encryption.replica_kms_key_id
	region := lib.arn_region(key)
	bucket := _bucket_arn(destination.bucket)
	missing := [action |
		some action in _destination_actions(bucket)
		not _granted(statements, action, key, region, _contexts(bucket))
	]
	count(missing) > 0
	finding := lib.finding(config, sprintf(
		"%s: the replication role may not %s on the destination key %s (through s3.%s.amazonaws.com, encryption context %s): every replica ends FAILED",
		[config.address, concat(", ", missing), key, region, bucket],
	))
}

# Source key: SSE-KMS source objects are read (decrypted) as the role.
deny contains finding if {
	some config in lib.resources_of("aws_s3_bucket_replication_configuration")
	statements := _role_statements[[config.stack, config.address]]
	some rule in lib.blocks(config.values, "rule")
	object.get(rule, "status", "Enabled") == "Enabled"
	_selects_sse_kms(rule)
	bucket := _bucket_arn(_source_bucket_name(config))
	region := config.region
	not _granted_in_region(statements, "kms:Decrypt", region, _contexts(bucket))
	finding := lib.finding(config, sprintf(
		"%s: the replication role may not kms:Decrypt with a key of the source Region %s (through s3.%s.amazonaws.com, encryption context %s): SSE-KMS source objects are never replicated",
		[config.address, region, region, bucket],
	))
}

_selects_sse_kms(rule) if {
	some criteria in lib.blocks(rule, "source_selection_criteria")
	some sse in lib.blocks(criteria, "sse_kms_encrypted_objects")
	sse.status == "Enabled"
}

_destination_actions(bucket) := ["kms:Encrypt", "kms:GenerateDataKey"] if {
	_bucket_key_disabled(bucket)
} else := ["kms:Encrypt", "kms:GenerateDataKey", "kms:Decrypt"]

# Encryption contexts S3 uses for a bucket: the bucket ARN with a bucket key, else an object ARN.
_contexts(bucket) := [concat("/", [bucket, "object"])] if {
	_bucket_key_disabled(bucket)
} else := [bucket]

_bucket_arn(x) := x if {
	startswith(x, "arn:")
} else := concat("", ["arn:aws:s3:::", x]) if {
	lib.is_literal(x)
}

_source_bucket_name(config) := config.values.bucket if {
	lib.is_literal(config.values.bucket)
} else := name if {
	some ref in object.get(config.attr_refs, "bucket", set())
	b := _resource_by_address[[config.stack, ref]]
	name := b.values.bucket
	lib.is_literal(name)
}

# ---------------------------------------------------------------------------------------------
# Indexes, computed once.

_resource_by_address := {[r.stack, r.address]: r |
	some rtype in ["aws_s3_bucket", "aws_iam_role", "aws_iam_policy"]
	some r in lib.resources_of(rtype)
}

# Bucket ARNs whose default encryption has bucket keys off (every rule), when the input shows it.
_bucket_key_off_arns contains arn if {
	some sse in lib.resources_of("aws_s3_bucket_server_side_encryption_configuration")
	name := _sse_bucket_name(sse)
	every rule in lib.blocks(sse.values, "rule") {
		not lib.is_true(object.get(rule, "bucket_key_enabled", false))
	}
	arn := concat("", ["arn:aws:s3:::", name])
}

_bucket_key_disabled(bucket) if bucket in _bucket_key_off_arns

_sse_bucket_name(sse) := sse.values.bucket if {
	lib.is_literal(sse.values.bucket)
} else := name if {
	some ref in object.get(sse.attr_refs, "bucket", set())
	name := _resource_by_address[[sse.stack, ref]].values.bucket
}

# The role of each replication configuration: referenced in its stack, or named by a literal ARN.
_config_role := {[config.stack, config.address]: role |
	some config in lib.resources_of("aws_s3_bucket_replication_configuration")
	role := _role_of(config)
}

_role_of(config) := role if {
	some ref in object.get(config.attr_refs, "role", set())
	role := _resource_by_address[[config.stack, ref]]
	role.type == "aws_iam_role"
} else := role if {
	arn := config.values.role
	lib.is_literal(arn)
	segments := split(arn, "/")
	some address in _role_addresses_by_name[[config.stack, segments[count(segments) - 1]]]
	role := _resource_by_address[[config.stack, address]]
}

# Role addresses by [stack, literal name] (a list: a malformed input may repeat a name).
_role_addresses_by_name[key] := addresses if {
	some key in {[r.stack, r.values.name] | some r in lib.resources_of("aws_iam_role"); lib.is_literal(r.values.name)}
	addresses := [r.address |
		some r in lib.resources_of("aws_iam_role")
		[r.stack, r.values.name] == key
	]
}

# [stack, role address] of the roles an attached item (role policy, policy attachment) names:
# a reference to the role, or its literal name in the same stack.
_attached_roles(p) := {[p.stack, ref] |
	some ref in object.get(p.attr_refs, "role", set())
	_resource_by_address[[p.stack, ref]].type == "aws_iam_role"
} | {[p.stack, address] |
	lib.is_literal(p.values.role)
	some address in _role_addresses_by_name[[p.stack, p.values.role]]
}

# Only the roles of replication configurations are judged: everything below is keyed by them.
_judged_roles := {[role.stack, role.address] | some role in _config_role}

# [role key, policy document] for every inline role policy and attached managed policy of a judged
# role: one pass over each policy type, each item resolving its role by lookup.
_role_document_pairs := array.concat(
	[[key, p.values.policy] |
		some p in lib.resources_of("aws_iam_role_policy")
		some key in _attached_roles(p)
		key in _judged_roles
	],
	[[key, policy.values.policy] |
		some attachment in lib.resources_of("aws_iam_role_policy_attachment")
		some key in _attached_roles(attachment)
		key in _judged_roles
		some ref in object.get(attachment.attr_refs, "policy_arn", set())
		policy := _resource_by_address[[attachment.stack, ref]]
		policy.type == "aws_iam_policy"
	],
)

# Attachments whose policy is not an aws_iam_policy of the input, by role key.
_unknown_attachment_roles := {key |
	some attachment in lib.resources_of("aws_iam_role_policy_attachment")
	some key in _attached_roles(attachment)
	key in _judged_roles
	not _attached_policy_known(attachment)
}

# Policy documents (strings) of each judged role: [stack, role address] -> list.
_role_documents[key] := docs if {
	some key in _judged_roles
	role := _resource_by_address[key]
	attached := [doc | some [k, doc] in _role_document_pairs; k == key]
	blocks := [b.policy | some b in lib.blocks(role.values, "inline_policy"); is_string(b.policy)]
	docs := array.concat(attached, blocks)
}

# A role is judged only when every policy it has can be read.
_unreadable(key) if {
	some doc in _role_documents[key]
	not _parsed(doc)
}

_unreadable(key) if key in _unknown_attachment_roles

_unreadable(key) if count(object.get(_resource_by_address[key].values, "managed_policy_arns", [])) > 0

_attached_policy_known(attachment) if {
	some ref in object.get(attachment.attr_refs, "policy_arn", set())
	_resource_by_address[[attachment.stack, ref]].type == "aws_iam_policy"
}

_parsed(doc) if {
	is_string(doc)
	json.is_valid(doc)
}

# Statements of the role of each replication configuration, normalised, by effect.
_role_statements[key] := {"allow": _statements(docs, "Allow"), "deny": _statements(docs, "Deny")} if {
	some key, role in _config_role
	role_key := [role.stack, role.address]
	not _unreadable(role_key)
	docs := _role_documents[role_key]
}

_statements(docs, effect) := [s |
	some doc in docs
	some raw in lib.as_list(json.unmarshal(doc).Statement)
	is_object(raw)
	raw.Effect == effect
	s := {
		"actions": [lower(a) | some a in _strings(object.get(raw, "Action", []))],
		"resources": _strings(object.get(raw, "Resource", [])),
		"condition": _condition(raw),
	}
]

_condition(raw) := raw.Condition if {
	is_object(raw.Condition)
} else := {}

_strings(x) := [x] if {
	is_string(x)
} else := [s | some s in x; is_string(s)] if {
	is_array(x)
} else := []

# ---------------------------------------------------------------------------------------------
# Statement matching.

# Allowed by some Allow statement and denied by no Deny statement (an explicit deny always wins).
_granted(statements, action, key, region, contexts) if {
	some s in statements.allow
	_allows_action(s, action)
	_covers_key(s, key, region)
	_conditions_admit(s, region, contexts)
	_aliases_admit(s, key)
	not _denied(statements, action, key, region, contexts)
}

_granted_in_region(statements, action, region, contexts) if {
	some s in statements.allow
	_allows_action(s, action)
	some resource in s.resources
	_resource_in_region(resource, region)
	_conditions_admit(s, region, contexts)
	not _denied_in_region(statements, action, region, contexts)
}

# A Deny statement applies unless its conditions are ones the rule can evaluate and they exclude the
# call: a condition on anything else may hold at request time, so it is taken to apply.
_denied(statements, action, key, region, contexts) if {
	some s in statements.deny
	_allows_action(s, action)
	_covers_key(s, key, region)
	_deny_may_apply(s, region, contexts)
}

_denied_in_region(statements, action, region, contexts) if {
	some s in statements.deny
	_allows_action(s, action)
	some resource in s.resources
	_resource_in_region(resource, region)
	_deny_may_apply(s, region, contexts)
}

_deny_may_apply(s, _, _) if {
	some _, entries in s.condition
	some k, _ in entries
	not lower(k) in {"kms:viaservice", "kms:encryptioncontext:aws:s3:arn"}
}

_deny_may_apply(s, region, contexts) if _conditions_admit(s, region, contexts)

# kms:ResourceAliases narrows a statement to keys with one of the listed aliases. The rule knows a
# key's alias only when the key is named by its alias ARN; a key named by key ARN with such a
# condition is not proven granted.
_aliases_admit(s, _) if not _constrains(s.condition, "kms:resourcealiases")

_aliases_admit(s, key) if {
	_constrains(s.condition, "kms:resourcealiases")
	contains(key, ":alias/")
	alias := substring(key, indexof(key, ":alias/") + 1, -1)
	every operator, entries in s.condition {
		_operator_admits(operator, entries, "kms:resourcealiases", alias)
	}
}

_allows_action(s, action) if {
	some pattern in s.actions
	lib.iam_like(pattern, lower(action))
}

_covers_key(s, key, _) if {
	some resource in s.resources
	_resource_covers(resource, key)
}

_resource_covers("*", _)

_resource_covers(resource, _) if lib.is_token(resource)

_resource_covers(resource, key) if {
	not contains(key, ":alias/")
	lib.iam_like(resource, key)
}

# IAM matches KMS requests against key ARNs: a key known by alias is covered by the key ARNs
# (key/... patterns) of the alias's Region and account.
_resource_covers(resource, key) if {
	contains(key, ":alias/")
	prefix := substring(key, 0, indexof(key, ":alias/"))
	startswith(resource, concat("", [prefix, ":key/"]))
}

_resource_in_region("*", _)

_resource_in_region(resource, _) if lib.is_token(resource)

_resource_in_region(resource, region) if {
	lib.arn_service(resource) == "kms"
	lib.arn_region(resource) in {region, "*"}
}

# kms:ViaService and kms:EncryptionContext:aws:s3:arn, under any operator, must admit the call.
_conditions_admit(s, region, contexts) if {
	_admits(s.condition, "kms:viaservice", [concat("", ["s3.", region, ".amazonaws.com"])])
	_admits(s.condition, "kms:encryptioncontext:aws:s3:arn", contexts)
}

_admits(condition, key, _) if {
	not _constrains(condition, key)
}

_admits(condition, key, values) if {
	some value in values
	every operator, entries in condition {
		_operator_admits(operator, entries, key, value)
	}
}

_constrains(condition, key) if {
	some _, entries in condition
	some k, _ in entries
	lower(k) == key
}

_operator_admits(_, entries, key, _) if {
	not _entries_have(entries, key)
}

_operator_admits(operator, entries, key, value) if {
	not _negated(operator)
	some k, v in entries
	lower(k) == key
	some pattern in _strings(v)
	_matches(operator, pattern, value)
}

# StringNotLike, StringNotEquals, ArnNotLike...: admits a value that matches none of the patterns.
_operator_admits(operator, entries, key, value) if {
	_negated(operator)
	some k, v in entries
	lower(k) == key
	every pattern in _strings(v) {
		not _matches(operator, pattern, value)
	}
}

_negated(operator) if contains(lower(operator), "not")

_entries_have(entries, key) if {
	some k, _ in entries
	lower(k) == key
}

_matches(operator, pattern, value) if {
	contains(lower(operator), "like")
	lib.iam_like(pattern, value)
}

_matches(operator, pattern, value) if {
	not contains(lower(operator), "like")
	pattern == value
}
