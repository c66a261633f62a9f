# Model helpers the rules share: Regions and roles of the environment,
# resource look-ups, tags, blocks, numbers, ARNs, Helm values, findings and parameters.
package warm_standby.lib

# ---------------------------------------------------------------------------------------------
# Parameters (data.params), with defaults.

param_defaults := {
	"min_standby_nodes": 1,
	"max_dns_detection_seconds": 180,
	"max_master_secret_rotation_days": 90,
}

params := object.union(param_defaults, _given_params)

_given_params := data.params if {
	is_object(data.params)
} else := {}

# The recovery-time objective (seconds) that applies to resource r: its stack's declared
# objectives.rto_seconds, else the smallest RTO any primary or standby stack declares (the
# replication stack declares none). Undefined when no stack declares a positive one.
rto_seconds_for(r) := rto if {
	rto := num(stacks[r.stack].objectives.rto_seconds)
	rto > 0
} else := min(_declared_rtos) if {
	count(_declared_rtos) > 0
}

_declared_rtos := {rto |
	some s in stacks
	s.role in {"primary", "standby"}
	rto := num(s.objectives.rto_seconds)
	rto > 0
}

# ---------------------------------------------------------------------------------------------
# Regions and roles.

# Region of the primary and standby stacks. Sorted so that a malformed input with two primaries
# in different Regions still yields one value instead of a conflict.
primary_region := sort(_role_regions("primary"))[0]

standby_region := sort(_role_regions("standby"))[0]

_role_regions(role) := [s.region |
	some s in stacks
	s.role == role
	is_string(s.region)
]

# Both Regions' stacks are present, so cross-Region rules can be decided.
complete if {
	primary_region != standby_region
}

# True when a stack with this role is present.
has_role(role) if {
	some s in stacks
	s.role == role
}

# The whole synthesized app is given (the replication stack included), so a rule may look for what
# one stack leaves to another; given a plan or a stack alone, it cannot.
whole_app if {
	input_kind == "cdktf_app"
	has_role("replication")
}

# Name of the (first) stack with this role.
role_stack_name(role) := sort([s.name |
	some s in stacks
	s.role == role
])[0]

# The two Regions of the environment, each with the stack that stands for it in findings about
# something missing from that Region.
regions := [
	{"role": "primary", "region": primary_region, "stack": role_stack_name("primary")},
	{"role": "standby", "region": standby_region, "stack": role_stack_name("standby")},
]

# ---------------------------------------------------------------------------------------------
# Mode: "failover" when any given stack declares failover: true in its warm_standby_stack output
# (the desired state after losing the primary Region, planned from the standby stack alone),
# else "normal". Rules declare the modes they apply in (custom.modes).

default failover := false

failover if {
	some s in stacks
	s.failover == true
}

mode := "failover" if {
	failover
} else := "normal"

# Stacks that describe the promoted standby (failover mode).
failover_stacks := [s |
	some s in stacks
	s.failover == true
	s.role == "standby"
]

# Failover stacks that hold the Region's AWS resources, and those that hold what runs in its cluster
# (a stack without a declared layer holds both).
failover_aws_stacks := [s |
	some s in failover_stacks
	s.layer in {"aws", "legacy"}
]

failover_kubernetes_stacks := [s |
	some s in failover_stacks
	s.layer in {"kubernetes", "legacy"}
]

# ---------------------------------------------------------------------------------------------
# Resources.

resources_of(rtype) := object.get(resources_by_type, rtype, [])

# Resources of a type managed in a Region (by any stack: the replication stack lives in the primary Region).
resources_in(rtype, region) := [r |
	some r in resources_of(rtype)
	r.region == region
]

# Resources of a type in stacks with this role.
resources_with_role(rtype, role) := [r |
	some r in resources_of(rtype)
	r.role == role
]

data_sources_of(rtype) := object.get(data_sources_by_type, rtype, [])

# Resource `target` is referenced by `r` (same stack, by address), optionally through one attribute.
references(r, target) if {
	r.stack == target.stack
	target.address in r.refs
}

references_via(r, attr, target) if {
	r.stack == target.stack
	target.address in object.get(r.attr_refs, attr, set())
}

# Every resource by [stack, address] (unique per stack), built once: joins look targets up here
# instead of pairing every resource of one type with every resource of another.
resource_at := {[r.stack, r.address]: r | some r in resources}

# Resources of type rtype that attribute attr of r references, in r's stack.
referenced(r, attr, rtype) := [t |
	some ref in object.get(r.attr_refs, attr, set())
	t := resource_at[[r.stack, ref]]
	t.type == rtype
]

