# METADATA
# title: The failover Restore brings back application namespaces only
# description: |
#   A Velero Restore of every namespace ("*" or no includedNamespaces) puts the primary's own Velero
#   Schedule, backup locations, Portworx StorageCluster and kube-system objects into the standby,
#   which runs its own. The Restore must list application namespaces (none of velero, portworx,
#   kube-system, kube-public, kube-node-lease) and exclude schedules.velero.io and
#   storageclusters.core.libopenstorage.org.
# custom:
#   id: WS-FO-006
#   severity: HIGH
#   enforcement: mandatory
#   scope: stack_local
#   modes: [failover]
#   mode_reason: the Restore exists only in the failover plan
#   recommended_action: Give VeleroRestore includedNamespaces with the application namespaces (velero.restoreNamespaces, default [app]); it excludes Schedules, backup locations and StorageClusters itself.
package warm_standby.rules.failover.restore_scope

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

_platform_namespaces := {"*", "velero", "portworx", "kube-system", "kube-public", "kube-node-lease"}

_required_exclusions := {"schedules.velero.io", "storageclusters.core.libopenstorage.org"}

deny contains finding if {
	some r in _restores
	count(_included(r)) == 0
	finding := lib.finding(r, sprintf("%s: the Velero Restore names no includedNamespaces, so it restores every namespace of the primary", [r.address]))
}

deny contains finding if {
	some r in _restores
	some ns in _included(r)
	ns in _platform_namespaces
	finding := lib.finding(r, sprintf("%s: the Velero Restore includes namespace %s, which belongs to the platform the standby runs itself", [r.address, ns]))
}

deny contains finding if {
	some r in _restores
	some kind in _required_exclusions
	not kind in {k | some k in lib.as_list(object.get(r.values.manifest.spec, "excludedResources", []))}
	finding := lib.finding(r, sprintf("%s: the Velero Restore does not exclude %s, so the primary's object would be restored into the standby", [r.address, kind]))
}

_restores := [r |
	some r in lib.resources_of("kubernetes_manifest")
	r.values.manifest.kind == "Restore"
	startswith(r.values.manifest.apiVersion, "velero.io/")
]

_included(r) := {ns | some ns in lib.as_list(object.get(r.values.manifest.spec, "includedNamespaces", []))}
