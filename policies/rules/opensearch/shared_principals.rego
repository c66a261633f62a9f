# METADATA
# title: OpenSearch leader and follower share the master user and the replication principal
# description: |
#   Cross-cluster replication runs as one user on both clusters: the principal that creates the
#   autofollow rule on the follower must be the principal mapped to the leader role on the leader.
#   The bootstrap of each domain names the replication principal it maps (triggers
#   replication_principal_arn); the leader's and the follower's must be the same ARN. Both domains
#   must also have the same fine-grained access control master user
#   (advanced_security_options.master_user_options.master_user_arn), so one admin principal
#   administers both sides and the same bootstrap design works in both Regions.
# custom:
#   id: WS-OS-004
#   severity: HIGH
#   enforcement: mandatory
#   scope: cross_region
#   modes: [normal]
#   mode_reason: after failover only the standby stack exists; there is no leader to compare with
#   recommended_action: Use one SearchPrincipals (modules/opensearch) for both Regions; give both domains its adminRoleArn as masterUserArn and both ReplicationBootstraps the same principals.
package warm_standby.rules.opensearch.shared_principals

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

_role_tag := "warm-standby/opensearch-role"

_leaders := [d |
	some d in lib.resources_in("aws_opensearch_domain", lib.primary_region)
	lib.has_tag(d, _role_tag, "leader")
]

_followers := [d |
	some d in lib.resources_in("aws_opensearch_domain", lib.standby_region)
	lib.has_tag(d, _role_tag, "follower")
]

_master_user(domain) := arn if {
	security := lib.block(domain.values, "advanced_security_options")
	options := lib.block(security, "master_user_options")
	arn := options.master_user_arn
	is_string(arn)
	arn != ""
} else := "(none)"

# [stack, domain name] -> replication principal named by that domain's bootstrap, computed once.
_principals[[inv.stack, triggers.domain_name]] := triggers.replication_principal_arn if {
	some inv in lib.resources_of("aws_lambda_invocation")
	triggers := inv.values.triggers
	is_object(triggers)
	triggers.bootstrap == "opensearch-replication"
	is_string(triggers.domain_name)
	is_string(triggers.replication_principal_arn)
}

# Each follower is compared with the leaders grouped by value (one group per distinct master user or
# principal), not with every leader in turn: the work grows with the domains, not their pairs.
deny contains finding if {
	some follower in _followers
	follower_user := _master_user(follower)
	some leader_user, leaders in _leaders_by_user
	follower_user != leader_user
	some leader in leaders
	finding := lib.finding(follower, sprintf(
		"%s has master user %s but the leader %s has %s: both domains need the same master user principal",
		[follower.address, follower_user, leader.address, leader_user],
	))
}

deny contains finding if {
	some follower in _followers
	follower_principal := _principals[[follower.stack, follower.values.domain_name]]
	some leader_principal, leaders in _leaders_by_principal
	follower_principal != leader_principal
	some leader in leaders
	finding := lib.finding(follower, sprintf(
		"%s maps replication principal %s but the leader %s maps %s: replication needs the same principal on both domains",
		[follower.address, follower_principal, leader.address, leader_principal],
	))
}

_leaders_by_user[user] := leaders if {
	some user in {_master_user(l) | some l in _leaders}
	leaders := [l | some l in _leaders; _master_user(l) == user]
}

_leaders_by_principal[principal] := leaders if {
	some principal in {_principals[[l.stack, l.values.domain_name]] | some l in _leaders}
	leaders := [l | some l in _leaders; _principals[[l.stack, l.values.domain_name]] == principal]
}
