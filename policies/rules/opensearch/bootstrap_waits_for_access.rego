# METADATA
# title: A bootstrap invocation calls its domain only after the access policies exist
# description: |
#   The replication bootstrap's aws_lambda_invocation (triggers.bootstrap = opensearch-replication)
#   calls the domain as the master user and replication roles. Every aws_iam_role_policy of its
#   stack that grants es:ESHttp* on that domain (by ARN, by reference, or by a pattern or a
#   resource the rule cannot read) must be applied before it (a reference or depends_on chain from
#   the invocation), or the first apply can reach the domain before IAM allows it and fail with 403.
# custom:
#   id: WS-OS-006
#   severity: HIGH
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Pass principalPolicies (SearchPrincipals.httpPolicies) to ReplicationBootstrap so the invocation depends_on them.
package warm_standby.rules.opensearch.bootstrap_waits_for_access

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some inv in _invocations
	reached := graph.reachable(_graph, {_key(inv)})
	some address in _policies_for(inv)
	policy := lib.resource_at[[inv.stack, address]]
	not _key(policy) in reached
	finding := lib.finding(inv, sprintf(
		"%s: calls the domain without depending on %s, which grants es:ESHttp*; the first apply can get 403",
		[inv.address, policy.address],
	))
}

_invocations := [r |
	some r in lib.resources_of("aws_lambda_invocation")
	object.get(object.get(r.values, "triggers", {}), "bootstrap", "") == "opensearch-replication"
]

# The policies of the invocation's stack that grant es:ESHttp* on its domain: those naming the
# domain, and those whose domains are a pattern ("*", domain/name-*) covering it or cannot be read.
# A policy for another domain of the stack is that domain's bootstrap's concern.
_policies_for(inv) := _by_name(inv.stack, inv.values.triggers.domain_name) | {address |
	some [address, pattern] in _by_pattern(inv.stack)
	lib.iam_like(pattern, inv.values.triggers.domain_name)
}

# The stack's policies for that domain name; none when the stack has none.
_by_name(stack, name) := policies if {
	policies := _es_http_by_domain[[stack, name]]
} else := set()

_by_pattern(stack) := policies if {
	policies := _es_http_by_pattern[stack]
} else := set()

# [stack, domain name] -> addresses of the policies granting es:ESHttp* on that domain.
_es_http_by_domain[[policy.stack, name]] contains policy.address if {
	some policy in _es_http_policies
	some name in _domains_of(policy)
	not _is_pattern(name)
}

# stack -> [address, domain name pattern] of the policies granting es:ESHttp* on domains by pattern.
_es_http_by_pattern[policy.stack] contains [policy.address, name] if {
	some policy in _es_http_policies
	some name in _domains_of(policy)
	_is_pattern(name)
}

_es_http_policies := [policy |
	some policy in lib.resources_of("aws_iam_role_policy")
	is_string(policy.values.policy)
	contains(policy.values.policy, "es:ESHttp")
]

# Domain names (or name patterns) the policy's es:ESHttp statements name; "*" when a resource
# names no domain the rule can read (unknown counts as every domain).
_domains_of(policy) := _or_any({name |
	some s in lib.policy_statements(policy.values.policy)
	_grants_http(s)
	some resource in _resources(s)
	some name in _resource_domains(policy, resource)
})

_grants_http(s) if {
	some action in lib.statement_actions(s)
	lib.iam_like(action, "es:eshttpget")
}

_resources(s) := ["*"] if count(lib.statement_resources(s)) == 0

else := lib.statement_resources(s)

# A reference: the domains of the policy's stack it references ("*" when it references none).
_resource_domains(policy, resource) := names if {
	lib.is_token(resource)
	referenced := {d.values.domain_name |
		some ref in policy.refs
		d := lib.resource_at[[policy.stack, ref]]
		d.type in lib.opensearch_domain_types
	}
	names := _or_any(referenced)
}

# A literal ARN: the name after ":domain/".
_resource_domains(_, resource) := {split(substring(resource, indexof(resource, ":domain/") + 8, -1), "/")[0]} if {
	not lib.is_token(resource)
	contains(resource, ":domain/")
}

_resource_domains(_, resource) := {"*"} if {
	not lib.is_token(resource)
	not contains(resource, ":domain/")
}

_or_any(names) := names if count(names) > 0

else := {"*"}

_is_pattern(name) if contains(name, "*")

_is_pattern(name) if contains(name, "?")

_key(r) := concat("|", [r.stack, r.address])

_stacks := {inv.stack | some inv in _invocations}

# A complete object: computed once under `opa eval` too (a partial object is evaluated again for
# each key it is read by).
_graph := {_key(r): {concat("|", [r.stack, ref]) | some ref in r.refs} |
	some r in lib.resources
	_stacks[r.stack]
}
