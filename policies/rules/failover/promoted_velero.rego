# METADATA
# title: Promoted standby backs up again and the Restore ends on a terminal phase
# description: |
#   After a failover the standby runs the workloads, so its Velero must write backups of its own:
#   a backup storage location with accessMode ReadWrite and a schedule (set entries
#   configuration.backupStorageLocation[N].accessMode and schedules.<name>.schedule). The failover
#   Restore (kubernetes_manifest, velero.io Restore) must wait for any terminal phase: its
#   wait.fields["status.phase"] pattern must match Completed, PartiallyFailed and Failed, so a failed
#   restore ends the apply at once instead of after the create timeout.
# custom:
#   id: WS-FO-005
#   severity: HIGH
#   enforcement: mandatory
#   scope: stack_local
#   modes: [failover]
#   mode_reason: in normal operation the standby's Velero only reads the replica (ReadOnly, no schedule; WS-BAK-004)
#   recommended_action: Synthesize failover mode with VeleroRelease promoted (ReadWrite, its own schedule, a writable IRSA role) and VeleroRestore, which waits for ^(Completed|PartiallyFailed|Failed|FailedValidation)$ and fails unless Completed.
package warm_standby.rules.failover.promoted_velero

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

terminal_phases := ["Completed", "PartiallyFailed", "Failed"]

deny contains finding if {
	some release in _standby_velero
	not _read_write(release)
	finding := lib.finding(release, sprintf(
		"%s: the promoted standby's Velero backup storage location is not ReadWrite, so it cannot back up the workloads it now runs",
		[release.address],
	))
}

deny contains finding if {
	some release in _standby_velero
	not _has_schedule(release)
	finding := lib.finding(release, sprintf(
		"%s: the promoted standby's Velero has no schedule (schedules.<name>.schedule), so nothing is backed up after the failover",
		[release.address],
	))
}

deny contains finding if {
	some r in _restores
	some phase in terminal_phases
	not _waits_for(r, phase)
	finding := lib.finding(r, sprintf(
		"%s: the Velero Restore's wait on status.phase does not accept %s, so the apply waits until its timeout instead of failing clearly",
		[r.address, phase],
	))
}

_failover_stack_names := {s.name | some s in lib.failover_stacks}

_standby_velero := [r |
	some r in lib.resources_in("helm_release", lib.standby_region)
	lib.is_velero(r)
	lib.failover
]

_restores := [r |
	some r in lib.resources_of("kubernetes_manifest")
	r.stack in _failover_stack_names
	r.values.manifest.kind == "Restore"
	startswith(r.values.manifest.apiVersion, "velero.io/")
]

_read_write(release) if {
	some entry in lib.as_list(object.get(release.values, "set", []))
	startswith(entry.name, "configuration.backupStorageLocation[")
	endswith(entry.name, "].accessMode")
	entry.value == "ReadWrite"
}

_has_schedule(release) if {
	some entry in lib.as_list(object.get(release.values, "set", []))
	startswith(entry.name, "schedules.")
	endswith(entry.name, ".schedule")
	lib.is_literal(entry.value)
}

# The pattern from wait { fields } (provider 2.x) or the deprecated wait_for { fields }.
_phase_pattern(r) := lib.block(r.values, "wait").fields["status.phase"]

_phase_pattern(r) := r.values.wait_for.fields["status.phase"] if not lib.block(r.values, "wait").fields["status.phase"]

_waits_for(r, phase) if {
	pattern := _phase_pattern(r)
	is_string(pattern)
	regex.match(pattern, phase)
}
