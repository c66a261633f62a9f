# METADATA
# title: OpenSearch leader and follower share the master user and the replication principal
# description: |
#   Cross-cluster replication runs as one user on both clusters: the principal that creates the
#   autofollow rule on the follower must be the principal mapped to the leader role on the leader.
#   The bootstrap of each domain names the replication principal it maps (triggers
#   replication_principal_arn); the leader's and the follower's must be the same ARN. Both domains
#   must also have the same fine-grained access control master user
#   (advanced_security_options.master_user_options.master_user_arn), so one admin principal
#   administers both sides and the same bootstrap design works in both Regions. The leader of a
#   follower is the domain its aws_opensearch_outbound_connection names.
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

# [Region, domain name] -> replication principal named by that domain's bootstrap, computed once.
# Keyed by Region, not stack: the follower's bootstrap runs from the replication stack, in the
# follower's Region, after the connection is accepted.
_principals[[inv.region, triggers.domain_name]] := triggers.replication_principal_arn if {
	some inv in lib.resources_of("aws_lambda_invocation")
	triggers := inv.values.triggers
	is_object(triggers)
	triggers.bootstrap == "opensearch-replication"
	is_string(triggers.domain_name)
	is_string(triggers.replication_principal_arn)
}

_master_user(domain) := arn if {
	security := lib.block(domain.values, "advanced_security_options")
	options := lib.block(security, "master_user_options")
	arn := options.master_user_arn
	is_string(arn)
	arn != ""
} else := "(none)"

# Each follower is compared with the leader its outbound connection names, not with every leader:
# two independent domain pairs may use different principals, and the work grows with the pairs.
deny contains finding if {
	some [follower_key, leader_key] in lib.opensearch_replication_pairs
	follower := lib.resource_at[follower_key]
	leader := lib.resource_at[leader_key]
	follower_user := _master_user(follower)
	leader_user := _master_user(leader)
	follower_user != leader_user
	finding := lib.finding(follower, sprintf(
		"%s has master user %s but the leader %s has %s: both domains need the same master user principal",
		[follower.address, follower_user, leader.address, leader_user],
	))
}

deny contains finding if {
	some [follower_key, leader_key] in lib.opensearch_replication_pairs
	follower := lib.resource_at[follower_key]
	leader := lib.resource_at[leader_key]
	follower_principal := _principals[[follower.region, follower.values.domain_name]]
	leader_principal := _principals[[leader.region, leader.values.domain_name]]
	follower_principal != leader_principal
	finding := lib.finding(follower, sprintf(
		"%s maps replication principal %s but the leader %s maps %s: replication needs the same principal on both domains",
		[follower.address, follower_principal, leader.address, leader_principal],
	))
}
