# METADATA
# title: Warm-standby policy gate report
# description: |
#   Entry point (warm_standby/main/report). Runs every rule under warm_standby.rules, decides each
#   rule's status for this input, merges rule metadata into the findings and applies exceptions.
#   Rules declare the modes they apply in (custom.modes: normal, failover); in the other mode they
#   are not_applicable with the rule's custom.mode_reason. Rules with custom.needs_objectives read
#   data.objectives (the TypeScript estimator's report) and are not_evaluated without it.
#   data.params: rule parameters (see lib.param_defaults). data.caller_sorts_findings: true leaves
#   findings unsorted for a caller that sorts them (the wasm engine). data.exceptions: validated, unexpired
#   exceptions [{rule, address (glob, "." separates segments: "*" stays within one, "**" spans
#   several), reason, owner, expires, stack?}].
package warm_standby.main

import data.warm_standby.lib

report := {
	"rules": [_rules[id] | some id in sort({id | some id, _ in _rules})],
	"findings": _findings,
	"stacks": [_stack_summary(lib.stacks[name]) | some name in sort({name | some name, _ in lib.stacks})],
	"input_kind": lib.input_kind,
}

# ---------------------------------------------------------------------------------------------
# Rules and their status.

# Metadata of every rule package (package warm_standby.rules.<area>.<rule> with a `metadata` rule).
_metadata[id] := object.union(md, {"area": area, "rule": name}) if {
	some area, name
	md := data.warm_standby.rules[area][name].metadata
	id := md.id
}

_rules[id] := {
	"id": id,
	"title": md.title,
	"description": md.description,
	"severity": md.severity,
	"enforcement": md.enforcement,
	"recommended_action": md.recommended_action,
	"scope": md.scope,
	"status": status[0],
	"reason": status[1],
} if {
	some id, md in _metadata
	status := _status(md)
}

_status(md) := ["not_evaluated", "the input is neither a cdktf app, a Terraform plan nor an HCP Terraform policy input"] if {
	lib.input_kind == "unknown"
} else := ["not_evaluated", _inputs_reason(md)] if {
	not lib.input_kind in md.inputs
} else := ["not_applicable", _mode_reason(md)] if {
	not lib.mode in md.modes
} else := ["not_evaluated", _objectives_reason] if {
	md.needs_objectives
	not _objectives_given
} else := ["not_evaluated", _layers_reason(md)] if {
	count(md.layers) > 0
	not _layers_together(md.layers)
} else := ["not_evaluated", _cross_region_reason] if {
	md.scope == "cross_region"
	not lib.complete
} else := ["not_applicable", sprintf("the input has no %s stack", [concat(" or ", md.roles)])] if {
	count(md.roles) > 0
	not _any_role(md.roles)
} else := ["evaluated", sprintf("evaluated over %d stack(s) of a %s input", [count(lib.stacks), lib.input_kind])]

_inputs_reason(md) := md.inputs_reason if {
	is_string(md.inputs_reason)
} else := sprintf("needs a %s input (this is a %s input)", [concat(" or ", md.inputs), lib.input_kind])

# "failover mode: <why>" / "normal mode: <why>": the rule does not apply in this input's mode.
_mode_reason(md) := sprintf("%s mode: %s", [lib.mode, md.mode_reason]) if {
	is_string(md.mode_reason)
} else := sprintf("%s mode: the rule applies in %s mode only", [lib.mode, concat(" and ", md.modes)])

# Recovery-objective estimates (data.objectives) are computed by the TypeScript gate from a
# synthesized cdktf app; data.objectives_unavailable says why there are none.
_objectives_given if is_array(data.objectives.components)

_objectives_reason := sprintf("no recovery-objective estimate: %s", [data.objectives_unavailable]) if {
	is_string(data.objectives_unavailable)
} else := sprintf(
	"no recovery-objective estimate (data.objectives): the gate computes it from a synthesized cdktf app (a cdktf.out folder with the primary and standby stacks); this %s input has none",
	[lib.input_kind],
)

_cross_region_reason := sprintf(
	"cross-Region rule: needs the primary and the standby stack together; this %s input has %s",
	[lib.input_kind, _roles_present],
)

