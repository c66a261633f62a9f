# METADATA
# title: Audit-class logs are kept at least 365 days
# description: |
#   PCI DSS 10.5.1 keeps audit log history for at least 12 months. The EKS control-plane log group
#   (/aws/eks/<cluster>/cluster, which holds the Kubernetes audit log), the log groups VPC flow logs
#   publish to, and every log group tagged warm-standby/log-class=audit must keep their events at
#   least 365 days: retention_in_days >= 365, or 0 / unset (never expire).
# custom:
#   id: WS-LOG-001
#   severity: MEDIUM
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Set logging.retentionDays in the environment (default 365) or retention_in_days >= 365 on the log group.
package warm_standby.rules.logging.audit_log_retention

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

_min_days := lib.audit_log_min_retention_days

deny contains finding if {
	some group in lib.resources_of("aws_cloudwatch_log_group")
	reason := _audit_class(group)
	days := lib.num(object.get(group.values, "retention_in_days", 0))
	days > 0
	days < _min_days
	finding := lib.finding(group, sprintf(
		"%s (%v) holds %s but keeps them %d days; PCI DSS 10.5.1 needs at least %d",
		[group.address, object.get(group.values, "name", "unnamed"), reason, days, _min_days],
	))
}

_audit_class(group) := "EKS control-plane logs" if {
	regex.match(`^/aws/eks/[^/]+/cluster$`, object.get(group.values, "name", ""))
} else := "VPC flow logs" if {
	[group.stack, group.address] in _flow_log_groups
} else := "audit logs" if {
	lib.tag(group, "warm-standby/log-class") == "audit"
}

_flow_log_groups contains [group.stack, group.address] if {
	some flow in lib.resources_of("aws_flow_log")
	some group in lib.referenced(flow, "log_destination", "aws_cloudwatch_log_group")
}
