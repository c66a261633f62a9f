# METADATA
# title: OpenSearch leader and follower domains run the replication bootstrap
# description: |
#   Terraform creates the domains and the connection, but replication starts only after the
#   security plugin maps the replication principal (leader role on the leader, follower role on the
#   follower) and the follower has an autofollow rule on the connection. The bootstrap function does
#   both; each leader or follower domain needs an aws_lambda_invocation in its Region whose
#   triggers name it (bootstrap = opensearch-replication, domain_name, domain_role), and a follower's
#   invocation must name the connection alias its autofollow rule follows. The follower's invocation
#   waits for the connection to be accepted, so it may live in the stack that accepts it (the
#   replication stack, through a provider for the standby Region); given one stack alone, a follower
#   whose stack exports its bootstrap function (output opensearch_bootstrap_function) for that
#   invocation is taken as bootstrapped, since the invoking stack is not in the input.
# custom:
#   id: WS-OS-003
#   severity: HIGH
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal]
#   mode_reason: after failover the promoted follower stops following the lost leader; the runbook stops replication
#   recommended_action: Add a ReplicationBootstrap (modules/opensearch) for the domain in its stack, with the follower's CrossClusterConnection on the follower; invoke the follower's after the connection is accepted (stacks/replication-stack.ts).
package warm_standby.rules.opensearch.replication_bootstrap

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

_role_tag := "warm-standby/opensearch-role"

_trigger := "opensearch-replication"

# [Region, domain name, domain role] of every bootstrap invocation, computed once.
_bootstrapped contains [inv.region, triggers.domain_name, triggers.domain_role] if {
	some inv in lib.resources_of("aws_lambda_invocation")
	triggers := _triggers(inv)
	triggers.bootstrap == _trigger
}

# [Region, domain name] of follower invocations that name the connection they follow.
_autofollowing contains [inv.region, triggers.domain_name] if {
	some inv in lib.resources_of("aws_lambda_invocation")
	triggers := _triggers(inv)
	triggers.bootstrap == _trigger
	triggers.domain_role == "follower"
	is_string(triggers.connection_alias)
	triggers.connection_alias != ""
}

_triggers(inv) := inv.values.triggers if is_object(inv.values.triggers)

_domains contains [domain, role] if {
	some domain in lib.resources_of("aws_opensearch_domain")
	role := lib.tag(domain, _role_tag)
	role in {"leader", "follower"}
}

deny contains finding if {
	some [domain, role] in _domains
	is_string(domain.values.domain_name)
	not [domain.region, domain.values.domain_name, role] in _bootstrapped
	not _invoked_elsewhere(domain, role)
	finding := lib.finding(domain, sprintf(
		"%s (%s, %s) has no replication bootstrap: no aws_lambda_invocation in its Region with triggers bootstrap = %s, domain_name = %s, domain_role = %s",
		[domain.address, domain.values.domain_name, role, _trigger, domain.values.domain_name, role],
	))
}

deny contains finding if {
	some [domain, role] in _domains
	role == "follower"
	is_string(domain.values.domain_name)
	[domain.region, domain.values.domain_name, role] in _bootstrapped
	not [domain.region, domain.values.domain_name] in _autofollowing
	finding := lib.finding(domain, sprintf(
		"%s (%s) has a replication bootstrap without a connection_alias: the follower never gets an autofollow rule",
		[domain.address, domain.values.domain_name],
	))
}

# A follower whose stack exports its bootstrap function for another stack to invoke, when that stack
# cannot be in the input (a plan, or one stack alone).
_invoked_elsewhere(domain, "follower") if {
	some o in lib.outputs
	o.stack == domain.stack
	o.name == "opensearch_bootstrap_function"
	not lib.whole_app
}
