# METADATA
# title: Nothing relies on what AWS or a chart stops accepting soon
# description: |
#   Advisory twin of WS-DATE-001: a Lambda function, EKS cluster or Helm release that matches a row
#   of the dated-facts table whose date lies within the table's warning window (warning_days) ahead
#   of today. Move before the date, while a deploy still works.
# custom:
#   id: WS-DATE-002
#   severity: MEDIUM
#   enforcement: advisory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Plan the move to a supported runtime, Kubernetes version or chart version before the row's date.
package warm_standby.rules.dated.facts_upcoming

import data.warm_standby.lib
import data.warm_standby.lib.dated

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some [r, fact] in dated.matches
	left := dated.days(fact.date) - dated.today_days
	left > 0
	left <= dated.warning_days
	finding := lib.finding(r, sprintf(
		"%s: %s on %s, in %d days (%s; source %s, checked %s)",
		[r.address, fact.effect, fact.date, left, fact.subject, fact.source, fact.checked],
	))
}
