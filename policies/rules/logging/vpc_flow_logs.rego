# METADATA
# title: Every VPC has flow logs
# description: |
#   Without VPC flow logs nobody can tell afterwards which hosts talked to the cardholder-data
#   stores (PCI DSS 10.2) or trace an incident across the Regions. Every aws_vpc the configuration
#   creates needs an aws_flow_log whose vpc_id references it.
# custom:
#   id: WS-LOG-002
#   severity: MEDIUM
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Add an aws_flow_log with vpc_id = the VPC's id and traffic_type = "ALL" (the Network construct creates one unless it adopts an existing VPC).
package warm_standby.rules.logging.vpc_flow_logs

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some vpc in lib.resources_of("aws_vpc")
	not [vpc.stack, vpc.address] in _logged
	finding := lib.finding(vpc, sprintf("%s (%v) has no flow log (aws_flow_log with vpc_id referencing it)", [vpc.address, object.get(vpc.values, "cidr_block", "unknown CIDR")]))
}

_logged contains [vpc.stack, vpc.address] if {
	some flow in lib.resources_of("aws_flow_log")
	some vpc in lib.referenced(flow, "vpc_id", "aws_vpc")
}
