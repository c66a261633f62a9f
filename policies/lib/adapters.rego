# METADATA
# title: Input adapters
# description: |
#   Normalise the three inputs the gate accepts into one model:
#   (a) the synthesized cdktf app, wrapped by the TypeScript gate as
#   {"kind": "cdktf_app", "stacks": [{"name", "file", "config": <cdk.tf.json>}]};
#   (b) raw `terraform show -json` plan output (one stack);
#   (c) the HCP Terraform policy input {"plan": <plan JSON>, "run": {...}} (one stack).
package warm_standby.lib

# Kind of the input document: "cdktf_app", "plan", "hcp" or "unknown".
input_kind := "cdktf_app" if {
	input.kind == "cdktf_app"
	is_array(input.stacks)
} else := "plan" if {
	# Several plans evaluated together (the gate given the plans of one environment's stacks):
	# {"kind": "plan_set", "plans": [{"plan": <plan JSON>, "file"?}]}. Cross-Region rules see them all.
	input.kind == "plan_set"
	is_array(input.plans)
	count(input.plans) > 0
	every p in input.plans {
		_is_plan(p.plan)
	}
} else := "hcp" if {
	_is_plan(input.plan)
} else := "plan" if {
	_is_plan(input)
} else := "unknown"

_is_plan(doc) if {
	is_string(doc.format_version)
	is_object(doc.planned_values)
}

_is_plan(doc) if {
	is_string(doc.format_version)
	is_object(doc.configuration)
}

# One entry per stack: {name, file, format ("cdktf" | "plan"), doc (cdk.tf.json or plan JSON)}.
_stack_docs := [d |
	some s in input.stacks
	d := {"name": s.name, "file": object.get(s, "file", null), "format": "cdktf", "doc": s.config}
] if {
	input_kind == "cdktf_app"
} else := [{"name": _plan_set_name(i), "file": object.get(p, "file", null), "format": "plan", "doc": p.plan} |
	some i, p in input.plans
] if {
	input_kind == "plan"
	input.kind == "plan_set"
} else := [{"name": _plan_stack_name(input, null), "file": null, "format": "plan", "doc": input}] if {
	input_kind == "plan"
} else := [{"name": _plan_stack_name(input.plan, input.run), "file": null, "format": "plan", "doc": input.plan}] if {
	input_kind == "hcp"
} else := []

# Stack name of plan i of a plan set; a name an earlier plan already has gets "#<i>" (stacks are
# keyed by name, and two plans of one stack must not collide).
_plan_set_name(i) := name if {
	name := _plan_stack_name(input.plans[i].plan, null)
	count([j | some j, q in input.plans; j < i; _plan_stack_name(q.plan, null) == name]) == 0
} else := sprintf("%s#%d", [_plan_stack_name(input.plans[i].plan, null), i])

# A plan has no stack name of its own: HCP gives the workspace; otherwise the stack name the metadata
# declares, or "<environment>-<role>" for stacks that predate it.
_plan_stack_name(doc, run) := run.workspace.name if {
	is_string(run.workspace.name)
} else := name if {
	name := _plan_metadata(doc).stack
	is_string(name)
} else := name if {
	meta := _plan_metadata(doc)
	name := concat("-", [meta.environment, meta.role])
} else := "plan"

# ---------------------------------------------------------------------------------------------
# Stack metadata: output warm_standby_stack.

_metadata(d) := m if {
	d.format == "cdktf"
	m := d.doc.output.warm_standby_stack.value
	is_object(m)
} else := m if {
	d.format == "plan"
	m := _plan_metadata(d.doc)
} else := null

_plan_metadata(doc) := m if {
	m := doc.planned_values.outputs.warm_standby_stack.value
	is_object(m)
} else := m if {
	m := doc.configuration.root_module.outputs.warm_standby_stack.expression.constant_value
	is_object(m)
}