# [stack, address] of the resources of type rtype that attribute attr of r points to: by reference
# in r's stack, or by a literal ARN naming one in the ARN's Region (named types below).
targets(r, attr, rtype) := {[t.stack, t.address] | some t in referenced(r, attr, rtype)} | {[t.stack, t.address] |
	arn := r.values[attr]
	arn_service(arn) == _named_arn_types[rtype]
	some t in _named_groups[[rtype, arn_region(arn), arn_last(arn)]]
}

# Types whose ARN ends with the resource's name attribute, with the ARN's service.
_named_arn_types := {"aws_sns_topic": "sns", "aws_sqs_queue": "sqs"}

_named_items := [{"key": [rtype, t.region, t.values.name], "r": t} |
	some rtype, _ in _named_arn_types
	some t in resources_of(rtype)
	is_literal(t.values.name)
]

# Resources by [type, Region, name] (a list: names may repeat across stacks). The comprehension closes
# over `key` only, so `opa eval` indexes it: one pass, not one per key.
_named_groups[key] := group if {
	some key in {item.key | some item in _named_items}
	group := [item.r | some item in _named_items; item.key == key]
}

# Value of a tag from tags (or tags_all, which includes provider default tags in plans).
tag(r, key) := r.values.tags[key] if {
	is_object(r.values.tags)
	is_string(r.values.tags[key])
} else := r.values.tags_all[key] if {
	is_object(r.values.tags_all)
	is_string(r.values.tags_all[key])
}

has_tag(r, key, value) if tag(r, key) == value

# The tag every warm-standby resource carries to name its component.
component_tag := "warm-standby/component"

is_component(r, component) if has_tag(r, component_tag, component)

# ---------------------------------------------------------------------------------------------
# Audit logs.

# Days an audit-class CloudWatch Logs group keeps its events at least: PCI DSS 10.5.1 keeps 12 months
# of audit log history; environments/validate.ts holds logging.retentionDays to the same minimum.
audit_log_min_retention_days := 365

# Days the audit log groups of a stack must keep events: the environment's logging.retentionDays as
# the stack declares it (audit_log_retention_days in its warm_standby_stack output; 0 = never expire),
# never less than audit_log_min_retention_days; that minimum when the stack declares none.
audit_retention_required(stack_name) := 0 if {
	stacks[stack_name].audit_log_retention_days == 0
} else := max({audit_log_min_retention_days, days}) if {
	days := num(stacks[stack_name].audit_log_retention_days)
} else := audit_log_min_retention_days

# The required retention in words, for findings.
audit_retention_wanted(stack_name) := "never to expire them (the environment's logging.retentionDays is 0)" if {
	audit_retention_required(stack_name) == 0
} else := sprintf("at least %d (PCI DSS 10.5.1, the environment's logging.retentionDays)", [audit_retention_required(stack_name)])

# Retention (days) of a log group that expires audit logs before its stack's required retention: set
# (0 never expires) and below it, or set at all when the environment keeps them forever. Undefined
# otherwise, and for values unknown until apply.
short_audit_retention(group) := days if {
	days := num(object.get(group.values, "retention_in_days", 0))
	days > 0
	_expires_too_early(days, audit_retention_required(group.stack))
}

_expires_too_early(_, 0)

_expires_too_early(days, required) if days < required

# ---------------------------------------------------------------------------------------------
# Values.

# Nested blocks as a list: cdktf renders single blocks as objects, plans render every block as a list.
blocks(obj, key) := obj[key] if {
	is_array(obj[key])
} else := [obj[key]] if {
	is_object(obj[key])
} else := []

as_list(x) := x if {
	is_array(x)
} else := [x] if {
	is_object(x)
} else := []

# First block (or {}).
block(obj, key) := blocks(obj, key)[0] if {
	count(blocks(obj, key)) > 0
} else := {}

# A number from a number or a numeric string; undefined for tokens and anything else.
num(x) := x if {
	is_number(x)
} else := to_number(x) if {
	is_string(x)
	regex.match(`^-?[0-9]+(\.[0-9]+)?$`, x)
}

# True for values known only at apply time: cdktf tokens ("${...}").
is_token(x) if {
	is_string(x)
	contains(x, "${")
}

# A literal, non-empty string (not a token).
is_literal(x) if {
	is_string(x)
	x != ""
	not is_token(x)
}

is_true(x) if x == true

is_true(x) if x == "true"

# ARN parts: arn:partition:service:region:account:resource...
arn_region(arn) := parts[3] if {
	is_literal(arn)
	startswith(arn, "arn:")
	parts := split(arn, ":")
	count(parts) >= 6
}

arn_service(arn) := parts[2] if {
	is_literal(arn)
	startswith(arn, "arn:")
	parts := split(arn, ":")
	count(parts) >= 6
}

# Last ":"-separated part (resource name of sqs/sns ARNs, "db:<id>" id of RDS ARNs).
arn_last(arn) := parts[count(parts) - 1] if {
	is_literal(arn)
	startswith(arn, "arn:")
	parts := split(arn, ":")
	count(parts) >= 6
}

