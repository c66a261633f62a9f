# METADATA
# title: Resources of the same stack are referenced, not named by a rebuilt ARN
# description: |
#   An attribute that holds a literal ARN of a resource managed in the same stack (an SNS topic, an
#   SQS queue, an S3 bucket, an IAM role, a KMS alias, a Lambda function, a Redshift cluster, an RDS
#   instance, an OpenSearch domain), for example a subscription's topic_arn or an ARN inside a
#   policy document, hides the dependency from Terraform: it may create the referring resource
#   before the resource it names, and fail or grant access to nothing. Within a stack, reference the
#   resource (its arn attribute) instead. Resources of another stack or Region are named by their
#   deterministic ARNs by design, and a resource naming itself (a domain's access policy) cannot
#   refer to itself. A literal ARN is accepted where the holder also depends on (depends_on, or any
#   reference to) the named resource, or the named resource on the holder (a log resource policy whose
#   aws:SourceArn condition names the domain that must wait for it): the order is then explicit. The ARN's service, Region (none
#   for S3 and IAM) and resource name are matched against the literal names of the same stack's
#   resources, indexed once.
# custom:
#   id: WS-REF-001
#   severity: MEDIUM
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   inputs: [cdktf_app]
#   inputs_reason: needs the synthesized cdktf app; a plan resolves references to their values, so a referenced ARN and a rebuilt one look alike
#   recommended_action: Replace the literal ARN with a reference to the resource in the same stack (e.g. FeedTopic.ref, PayloadBucket.ref, RegionalFeed.loaderRoleArn, DataStoreKeys.key(...), or the resource's arn attribute), or add depends_on on it where the literal must stay (stacks/dependencies.ts dependOn); keep deterministic ARNs for resources of another stack.
package warm_standby.rules.refs.same_stack_arn

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some r in lib.resources
	some attr, value in r.values
	attr != "provider"
	some [arn, kind, region, name] in _same_stack_arns(r, value)

	# A depends_on on (or any reference to) the named resource already makes the order explicit, and
	# so does one from the named resource on the holder. Both are set lookups: finding the named
	# resource scans its type, so it is done only for a finding.
	not _ordered_pairs[[r.stack, r.address, _key(r.stack, kind, region, name)]]
	target := _target(r.stack, kind, region, name)
	finding := lib.finding(r, sprintf(
		"%s: attribute %s holds the literal ARN %s of %s, managed in the same stack %s; reference %s (e.g. its arn attribute) so Terraform orders the two",
		[r.address, attr, arn, target, r.stack, target],
	))
}

# Resource types whose literal name an ARN carries: [ARN kind, attribute holding the name].
_named_types := {
	"aws_sns_topic": ["sns", "name"],
	"aws_sqs_queue": ["sqs", "name"],
	"aws_s3_bucket": ["s3", "bucket"],
	"aws_iam_role": ["iam-role", "name"],
	"aws_kms_alias": ["kms-alias", "name"],
	"aws_lambda_function": ["lambda-function", "function_name"],
	"aws_redshift_cluster": ["redshift-cluster", "cluster_identifier"],
	"aws_db_instance": ["rds-db", "identifier"],
	"aws_opensearch_domain": ["es-domain", "domain_name"],
}

# ARN kinds whose names are global: their ARNs carry no Region.
_global_kinds := {"s3", "iam-role"}

_scope_region(kind, _) := "" if kind in _global_kinds

_scope_region(kind, region) := region if not kind in _global_kinds

_key(stack, kind, region, name) := concat("|", [stack, kind, region, name])

# [stack, address, name key]: the resource at address references or depends on a resource with
# that name key, a resource with that name key references or depends on it, or it is that
# resource. A complete set, read by key: `opa eval` computes it once (a partial set read by key
# runs its body again for every lookup), and the wasm runtime hashes the key (`in` scans the set).
_ordered_pairs := (_referenced_by_named | _named_self) | _referencing_named

_referenced_by_named := {[stack, ref, key] |
	some [stack, address], key in _name_key_at
	some ref in lib.resource_at[[stack, address]].refs
}

# A resource naming itself (a domain's access policy on its own ARN) needs no order.
_named_self := {[stack, address, key] | some [stack, address], key in _name_key_at}

_referencing_named := {[r.stack, r.address, key] |
	some r in lib.resources
	some ref in r.refs
	key := _name_key_at[[r.stack, ref]]
}

# [stack, address] -> name key of every resource an ARN can name (one per resource: a type has one
# name attribute), built once.
_name_key_at := {[t.stack, t.address]: _key(t.stack, spec[0], _scope_region(spec[0], _string_or_empty(t.region)), name) |
	some rtype, spec in _named_types
	some t in lib.resources_of(rtype)
	name := t.values[spec[1]]
	lib.is_literal(name)
}

# Every literal name of a resource that ARNs can name, keyed by stack, kind, Region and name:
# computed once, so each ARN found is one set lookup.
_named_keys := {key | some key in _name_key_at}

_string_or_empty(x) := x if is_string(x)

_string_or_empty(x) := "" if not is_string(x)

# [ARN, kind, Region, name] of every literal ARN anywhere inside an attribute value (policy documents
# included) that names a resource of the resource's stack: one set lookup per ARN found.
_same_stack_arns(r, value) := {[arn, kind, region, name] |
	walk(value, [_, text])
	is_string(text)
	contains(text, "arn:")

	# find_all_string_submatch_n, not find_n: the wasm runtime implements only the former natively.
	some match in regex.find_all_string_submatch_n(`arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:[0-9a-z-]*:[^"'\s,\]\}\$]+`, text, -1)
	arn := match[0]
	[kind, region, name] := _arn_name(arn)
	_named_keys[_key(r.stack, kind, region, name)]
}

# [kind, Region ("" for global kinds), resource name] of an ARN, for the kinds above.
_arn_name(arn) := [kind, region, name] if {
	parts := split(arn, ":")
	resource := concat(":", array.slice(parts, 5, count(parts)))
	[kind, name] := _kind_and_name(parts[2], resource)
	region := _scope_region(kind, parts[3])
}

_kind_and_name("sns", resource) := ["sns", resource] if not contains(resource, ":")

_kind_and_name("sqs", resource) := ["sqs", resource]

_kind_and_name("s3", resource) := ["s3", split(resource, "/")[0]]

_kind_and_name("iam", resource) := ["iam-role", segments[count(segments) - 1]] if {
	startswith(resource, "role/")
	segments := split(resource, "/")
}

_kind_and_name("kms", resource) := ["kms-alias", resource] if startswith(resource, "alias/")

_kind_and_name("lambda", resource) := ["lambda-function", split(resource, ":")[1]] if startswith(resource, "function:")

_kind_and_name("redshift", resource) := ["redshift-cluster", split(resource, ":")[1]] if startswith(resource, "cluster:")

_kind_and_name("rds", resource) := ["rds-db", split(resource, ":")[1]] if startswith(resource, "db:")

_kind_and_name("es", resource) := ["es-domain", split(resource, "/")[1]] if startswith(resource, "domain/")

# Address of the named resource; looked up only for a finding, over one resource type.
_target(stack, kind, region, name) := sort([r.address |
	some rtype, spec in _named_types
	spec[0] == kind
	some r in lib.resources_of(rtype)
	r.stack == stack
	r.values[spec[1]] == name
	_scope_region(kind, _string_or_empty(r.region)) == region
])[0]