# Stacks by name: {name, file, format, metadata_declared, role, layer, region, peer_region, environment,
# failover, objectives, primary_desired_nodes, db_multi_az, audit_log_retention_days, global_datastore_region,
# backend}. role is "unknown" when the stack declares no metadata output.
# layer is "aws" (a Region's AWS resources), "kubernetes" (what talks to that Region's cluster API) or
# "legacy" for stacks that declare none (one stack holds both).
stacks[d.name] := s if {
	some d in _stack_docs
	meta := _metadata(d)
	s := {
		"name": d.name,
		"file": d.file,
		"format": d.format,
		"metadata_declared": meta != null,
		"role": _meta_field(meta, "role", "unknown"),
		"layer": _meta_field(meta, "layer", "legacy"),
		"region": _stack_region(d, meta),
		"peer_region": _meta_field(meta, "peer_region", null),
		"environment": _meta_field(meta, "environment", null),
		"failover": _meta_field(meta, "failover", false),
		"objectives": _meta_field(meta, "objectives", null),
		"primary_desired_nodes": _meta_field(meta, "primary_desired_nodes", null),
		"db_multi_az": _meta_field(meta, "db_multi_az", null),
		"audit_log_retention_days": _meta_field(meta, "audit_log_retention_days", null),
		"global_datastore_region": _meta_field(meta, "global_datastore_region", null),
		"backend": _backend(d),
	}
}

_meta_field(meta, key, default_value) := object.get(meta, key, default_value) if is_object(meta)

_meta_field(meta, _, default_value) := default_value if meta == null

_stack_region(d, meta) := meta.region if {
	is_string(meta.region)
} else := region if {
	some p in _docs_providers
	p.stack == d.name
	p.type == "aws"
	p.alias == null
	region := p.region
	is_string(region)
} else := null

# ---------------------------------------------------------------------------------------------
# Backend (cdktf only: a plan carries no backend configuration).

_backend(d) := b if {
	d.format == "cdktf"
	c := d.doc.terraform.cloud
	b := {
		"type": "cloud",
		"region": null,
		"bucket": null,
		"key": null,
		"lock_table": null,
		"use_lockfile": false,
		"organization": object.get(c, "organization", null),
		"hostname": object.get(c, "hostname", "app.terraform.io"),
		"workspace": object.get(object.get(c, "workspaces", {}), "name", null),
	}
} else := b if {
	d.format == "cdktf"
	some btype, c in d.doc.terraform.backend
	b := {
		"type": btype,
		"region": object.get(c, "region", null),
		"bucket": object.get(c, "bucket", null),
		"key": object.get(c, "key", null),
		"lock_table": object.get(c, "dynamodb_table", null),
		"use_lockfile": object.get(c, "use_lockfile", false) == true,
		"organization": object.get(c, "organization", null),
		"hostname": object.get(c, "hostname", null),
		"workspace": object.get(object.get(c, "workspaces", {}), "name", null),
	}
} else := null

# ---------------------------------------------------------------------------------------------
# Providers: {stack, type, alias, key, region}. key is how resources name the provider ("aws", "aws.west").

providers contains p if {
	some p in _docs_providers
}

_docs_providers contains p if {
	some d in _stack_docs
	d.format == "cdktf"
	some ptype, configs in d.doc.provider
	some c in as_list(configs)
	alias := object.get(c, "alias", null)
	p := {
		"stack": d.name,
		"type": ptype,
		"alias": alias,
		"key": _provider_key(ptype, alias),
		"region": object.get(c, "region", null),
	}
}

_docs_providers contains p if {
	some d in _stack_docs
	d.format == "plan"
	some key, c in d.doc.configuration.provider_config
	p := {
		"stack": d.name,
		"type": c.name,
		"alias": object.get(c, "alias", null),
		"key": key,
		"region": _plan_provider_region(c),
	}
}

# AWS provider blocks of synthesized stacks with all their arguments: {stack, key, region, config}.
# Plans are left out: a plan's provider_config may be the offline plan harness's rewrite (placeholder
# credentials and skips), not the configuration that is deployed.
aws_provider_configs contains p if {
	some d in _stack_docs
	d.format == "cdktf"
	some c in as_list(object.get(object.get(d.doc, "provider", {}), "aws", []))
	alias := object.get(c, "alias", null)
	p := {"stack": d.name, "key": _provider_key("aws", alias), "region": object.get(c, "region", null), "config": c}
}