# ---------------------------------------------------------------------------------------------
# Replication roles.

# An RDS instance that replicates from a source (literal ARN/identifier, or a reference).
is_db_replica(db) if is_literal(db.values.replicate_source_db)

is_db_replica(db) if is_token(db.values.replicate_source_db)

is_db_replica(db) if count(object.get(db.attr_refs, "replicate_source_db", set())) > 0

# An ElastiCache replication group that joins a Global Datastore as a secondary member.
is_cache_member(g) if is_literal(g.values.global_replication_group_id)

is_cache_member(g) if is_token(g.values.global_replication_group_id)

is_cache_member(g) if count(object.get(g.attr_refs, "global_replication_group_id", set())) > 0

# ---------------------------------------------------------------------------------------------
# EKS.

# Resource `r` (access entry, policy association, add-on, node group) belongs to `cluster`: its
# cluster_name references the cluster, or names it literally in the same stack (plans know it).
eks_cluster_of(r, cluster) if references_via(r, "cluster_name", cluster)

eks_cluster_of(r, cluster) if {
	r.stack == cluster.stack
	is_literal(r.values.cluster_name)
	r.values.cluster_name == cluster.values.name
}

# [stack, address] of the clusters `r` belongs to (as eks_cluster_of), by lookup: callers collect
# these keys once instead of pairing every resource with every cluster.
eks_cluster_keys(r) := {[c.stack, c.address] | some c in referenced(r, "cluster_name", "aws_eks_cluster")} | {[r.stack, address] |
	is_literal(r.values.cluster_name)
	some address in _eks_clusters_by_name[[r.stack, r.values.cluster_name]]
}

# Cluster addresses by [stack, literal name] (a list: a malformed input may repeat a name).
_eks_clusters_by_name[key] := addresses if {
	some key in {[c.stack, c.values.name] | some c in resources_of("aws_eks_cluster"); is_literal(c.values.name)}
	addresses := [c.address | some c in resources_of("aws_eks_cluster"); [c.stack, c.values.name] == key]
}

# ---------------------------------------------------------------------------------------------
# S3 replication.

# Destination bucket ARNs of enabled replication rules on a source bucket: configurations are
# indexed once by their source (literal bucket name or referenced bucket), then looked up per bucket.
s3_replica_destinations(bucket) := {destination |
	some source in [concat("", ["name:", bucket.values.bucket]), concat("", ["ref:", bucket.stack, "|", bucket.address])]
	some destination in _s3_destinations_by_source[source]
} | {destination |
	# Inline replication_configuration (deprecated in AWS provider 4+, still accepted).
	some config in blocks(bucket.values, "replication_configuration")
	some rule in blocks(config, "rules")
	object.get(rule, "status", "Enabled") == "Enabled"
	some dest in blocks(rule, "destination")
	destination := dest.bucket
}

# [source id, destination] of every enabled rule of every replication configuration; the source id
# is "name:<bucket>" for a literal bucket name, "ref:<stack>|<address>" for a referenced bucket.
_s3_destination_pairs := [[source, destination] |
	some config in resources_of("aws_s3_bucket_replication_configuration")
	some source in _s3_config_sources(config)
	some rule in blocks(config.values, "rule")
	object.get(rule, "status", "Enabled") == "Enabled"
	some dest in blocks(rule, "destination")
	destination := dest.bucket
]

_s3_config_sources(config) := {concat("", ["name:", config.values.bucket]) | is_literal(config.values.bucket)} | {concat("", ["ref:", b.stack, "|", b.address]) |
	some b in referenced(config, "bucket", "aws_s3_bucket")
}

_s3_destinations_by_source[source] := destinations if {
	some source in {pair[0] | some pair in _s3_destination_pairs}
	destinations := {d | some [s, d] in _s3_destination_pairs; s == source}
}

# ---------------------------------------------------------------------------------------------
# Helm / Velero.

is_velero(r) if {
	r.type == "helm_release"
	_chart_name(r.values.chart) == "velero"
}

_chart_name(chart) := parts[count(parts) - 1] if {
	is_string(chart)
	parts := split(chart, "/")
}

# Value of a `set` entry of a helm_release (helm provider 3.x: a list of {name, value, type?}).
helm_set(r, name) := entry.value if {
	some entry in as_list(object.get(r.values, "set", []))
	entry.name == name
}

# The YAML documents of a helm_release's `values` (a list of strings), parsed; tokens and invalid
# YAML are skipped. Helm merges them in order and `set` entries override them; rules read both.
helm_values_docs(r) := [doc |
	some text in as_list_of_strings(object.get(r.values, "values", []))
	not is_token(text)
	yaml.is_valid(text)
	doc := yaml.unmarshal(text)
	is_object(doc)
]

