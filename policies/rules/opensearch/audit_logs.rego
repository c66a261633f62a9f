# METADATA
# title: OpenSearch domain publishes audit logs to a log group kept long enough
# description: |
#   The search domains hold payment data behind fine-grained access control; PCI DSS 10.2 wants every
#   access to it logged and 10.5.1 wants that history kept 12 months. An aws_opensearch_domain must
#   have a log_publishing_options block with log_type AUDIT_LOGS (not enabled = false) whose
#   cloudwatch_log_group_arn is a CloudWatch Logs group of the same stack (by reference, or by a
#   literal ARN naming one) that keeps events as long as the environment requires: its
#   logging.retentionDays (the stack's warm_standby_stack output, audit_log_retention_days), at least
#   365 days; retention_in_days 0 / unset never expires. A group no stack here manages cannot be checked and is refused. Publishing
#   is half of it: the security plugin's audit logging is switched on by the domain's bootstrap
#   (WS-OS-003), since publishing alone logs nothing (OpenSearch Service Developer Guide,
#   "Monitoring audit logs").
# custom:
#   id: WS-OS-008
#   severity: HIGH
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Build the domain with OpenSearchDomain (it creates the audit log group, kept logging.retentionDays, and publishes AUDIT_LOGS to it after the Region's log resource policy), or add log_publishing_options { log_type = "AUDIT_LOGS", cloudwatch_log_group_arn = <group>.arn } with a group kept >= 365 days.
package warm_standby.rules.opensearch.audit_logs

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some domain in lib.resources_of("aws_opensearch_domain")
	count(_audit_blocks(domain)) == 0
	finding := lib.finding(domain, sprintf(
		"%s: publishes no audit logs (no enabled log_publishing_options block with log_type AUDIT_LOGS); access to the domain goes unrecorded",
		[domain.address],
	))
}

deny contains finding if {
	some domain in lib.resources_of("aws_opensearch_domain")
	some block in _audit_blocks(domain)
	some group in _groups(domain, block)
	days := lib.short_audit_retention(group)
	finding := lib.finding(domain, sprintf(
		"%s: publishes its audit logs to %s (%v), which keeps them %d days; keep them %s",
		[domain.address, group.address, object.get(group.values, "name", "unnamed"), days, lib.audit_retention_wanted(domain.stack)],
	))
}

deny contains finding if {
	some domain in lib.resources_of("aws_opensearch_domain")
	some block in _audit_blocks(domain)
	count(_groups(domain, block)) == 0
	finding := lib.finding(domain, sprintf(
		"%s: publishes its audit logs to %v, not a log group of this stack, so how long they are kept cannot be checked",
		[domain.address, object.get(block, "cloudwatch_log_group_arn", "an unknown log group")],
	))
}

# Enabled AUDIT_LOGS blocks (enabled defaults to true).
_audit_blocks(domain) := [block |
	some block in lib.blocks(domain.values, "log_publishing_options")
	object.get(block, "log_type", "") == "AUDIT_LOGS"
	not object.get(block, "enabled", true) in {false, "false"}
]

# The log groups of the domain's stack an AUDIT_LOGS block points to: the references in its ARN
# (cdktf), a literal ARN's group by name, or, when the ARN is unknown until apply (a plan), the groups
# the domain's only log_publishing_options block references.
_groups(domain, block) := [group |
	some address in _group_addresses(domain, block)
	group := lib.resource_at[[domain.stack, address]]
	group.type == "aws_cloudwatch_log_group"
]

_group_addresses(domain, block) := lib.string_refs(block.cloudwatch_log_group_arn) if {
	lib.is_token(block.cloudwatch_log_group_arn)
} else := {group.address |
	some group in lib.resources_of("aws_cloudwatch_log_group")
	group.stack == domain.stack
	_log_group_arn_name(block.cloudwatch_log_group_arn) == group.values.name
} if {
	lib.is_literal(block.cloudwatch_log_group_arn)
} else := {group.address |
	count(lib.blocks(domain.values, "log_publishing_options")) == 1
	some group in lib.referenced(domain, "log_publishing_options", "aws_cloudwatch_log_group")
}

# Name of the group in arn:<partition>:logs:<region>:<account>:log-group:<name>[:*].
_log_group_arn_name(arn) := trim_suffix(concat(":", array.slice(parts, 6, count(parts))), ":*") if {
	parts := split(arn, ":")
	count(parts) >= 7
	parts[5] == "log-group"
}
