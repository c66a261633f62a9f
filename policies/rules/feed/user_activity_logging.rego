# METADATA
# title: Redshift user activity log is switched on in the parameter group
# description: |
#   Exporting useractivitylog is not enough: Redshift writes the user activity log (each statement
#   before it runs) only when the cluster's parameter group sets enable_user_activity_logging to true,
#   and the parameter is false by default (Amazon Redshift Management Guide, "Database audit
#   logging"). Without it the export stays empty and statements against the warehouse go unrecorded.
#   For each aws_redshift_cluster whose audit logging exports useractivitylog, its
#   cluster_parameter_group_name must name an aws_redshift_parameter_group of the same stack (by
#   reference or by its literal name) with a parameter enable_user_activity_logging = true. A cluster
#   on the default parameter group, or on one no stack here manages, is refused.
# custom:
#   id: WS-FEED-010
#   severity: HIGH
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Set parameter { name = "enable_user_activity_logging", value = "true" } in the cluster's aws_redshift_parameter_group (RegionalFeed does), and give the cluster that parameter group.
package warm_standby.rules.feed.user_activity_logging

import data.warm_standby.lib
import data.warm_standby.rules.feed.warehouse_audit_logging as audit

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some cluster in _exporting_user_activity
	some group in _parameter_groups(cluster)
	not _enabled(group)
	finding := lib.finding(group, sprintf(
		"%s: parameter group of %s, which exports useractivitylog, does not set enable_user_activity_logging = true; Redshift leaves the user activity log empty",
		[group.address, cluster.address],
	))
}

deny contains finding if {
	some cluster in _exporting_user_activity
	count(_parameter_groups(cluster)) == 0
	finding := lib.finding(cluster, sprintf(
		"%s: exports useractivitylog but its parameter group (%v) is not one of this stack, so enable_user_activity_logging cannot be true (the default parameter group has it false)",
		[cluster.address, object.get(cluster.values, "cluster_parameter_group_name", "the default")],
	))
}

_exporting_user_activity := [cluster |
	some cluster in lib.resources_of("aws_redshift_cluster")
	_exports_user_activity(cluster)
]

_exports_user_activity(cluster) if {
	some logging in audit.redshift_loggings(cluster)
	"useractivitylog" in lib.as_list(object.get(logging, "log_exports", []))
}

_exports_user_activity(cluster) if {
	inline := lib.block(cluster.values, "logging")
	lib.is_true(object.get(inline, "enable", false))
	"useractivitylog" in lib.as_list(object.get(inline, "log_exports", []))
}

# The cluster's aws_redshift_parameter_group, by reference or by literal name in its stack.
_parameter_groups(cluster) := array.concat(lib.referenced(cluster, "cluster_parameter_group_name", "aws_redshift_parameter_group"), [group |
	name := object.get(cluster.values, "cluster_parameter_group_name", null)
	lib.is_literal(name)
	some group in lib.resources_of("aws_redshift_parameter_group")
	group.stack == cluster.stack
	group.values.name == name
])

_enabled(group) if {
	some parameter in lib.blocks(group.values, "parameter")
	parameter.name == "enable_user_activity_logging"
	lib.is_true(parameter.value)
}