as_list_of_strings(x) := [s | some s in x; is_string(s)] if {
	is_array(x)
} else := []

# Value at a path (["schedules", "daily", "paused"]) in the release's values documents: the last
# document that has it wins, as in Helm.
helm_value(r, path) := values[count(values) - 1] if {
	values := [v |
		some doc in helm_values_docs(r)
		v := object.get(doc, path, null)
		v != null
	]
	count(values) > 0
}

# Effective values of `field` (dotted: "config.region") of the elements of the list at `list_path`
# (dotted: "configuration.backupStorageLocation"): a set entry "<list_path>[N].<field>" overrides
# element N of the list in the values documents, as in Helm (the last document's list wins whole).
helm_list_values(r, list_path, field) := {v |
	some n in _helm_list_indices(r, list_path)
	v := _helm_list_value(r, list_path, n, field)
}

_helm_list_indices(r, list_path) := {n |
	prefix := concat("", [list_path, "["])
	some entry in as_list(object.get(r.values, "set", []))
	is_string(entry.name)
	startswith(entry.name, prefix)
	rest := substring(entry.name, count(prefix), -1)
	digits := substring(rest, 0, indexof(rest, "]"))
	regex.match(`^[0-9]{1,4}$`, digits)
	n := to_number(digits)
} | {n |
	some n, _ in as_list(helm_value(r, split(list_path, ".")))
}

_helm_list_value(r, list_path, n, field) := v if {
	v := helm_set(r, sprintf("%s[%d].%s", [list_path, n, field]))
} else := v if {
	list := as_list(helm_value(r, split(list_path, ".")))
	v := object.get(list[n], split(field, "."), null)
	v != null
}

# Buckets and Regions of Velero's backup storage locations.
velero_buckets(r) := {b | some b in helm_list_values(r, "configuration.backupStorageLocation", "bucket"); is_string(b)}

velero_regions(r) := {g | some g in helm_list_values(r, "configuration.backupStorageLocation", "config.region"); is_string(g)}

# ---------------------------------------------------------------------------------------------
# Findings.

# A finding about a resource.
finding(r, message) := {
	"address": r.address,
	"stack": r.stack,
	"region": r.region,
	"path": r.path,
	"message": message,
}

# A finding about a stack (something missing, or the stack's own settings).
stack_finding(stack_name, address, message) := {
	"address": address,
	"stack": stack_name,
	"region": object.get(object.get(stacks, stack_name, {}), "region", null),
	"path": null,
	"message": message,
}

# ---------------------------------------------------------------------------------------------
# Rule metadata: flattens the package annotation returned by rego.metadata.chain().

default_inputs := ["cdktf_app", "plan", "hcp"]

# Rules that do not say apply in both modes: a rule that forgot to declare its modes fails loudly
# in failover mode rather than being marked not applicable there.
default_modes := ["normal", "failover"]

rule_metadata(chain) := md if {
	some entry in chain
	entry.annotations.scope == "package"
	a := entry.annotations
	c := a.custom
	md := {
		"id": c.id,
		"title": a.title,
		"description": a.description,
		"severity": c.severity,
		"enforcement": c.enforcement,
		"recommended_action": c.recommended_action,
		"scope": c.scope,
		"inputs": object.get(c, "inputs", default_inputs),
		"inputs_reason": object.get(c, "inputs_reason", null),
		"roles": object.get(c, "roles", []),
		"modes": object.get(c, "modes", default_modes),
		"mode_reason": object.get(c, "mode_reason", null),
		"needs_objectives": object.get(c, "needs_objectives", false) == true,
		"layers": object.get(c, "layers", []),
	}
}

# ---------------------------------------------------------------------------------------------
# S3 server access logs.

# [stack, address] of the aws_s3_bucket that attribute attr (bucket or target_bucket) of an
# aws_s3_bucket_logging names: by reference, or by a literal bucket name in the same stack.
s3_logging_buckets(logging, attr) := {[t.stack, t.address] | some t in referenced(logging, attr, "aws_s3_bucket")} | {[b.stack, b.address] |
	name := logging.values[attr]
	is_literal(name)
	some b in resources_of("aws_s3_bucket")
	b.stack == logging.stack
	b.values.bucket == name
}

# A bucket that receives S3 server access logs: tagged so, or the target of another bucket's logging
# configuration (a bucket logging into itself is a loop, not a log bucket).
is_access_log_bucket(b) if is_component(b, "s3-access-logs")

is_access_log_bucket(b) if [b.stack, b.address] in _access_log_targets

_access_log_targets contains key if {
	some logging in resources_of("aws_s3_bucket_logging")
	some key in s3_logging_buckets(logging, "target_bucket")
	not key in s3_logging_buckets(logging, "bucket")
}