_plan_provider_region(c) := c.expressions.region.constant_value if {
	is_string(c.expressions.region.constant_value)
} else := null

_provider_key(ptype, null) := ptype

_provider_key(ptype, alias) := concat(".", [ptype, alias]) if alias != null

# Region a resource is managed in: its provider's Region when it names an aliased provider with a
# known Region, else its stack's Region.
_resource_region(stack_name, provider_key) := region if {
	provider_key != null
	some p in _docs_providers
	p.stack == stack_name
	p.key == provider_key
	region := p.region
	is_string(region)
} else := stacks[stack_name].region

# ---------------------------------------------------------------------------------------------
# Resources and data sources: {stack, region, role, mode, type, name, address, values, path,
# provider, refs, attr_refs}. refs is the set of addresses ("type.name", "data.type.name") the
# resource references in its own stack; attr_refs maps each top-level attribute to its references.

# Resources are kept in arrays grouped by "<mode> <type>", never in sets: a set hashes and compares
# whole resource objects, which dominates evaluation at tens of thousands of resources.
resources := [r |
	some key, group in _items_by_key
	startswith(key, "managed ")
	some r in group
]

data_sources := [r |
	some key, group in _items_by_key
	startswith(key, "data ")
	some r in group
]

# Resources and data sources by type, built once; rules look types up here instead of scanning.
resources_by_type := {substring(key, 8, -1): group |
	some key, group in _items_by_key
	startswith(key, "managed ")
}

data_sources_by_type := {substring(key, 5, -1): group |
	some key, group in _items_by_key
	startswith(key, "data ")
}

_items_by_key := {key: array.concat(object.get(_cdktf_groups, key, []), object.get(_plan_groups, key, [])) |
	some key in _group_keys
}

_group_keys := {key | some key, _ in _cdktf_groups} | {item.group | some item in _plan_list}

# Plan resources and data sources grouped by "<mode> <type>". The comprehension closes over `key`
# only, so `opa eval` indexes it (one pass over the plan, not one per type).
_plan_groups[key] := group if {
	some key in {item.group | some item in _plan_list}
	group := [item.r | some item in _plan_list; item.group == key]
}

_plan_list := array.concat(
	[{"group": concat(" ", ["managed", r.type]), "r": r} | some r in _plan_resources],
	[{"group": concat(" ", ["data", r.type]), "r": r} | some r in _plan_data_sources],
)

# cdktf resources and data sources grouped by "<mode> <type>": each group reads only its own type's
# entries of each stack document.
_cdktf_groups[concat(" ", [mode, rtype])] := [r |
	some d in _stack_docs
	d.format == "cdktf"

	# Looked up once per stack, not per resource: wasm does not cache these lookups.
	stack := stacks[d.name]
	some name, body in d.doc[block][rtype]
	values := object.remove(body, ["//"])

	# depends_on lists plain addresses ("data.aws_x.y"), not "${...}" interpolations.
	attr_refs := object.union({k: string_refs(v) | some k, v in values}, _cdktf_depends_on_refs(values))
	provider := _cdktf_provider(values)
	r := {
		"stack": d.name,
		"region": _item_region(stack, provider),
		"role": stack.role,
		"mode": mode,
		"type": rtype,
		"name": name,
		"address": _address(mode, rtype, name),
		"values": values,
		"path": _cdktf_path(body),
		"provider": provider,
		"refs": union({refs | some refs in attr_refs}),
		"attr_refs": attr_refs,
	}
] if {
	some [block, mode, rtype] in _cdktf_group_keys
}

# Items the adapters cannot read, {stack, address, problem}: reported by WS-IN-001 rather than dropped
# silently (a resource body that is not an object, a resource type whose entry is not an object).
unreadable_items contains {"stack": d.name, "address": _address(mode, rtype, name), "problem": sprintf("the resource body is %s, not an object", [_type_name(body)])} if {
	some d in _stack_docs
	d.format == "cdktf"
	some block, mode in {"resource": "managed", "data": "data"}
	some rtype, by_name in object.get(d.doc, block, {})
	is_object(by_name)
	some name, body in by_name
	not is_object(body)
}

