# METADATA
# title: Velero released in both clusters
# description: |
#   Velero backs up persistent volumes in the primary cluster and restores them in the standby
#   cluster on failover, so each Region needs a helm_release of the velero chart.
# custom:
#   id: WS-BAK-001
#   severity: HIGH
#   enforcement: mandatory
#   scope: cross_region
#   modes: [normal]
#   mode_reason: Velero in the lost primary cluster is not planned; WS-FO-004 checks the restore in the standby cluster
#   recommended_action: Install the velero Helm chart in the Region's cluster (primary with backup schedules, standby reading the replica bucket).
package warm_standby.rules.backup.velero_both_regions

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some side in lib.regions
	not _velero_in(side.region)
	finding := lib.stack_finding(side.stack, "helm_release", sprintf(
		"helm_release: no Velero release in the %s Region %s (stack %s)",
		[side.role, side.region, side.stack],
	))
}

_velero_in(region) if {
	some r in lib.resources_in("helm_release", region)
	lib.is_velero(r)
}
