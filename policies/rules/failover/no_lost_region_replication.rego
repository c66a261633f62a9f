# METADATA
# title: Nothing in the promoted standby still replicates from the lost Region
# description: |
#   In failover mode the standby's data stores stand on their own: no aws_db_instance keeps a
#   replicate_source_db (or aws_rds_cluster a replication_source_identifier) in the primary Region
#   (the replica is promoted), no aws_opensearch_outbound_connection still follows a domain in the
#   primary Region, and no SQS/Lambda/SNS link consumes a source in the primary Region
#   (aws_sns_topic_subscription.topic_arn, aws_lambda_event_source_mapping.event_source_arn).
#   Applying a plan that keeps such a link waits on, or fails against, the lost Region.
# custom:
#   id: WS-FO-002
#   severity: CRITICAL
#   enforcement: mandatory
#   scope: stack_local
#   modes: [failover]
#   mode_reason: in normal operation the standby must replicate from the primary Region (WS-RDS-001, WS-OS-001)
#   recommended_action: Synthesize the failover mode (WARM_STANDBY_FAILOVER=1), which promotes the RDS replica (no replicate_source_db) and drops the OpenSearch outbound connection; remove any other link to a source in the primary Region.
package warm_standby.rules.failover.no_lost_region_replication

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

# Attributes that name the source a resource replicates or consumes from, by resource type.
_source_attributes := {
	"aws_db_instance": "replicate_source_db",
	"aws_rds_cluster": "replication_source_identifier",
	"aws_sns_topic_subscription": "topic_arn",
	"aws_lambda_event_source_mapping": "event_source_arn",
}

deny contains finding if {
	some s in lib.failover_stacks
	some rtype, attr in _source_attributes
	some r in lib.resources_of(rtype)
	r.stack == s.name
	lib.arn_region(r.values[attr]) == s.peer_region
	finding := lib.finding(r, sprintf(
		"%s: %s = %s is in the lost primary Region %s; in failover mode it must not depend on it",
		[r.address, attr, r.values[attr], s.peer_region],
	))
}

deny contains finding if {
	some s in lib.failover_stacks
	some c in lib.resources_of("aws_opensearch_outbound_connection")
	c.stack == s.name
	remote := lib.block(c.values, "remote_domain_info")
	remote.region == s.peer_region
	finding := lib.finding(c, sprintf(
		"%s: the follower still connects to %v in the lost primary Region %s; in failover mode the follower stops replicating and takes writes",
		[c.address, object.get(remote, "domain_name", "<domain>"), s.peer_region],
	))
}
