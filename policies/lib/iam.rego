package warm_standby.lib

# ---------------------------------------------------------------------------------------------
# IAM policy documents (JSON strings in aws_iam_role.assume_role_policy, aws_iam_role_policy.policy,
# aws_iam_policy.policy). A document that is not literal JSON (a Terraform expression) yields no
# statements: the rules judge what they can read.

# The statements of a policy document string.
policy_statements(doc) := [s |
	is_string(doc)
	json.is_valid(doc)
	some s in as_list(object.get(json.unmarshal(doc), "Statement", []))
	is_object(s)
]

# A policy element that is a string or a list of strings, as a list.
iam_values(x) := x if {
	is_array(x)
} else := [x] if {
	is_string(x)
} else := []

# The principals of one type ("AWS", "Service", "Federated") a statement names; "*" for Principal "*".
statement_principals(s, kind) := [p | some p in iam_values(s.Principal[kind]); is_string(p)] if is_object(s.Principal)

statement_principals(s, _) := ["*"] if s.Principal == "*"

# The statement's actions, lower-case (IAM action names are case-insensitive).
statement_actions(s) := [lower(a) | some a in iam_values(object.get(s, "Action", [])); is_string(a)]

# The statement's resources (literal strings only).
statement_resources(s) := [r | some r in iam_values(object.get(s, "Resource", [])); is_string(r)]

# Does an action or resource pattern (IAM wildcards * and ?) cover a value?
iam_pattern_covers(pattern, value) if iam_like(pattern, value)

# IAM wildcard matching (Resource, Action, StringLike and ArnLike): "*" is any run of characters,
# none included, across ":", "/" and "."; "?" is one character; everything else is literal and
# case-sensitive. glob.match is not this: with delimiters [] its "*" stops at "." ("*.amazonaws.com"
# does not cover "s3.us-east-1.amazonaws.com", "arn:aws:s3:::*" not a dotted bucket) and "[", "{"
# and "\" are glob syntax. Patterns without "?" and with up to five "*" (every pattern these rules
# meet) are matched with string built-ins: the wasm glob.match caches every distinct pattern in a
# C++ hash map, and past a few thousand patterns (one per ARN of a large app) its rehash hung the
# wasm allocator for good.
iam_like(pattern, value) if {
	not contains(pattern, "?")
	parts := split(pattern, "*")
	count(parts) == 1
	pattern == value
}

# "prefix*m1*...*suffix": the value starts with the prefix and ends with the suffix, and the middle
# parts occur in order, without overlap, in what lies between (leftmost match of each is enough).
iam_like(pattern, value) if {
	not contains(pattern, "?")
	parts := split(pattern, "*")
	n := count(parts)
	n > 1
	n <= 6
	prefix := parts[0]
	suffix := parts[n - 1]
	startswith(value, prefix)
	endswith(value, suffix)
	between := (count(value) - count(prefix)) - count(suffix)
	between >= 0
	_middles_in_order(substring(value, count(prefix), between), array.slice(parts, 1, n - 1))
}

iam_like(pattern, value) if {
	_iam_needs_glob(pattern)
	glob.match(_glob_literal(pattern), null, value)
}

_iam_needs_glob(pattern) if contains(pattern, "?")

_iam_needs_glob(pattern) if count(split(pattern, "*")) > 6

# Rego has no loops over a changing string: up to four middle parts, unrolled.
_middles_in_order(_, middles) if count(middles) == 0

_middles_in_order(s, middles) if {
	count(middles) == 1
	_after(s, middles[0])
}

_middles_in_order(s, middles) if {
	count(middles) == 2
	_after(_after(s, middles[0]), middles[1])
}

_middles_in_order(s, middles) if {
	count(middles) == 3
	_after(_after(_after(s, middles[0]), middles[1]), middles[2])
}

_middles_in_order(s, middles) if {
	count(middles) == 4
	_after(_after(_after(_after(s, middles[0]), middles[1]), middles[2]), middles[3])
}

# What follows the first occurrence of part in s; undefined when part does not occur. An empty part
# (from "**") occurs anywhere.
_after(s, "") := s

_after(s, part) := substring(s, i + count(part), -1) if {
	part != ""
	i := indexof(s, part)
	i >= 0
}

# The pattern with glob's own syntax escaped, so only "*" and "?" are wildcards (as in IAM).
_glob_literal(pattern) := strings.replace_n(
	{"[": "\\[", "]": "\\]", "{": "\\{", "}": "\\}"},
	replace(pattern, "\\", "\\\\"),
)

# The condition keys of a statement, lower-case, over every operator.
condition_keys(s) := {lower(key) |
	some _, block in object.get(s, "Condition", {})
	is_object(block)
	some key, _ in block
}

# Managed and inline IAM policy documents with the resource that holds them.
iam_policy_documents := array.concat(
	[{"resource": r, "doc": r.values.policy} |
		some rtype in ["aws_iam_role_policy", "aws_iam_policy", "aws_iam_user_policy", "aws_iam_group_policy"]
		some r in resources_of(rtype)
	],
	[{"resource": r, "doc": p.policy} |
		some r in resources_of("aws_iam_role")
		some p in as_list(object.get(r.values, "inline_policy", []))
		is_object(p)
	],
)