unreadable_items contains {"stack": d.name, "address": address, "problem": sprintf("the %s entry is %s, not an object of named resources", [address, _type_name(by_name)])} if {
	some d in _stack_docs
	d.format == "cdktf"
	some block, mode in {"resource": "managed", "data": "data"}
	some rtype, by_name in object.get(d.doc, block, {})
	not is_object(by_name)
	address := _address_of_type(mode, rtype)
}

unreadable_items contains {"stack": d.name, "address": node.address, "problem": sprintf("its planned values are %s, not an object", [_type_name(node.values)])} if {
	some d in _stack_docs
	d.format == "plan"
	walk(d.doc.planned_values.root_module, [path, node])
	count(path) >= 2
	path[count(path) - 2] == "resources"
	is_string(node.address)
	not is_object(node.values)
	node.values != null
}

_address_of_type("managed", rtype) := rtype

_address_of_type("data", rtype) := concat(".", ["data", rtype])

_type_name(x) := "null" if {
	x == null
} else := "a string" if {
	is_string(x)
} else := "a number" if {
	is_number(x)
} else := "a boolean" if {
	is_boolean(x)
} else := "a list" if {
	is_array(x)
} else := "an object"

_cdktf_depends_on_refs(values) := {"depends_on": union({string_refs(values.depends_on), _plain_refs(values.depends_on)})} if {
	is_array(values.depends_on)
} else := {}

_plain_refs(list) := {addr |
	some ref in list
	is_string(ref)
	not contains(ref, "${")
	addr := _reference_address(ref)
}

# Outputs of every stack: {stack, name, refs} with the addresses each output's value references.
outputs contains {"stack": d.name, "name": name, "refs": string_refs(body.value)} if {
	some d in _stack_docs
	d.format == "cdktf"
	some name, body in object.get(d.doc, "output", {})
}

outputs contains {"stack": d.name, "name": name, "refs": _expression_refs("", body.expression)} if {
	some d in _stack_docs
	d.format == "plan"
	some name, body in object.get(d.doc.configuration.root_module, "outputs", {})
}

_cdktf_group_keys contains [block, mode, rtype] if {
	some d in _stack_docs
	d.format == "cdktf"
	some block, mode in {"resource": "managed", "data": "data"}
	some rtype, _ in d.doc[block]
}

_item_region(stack, null) := stack.region

_item_region(stack, provider) := _resource_region(stack.name, provider) if provider != null

_cdktf_provider(values) := values.provider if {
	is_string(values.provider)
} else := null

_cdktf_path(body) := body["//"].metadata.path if {
	is_string(body["//"].metadata.path)
} else := null

_address("managed", rtype, name) := concat(".", [rtype, name])

_address("data", rtype, name) := concat(".", ["data", rtype, name])

# Addresses referenced from "${...}" interpolations in any string inside x. Resource types always
# contain an underscore ("aws_s3_bucket"), which keeps var.*, local.* and module.* out.
string_refs(x) := {ref |
	walk(x, [_, v])
	is_string(v)
	contains(v, "${")
	some m in regex.find_all_string_submatch_n(`(?:^|[^A-Za-z0-9_.\-])((?:data\.)?[a-z][a-z0-9]*_[a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_\-]*)`, v, -1)
	ref := m[1]
}

# --- plan JSON ---

_plan_resources := [r |
	some d in _stack_docs
	d.format == "plan"
	walk(d.doc.planned_values.root_module, [path, node])
	count(path) >= 2
	path[count(path) - 2] == "resources"
	is_string(node.address)
	is_string(node.type)
	node.mode == "managed"
	r := _plan_item(d.name, node)
]

# Data sources come from the configuration: planned_values holds only those read at apply time.
_plan_data_sources := [r |
	some c in _config_items
	c.mode == "data"
	values := {k: cv | some k, e in c.expressions; is_object(e); cv := e.constant_value}
	r := {
		"stack": c.stack,
		"region": _resource_region(c.stack, c.provider),
		"role": stacks[c.stack].role,
		"mode": "data",
		"type": c.type,
		"name": c.name,
		"address": c.address,
		"values": values,
		"path": null,
		"provider": c.provider,
		"refs": c.refs,
		"attr_refs": c.attr_refs,
	}
]

