# METADATA
# title: Velero restores the replicated backups in the standby cluster
# description: |
#   In failover mode the standby cluster gets the workloads back from the backups replicated out
#   of the primary Region: the failover stack applies a Velero Restore (a kubernetes_manifest of
#   apiVersion velero.io/v1, kind Restore) that names the backup schedule (spec.scheduleName,
#   restoring its latest backup) or a backup (spec.backupName). The Restore lives in the standby
#   Region's Kubernetes stack; a failover app without one restores nothing. A plan of the AWS stack
#   alone has no Kubernetes layer to check.
# custom:
#   id: WS-FO-004
#   severity: HIGH
#   enforcement: mandatory
#   scope: stack_local
#   modes: [failover]
#   mode_reason: in normal operation Velero in the standby only reads the replicated backups (WS-BAK-001, WS-BAK-004)
#   recommended_action: Synthesize the failover mode (WARM_STANDBY_FAILOVER=1), which adds a kubernetes_manifest Restore with spec.scheduleName set to the primary's Velero schedule.
package warm_standby.rules.failover.velero_restore

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	lib.input_kind == "cdktf_app"
	count(lib.failover_stacks) > 0
	count(lib.failover_kubernetes_stacks) == 0
	s := lib.failover_stacks[0]
	finding := lib.stack_finding(s.name, "kubernetes_manifest", sprintf(
		"kubernetes_manifest: the failover app has no Kubernetes stack for the standby Region (next to %s), so nothing restores the workloads",
		[s.name],
	))
}

deny contains finding if {
	some s in lib.failover_kubernetes_stacks
	count(_restores(s)) == 0
	finding := lib.stack_finding(s.name, "kubernetes_manifest", sprintf(
		"kubernetes_manifest: the failover stack %s has no Velero Restore (apiVersion velero.io/v1, kind Restore), so the standby cluster gets no workloads back",
		[s.name],
	))
}

deny contains finding if {
	some s in lib.failover_kubernetes_stacks
	some r in _restores(s)
	not _names_source(r.values.manifest.spec)
	finding := lib.finding(r, sprintf("%s: the Velero Restore names neither spec.scheduleName nor spec.backupName, so it has nothing to restore", [r.address]))
}

_restores(s) := [r |
	some r in lib.resources_of("kubernetes_manifest")
	r.stack == s.name
	r.values.manifest.kind == "Restore"
	startswith(r.values.manifest.apiVersion, "velero.io/")
]

_names_source(spec) if lib.is_literal(spec.scheduleName)

_names_source(spec) if lib.is_literal(spec.backupName)