_roles_present := "no stacks" if {
	count(lib.stacks) == 0
} else := concat(", ", [sprintf("%s (%s, %v)", [s.name, s.role, s.region]) |
	some name in sort({name | some name, _ in lib.stacks})
	s := lib.stacks[name]
])

# Rules with custom.layers (e.g. [aws, kubernetes]) compare what stacks of different layers hold for
# one Region (node groups in the AWS stack, releases in the Kubernetes stack): they can fire only
# when some Region has a stack of every layer (a legacy stack holds both).
_layers_together(layers) if {
	some region in {s.region | some s in lib.stacks; is_string(s.region)}
	every layer in layers {
		some s in lib.stacks
		s.region == region
		s.layer in {layer, "legacy"}
	}
}

_layers_reason(md) := sprintf(
	"needs the %s stacks of one Region together; this %s input has %s",
	[concat(" and ", md.layers), lib.input_kind, _stacks_with_layers],
)

_stacks_with_layers := "no stacks" if {
	count(lib.stacks) == 0
} else := concat(", ", [sprintf("%s (%s, %v)", [s.name, s.layer, s.region]) |
	some name in sort({name | some name, _ in lib.stacks})
	s := lib.stacks[name]
])

_any_role(roles) if {
	some role in roles
	lib.has_role(role)
}

_evaluated(id) if _rules[id].status == "evaluated"

# ---------------------------------------------------------------------------------------------
# Findings.

# Sorted by [rule id, stack, address, message] for `opa eval` and HCP Terraform. The TypeScript
# engine sets data.caller_sorts_findings and sorts them itself: opa-wasm's sort() is an insertion
# sort, quadratic in the number of findings (15k findings: 20 s of a 26 s evaluation).
_findings := [f | some [_, f] in _keyed_findings] if {
	data.caller_sorts_findings == true
} else := [f | some [_, f] in sort(_keyed_findings)]

_keyed_findings contains [[id, f.stack, f.address, f.message], f] if {
	some id, md in _metadata
	_evaluated(id)
	_selected(id)
	some raw in data.warm_standby.rules[md.area][md.rule].deny
	f := _finding(md, raw)
}

# data.rule_selection (an array of rule ids) limits whose deny sets are evaluated: the TypeScript
# engine narrows it down to isolate a rule whose evaluation fails at runtime (a conflict, a builtin
# error) so the other rules still report. Without it every rule is evaluated.
_selection := data.rule_selection if {
	is_array(data.rule_selection)
} else := null

_selected(_) if _selection == null

_selected(id) if {
	_selection != null
	id in _selection
}

_finding(md, raw) := {
	"rule": md.id,
	"title": md.title,
	"severity": md.severity,
	"enforcement": md.enforcement,
	"stack": raw.stack,
	"region": _finding_region(raw),
	"address": raw.address,
	"message": raw.message,
	"recommended_action": md.recommended_action,
	"scope": md.scope,
	"path": object.get(raw, "path", null),
	"suppressed": exception != null,
	"exception": exception,
} if {
	exception := _exception(md.id, raw)
}

_finding_region(raw) := raw.region if {
	is_string(raw.region)
} else := lib.stacks[raw.stack].region if {
	is_string(lib.stacks[raw.stack].region)
} else := null

# ---------------------------------------------------------------------------------------------
# Exceptions: the first (in data order) whose rule id equals the finding's, whose address glob
# matches the finding's address and whose optional stack equals the finding's stack.

_exceptions := data.exceptions if {
	is_array(data.exceptions)
} else := []

_exception(rule_id, raw) := matching[0] if {
	matching := [e |
		some e in _exceptions
		e.rule == rule_id
		glob.match(e.address, [], raw.address)
		_stack_matches(e, raw)
	]
	count(matching) > 0
} else := null

_stack_matches(e, _) if object.get(e, "stack", null) == null

_stack_matches(e, raw) if e.stack == raw.stack

# ---------------------------------------------------------------------------------------------

_stack_summary(s) := {"name": s.name, "role": s.role, "region": s.region, "file": s.file}
