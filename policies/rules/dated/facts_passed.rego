# METADATA
# title: Nothing relies on what AWS or a chart no longer accepts
# description: |
#   The dated-facts table (policies/lib/dated_facts/data.json, data.dated_facts; each row with its
#   source and the date it was checked) lists what stops working on a date: Lambda runtimes AWS
#   blocks creating or updating functions on, EKS versions leaving standard support, chart versions
#   whose hooks run images that do not exist on a Kubernetes minor. A Lambda function, EKS cluster
#   or Helm release that matches a row whose date has passed fails to deploy (or is billed as
#   extended support). Today comes from data.params.today (the gate passes the UTC date); without it
#   the newest "checked" date of the table stands in.
# custom:
#   id: WS-DATE-001
#   severity: HIGH
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Move to the runtime, Kubernetes version or chart version the table's source names as supported (and re-check the row's date against its source).
package warm_standby.rules.dated.facts_passed

import data.warm_standby.lib
import data.warm_standby.lib.dated

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some [r, fact] in dated.matches
	dated.days(fact.date) <= dated.today_days
	finding := lib.finding(r, sprintf(
		"%s: %s since %s (%s; source %s, checked %s)",
		[r.address, fact.effect, fact.date, fact.subject, fact.source, fact.checked],
	))
}
