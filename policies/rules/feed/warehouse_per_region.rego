# METADATA
# title: Redshift cluster in each Region
# description: |
#   The Redshift feed runs active/active: each Region loads and serves its own cluster, so the
#   primary and the standby Region each need an aws_redshift_cluster.
# custom:
#   id: WS-FEED-003
#   severity: HIGH
#   enforcement: mandatory
#   scope: cross_region
#   modes: [normal]
#   mode_reason: only the standby Region's warehouse is planned
#   recommended_action: Create the feed warehouse (aws_redshift_cluster) in the Region that lacks one.
package warm_standby.rules.feed.warehouse_per_region

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some side in lib.regions
	count(lib.resources_in("aws_redshift_cluster", side.region)) == 0
	finding := lib.stack_finding(side.stack, "aws_redshift_cluster", sprintf(
		"aws_redshift_cluster: no Redshift cluster in the %s Region %s (stack %s)",
		[side.role, side.region, side.stack],
	))
}