_plan_item(stack_name, node) := r if {
	config_address := strip_index(node.address)
	config := object.get(_config_index, concat("|", [stack_name, config_address]), _no_config)
	values := _object_or_empty(object.get(node, "values", {}))

	# Planned values decide: Terraform omits values unknown until apply from planned_values and writes
	# a known null as null, so an attribute planned null points at nothing, whatever its configuration
	# references (a conditional that chose null, say). Only unknown or known values keep references.
	attr_refs := {k: refs |
		some k, refs in config.attr_refs
		not _planned_null(values, k)
	}
	r := {
		"stack": stack_name,
		"region": _resource_region(stack_name, config.provider),
		"role": stacks[stack_name].role,
		"mode": node.mode,
		"type": node.type,
		"name": node.name,
		"address": node.address,
		"values": values,
		"path": null,
		"provider": config.provider,
		"refs": union({refs | some refs in attr_refs}),
		"attr_refs": attr_refs,
	}
}

_planned_null(values, key) if values[key] == null

_object_or_empty(x) := x if {
	is_object(x)
} else := {}

_no_config := {"provider": null, "refs": set(), "attr_refs": {}}

_config_index := {key: c |
	some c in _config_items
	key := concat("|", [c.stack, c.address])
}

# Resources of the configuration (root and child modules), with module-qualified addresses.
_config_items := [c |
	some d in _stack_docs
	d.format == "plan"
	walk(d.doc.configuration.root_module, [path, node])
	count(path) >= 2
	path[count(path) - 2] == "resources"
	is_string(node.address)
	prefix := _module_prefix(path)
	exprs := object.get(node, "expressions", {})

	# depends_on is kept under its own key, as in cdktf input (where it is an attribute).
	attr_refs := object.union({k: _expression_refs(prefix, e) | some k, e in exprs}, _depends_on_refs(prefix, node))
	c := {
		"stack": d.name,
		"mode": node.mode,
		"type": node.type,
		"name": node.name,
		"address": concat("", [prefix, node.address]),
		"provider": _config_provider(node),
		"expressions": exprs,
		"refs": union({refs | some refs in attr_refs}),
		"attr_refs": attr_refs,
	}
]

_depends_on_refs(prefix, node) := {"depends_on": {addr |
	some ref in node.depends_on
	addr := concat("", [prefix, _reference_address(ref)])
}} if {
	is_array(node.depends_on)
} else := {}

_config_provider(node) := node.provider_config_key if {
	is_string(node.provider_config_key)
} else := null

# "module.a.module.b." for a resource at path [module_calls, a, module, module_calls, b, module, resources, i].
_module_prefix(path) := concat("", [concat("", ["module.", path[i + 1], "."]) |
	some i, step in path
	step == "module_calls"
])

_expression_refs(prefix, expr) := {addr |
	walk(expr, [p, refs])
	count(p) > 0
	p[count(p) - 1] == "references"
	some ref in refs
	addr := concat("", [prefix, _reference_address(ref)])
}

# "aws_kms_key.k.arn" -> "aws_kms_key.k"; "data.aws_x.y.id" -> "data.aws_x.y"; var/local/... -> undefined.
_reference_address(ref) := concat(".", ["data", parts[1], strip_index(parts[2])]) if {
	parts := split(ref, ".")
	parts[0] == "data"
	count(parts) >= 3
} else := concat(".", [parts[0], strip_index(parts[1])]) if {
	parts := split(ref, ".")
	count(parts) >= 2
	not parts[0] in _non_resource_roots
	contains(parts[0], "_")
}

_non_resource_roots := {"data", "var", "local", "module", "each", "count", "path", "terraform", "self"}

# Address without instance keys: module.a["k"].aws_x.y[0] -> module.a.aws_x.y
strip_index(addr) := concat("", array.concat([parts[0]], [rest |
	some i, part in parts
	i > 0
	rest := substring(part, indexof(part, "]") + 1, -1)
])) if {
	parts := split(addr, "[")
}
