# METADATA
# title: A bootstrap invocation calls its domain only after the access policies exist
# description: |
#   The replication bootstrap's aws_lambda_invocation (triggers.bootstrap = opensearch-replication)
#   calls the domain as the master user and replication roles. Every aws_iam_role_policy of its
#   stack that grants es:ESHttp* must be applied before it (a reference or depends_on chain from the
#   invocation), or the first apply can reach the domain before IAM allows it and fail with 403.
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
	some address in _es_http_policies[inv.stack]
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

# Addresses of the policies granting es:ESHttp*, by stack: what each invocation must depend on.
_es_http_policies[policy.stack] contains policy.address if {
	some policy in lib.resources_of("aws_iam_role_policy")
	_grants_es_http(policy)
}

_grants_es_http(policy) if {
	is_string(policy.values.policy)
	contains(policy.values.policy, "es:ESHttp")
}

_key(r) := concat("|", [r.stack, r.address])

_stacks := {inv.stack | some inv in _invocations}

_graph[key] := {concat("|", [r.stack, ref]) | some ref in r.refs} if {
	some r in lib.resources
	r.stack in _stacks
	key := _key(r)
}
