package warm_standby.rules.opensearch.follower_connection_test

import data.warm_standby.rules.opensearch.follower_connection as rule
import data.warm_standby.test_fixtures as fx

_leader := "aws_opensearch_domain.Search_Domain_1E2F3A4B"

_connection := "/resource/aws_opensearch_outbound_connection/Search_LeaderConnection_D0E1F2A3"

test_noncompliant_1_no_follower_domain if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.remove("/resource/aws_opensearch_domain"), fx.remove("/resource/aws_opensearch_outbound_connection")])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-primary", _leader)
	fx.finding_with(findings, "example-primary", _leader, "no follower domain in the standby Region us-west-2")
}

test_noncompliant_2_no_connection if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.remove("/resource/aws_opensearch_outbound_connection")])
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-primary", _leader)
	fx.finding_with(findings, "example-primary", _leader, "no outbound connection")
}

test_noncompliant_3_connection_to_another_region if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.replace(concat("", [_connection, "/remote_domain_info/region"]), "us-east-2")])
	fx.one_finding(rule.deny, "example-primary", _leader) with input as app
}

test_noncompliant_4_connection_to_another_domain if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.replace(concat("", [_connection, "/remote_domain_info/domain_name"]), "payments-example-logs")])
	fx.one_finding(rule.deny, "example-primary", _leader) with input as app
}

test_noncompliant_5_connection_from_an_unknown_local_domain if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.replace(concat("", [_connection, "/local_domain_info/domain_name"]), "payments-example-other")])
	fx.one_finding(rule.deny, "example-primary", _leader) with input as app
}

test_compliant_app if {
	count(rule.deny) == 0 with input as fx.app
}

test_compliant_local_domain_by_name if {
	app := fx.patch_stack(fx.app, "example-standby", [fx.replace(concat("", [_connection, "/local_domain_info/domain_name"]), "payments-example-usw2")])
	count(rule.deny) == 0 with input as app
}

test_compliant_no_search_at_all if {
	app := fx.patch_stack(
		fx.patch_stack(fx.app, "example-primary", [fx.remove("/resource/aws_opensearch_domain")]),
		"example-standby", [fx.remove("/resource/aws_opensearch_domain"), fx.remove("/resource/aws_opensearch_outbound_connection")],
	)
	count(rule.deny) == 0 with input as app
}

# The leader's side never accepts the connection.
test_connection_never_accepted_fails if {
	app := fx.patch_stack(fx.app, "example-replication", [fx.remove("/resource/aws_opensearch_inbound_connection_accepter")])
	fx.finding_with(rule.deny, "example-standby", "aws_opensearch_outbound_connection.Search_LeaderConnection_D0E1F2A3", "stays PENDING_ACCEPTANCE") with input as app
}

# A hand-copied connection id.
test_literal_connection_id_fails if {
	app := fx.patch_stack(fx.app, "example-replication", [fx.replace(
		"/resource/aws_opensearch_inbound_connection_accepter/SearchConnectionAccepter_Accepter_C1D2E3F4/connection_id",
		"cc-euc1-follower-0001",
	)])
	fx.finding_with(rule.deny, "example-replication", "aws_opensearch_inbound_connection_accepter.SearchConnectionAccepter_Accepter_C1D2E3F4", "literal") with input as app
}

test_connection_accepted_by_the_provider_passes if {
	app := fx.patch_stack(
		fx.patch_stack(fx.app, "example-replication", [fx.remove("/resource/aws_opensearch_inbound_connection_accepter")]),
		"example-standby", [fx.add("/resource/aws_opensearch_outbound_connection/Search_LeaderConnection_D0E1F2A3/accept_connection", true)],
	)
	count(rule.deny) == 0 with input as app
}
