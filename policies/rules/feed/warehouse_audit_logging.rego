# METADATA
# title: Redshift warehouse exports all three audit logs
# description: |
#   The feed warehouse holds the payment feed; PCI DSS 10.2 wants logons, changes to accounts and the
#   statements run against it logged, and 10.5.1 wants that history kept 12 months. Each
#   aws_redshift_cluster needs database audit logging with every log Redshift writes: connectionlog
#   (authentication attempts, connections), userlog (changes to database users) and useractivitylog
#   (each statement), from an aws_redshift_logging of the same stack naming the cluster (by reference
#   or by its literal identifier) or the cluster's own logging block. The CloudWatch Logs groups
#   Redshift writes to (/aws/redshift/cluster/<cluster>/<log>), when a stack here creates them, keep
#   events as long as the environment requires (logging.retentionDays, declared by the stack's
#   warm_standby_stack output as audit_log_retention_days; at least 365 days; 0 / unset never expires).
# custom:
#   id: WS-FEED-009
#   severity: HIGH
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Build the warehouse with RegionalFeed (aws_redshift_logging to CloudWatch Logs with connectionlog, userlog and useractivitylog, after log groups kept logging.retentionDays), or add the missing log_exports.
package warm_standby.rules.feed.warehouse_audit_logging

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

_required := {"connectionlog", "userlog", "useractivitylog"}

deny contains finding if {
	some cluster in lib.resources_of("aws_redshift_cluster")
	count(_exports(cluster)) == 0
	finding := lib.finding(cluster, sprintf(
		"%s: no database audit logging (no aws_redshift_logging names the cluster, and its own logging block is off); logons and statements go unrecorded",
		[cluster.address],
	))
}

deny contains finding if {
	some cluster in lib.resources_of("aws_redshift_cluster")
	some exported in _exports(cluster)
	missing := _required - exported
	count(missing) > 0
	finding := lib.finding(cluster, sprintf(
		"%s: audit logging leaves out %s; export all of connectionlog, userlog and useractivitylog",
		[cluster.address, concat(", ", sort(missing))],
	))
}

deny contains finding if {
	some cluster in lib.resources_of("aws_redshift_cluster")
	id := cluster.values.cluster_identifier
	lib.is_literal(id)
	some log in _required
	some address in _groups_by_name[[cluster.stack, sprintf("/aws/redshift/cluster/%s/%s", [id, log])]]
	group := lib.resource_at[[cluster.stack, address]]
	days := lib.short_audit_retention(group)
	finding := lib.finding(group, sprintf(
		"%s (%s) holds the %s of %s but keeps it %d days; keep it %s",
		[group.address, group.values.name, log, cluster.address, days, lib.audit_retention_wanted(cluster.stack)],
	))
}

# The sets of log types exported for a cluster, one per logging configuration that names it.
_exports(cluster) := {exported |
	some logging in redshift_loggings(cluster)
	exported := {log | some log in lib.as_list(object.get(logging, "log_exports", []))}
} | {exported |
	inline := lib.block(cluster.values, "logging")
	lib.is_true(object.get(inline, "enable", false))
	exported := {log | some log in lib.as_list(object.get(inline, "log_exports", []))}
}

# Values of the aws_redshift_logging resources of the cluster's stack that name the cluster (shared
# with WS-FEED-010).
# Looked up by the cluster's [stack, address] and literal identifier: scanning every logging resource
# per cluster would grow with the square of the input.
redshift_loggings(cluster) := [logging.values |
	some address in _loggings_of(cluster)
	logging := lib.resource_at[[cluster.stack, address]]
]

# Indexed directly: object.get reads an array key as a path.
_loggings_of(cluster) := {address | some address in _loggings_by_ref[[cluster.stack, cluster.address]]} | {address |
	lib.is_literal(cluster.values.cluster_identifier)
	some address in _loggings_by_identifier[[cluster.stack, cluster.values.cluster_identifier]]
}

# Complete objects, so `opa eval` builds each once (a partial set read by key runs its whole body
# again for every key); grouping by a nested comprehension costs the square of the few Redshift
# logging resources and log groups, not of the input.
_loggings := lib.resources_of("aws_redshift_logging")

_logging_targets := [[logging, target] |
	some logging in _loggings
	some target in object.get(logging.attr_refs, "cluster_identifier", set())
]

_loggings_by_ref := {[logging.stack, target]: addresses |
	some [logging, target] in _logging_targets
	addresses := {other.address | some [other, t] in _logging_targets; t == target; other.stack == logging.stack}
}

_loggings_by_identifier := {[logging.stack, id]: addresses |
	some logging in _loggings
	id := logging.values.cluster_identifier
	lib.is_literal(id)
	addresses := {other.address | some other in _loggings; other.values.cluster_identifier == id; other.stack == logging.stack}
}

_redshift_groups := [group |
	some group in lib.resources_of("aws_cloudwatch_log_group")
	is_string(group.values.name)
	startswith(group.values.name, "/aws/redshift/cluster/")
]

# Log group addresses by [stack, name], for the names Redshift logs to.
_groups_by_name := {[group.stack, group.values.name]: addresses |
	some group in _redshift_groups
	addresses := {other.address | some other in _redshift_groups; other.values.name == group.values.name; other.stack == group.stack}
}
