# METADATA
# title: Velero schedules do not back up at once on install
# description: |
#   A new Velero Schedule backs up at once unless it is created paused (spec.paused) or with
#   spec.skipImmediately. On the primary, that first backup lands in the backup bucket before the
#   replication stack has added the bucket's replication rule, and S3 replication never copies
#   objects written before its rule existed. Every schedule of a Velero release
#   (set entry schedules.<name>.schedule) must also set schedules.<name>.skipImmediately or
#   schedules.<name>.paused to true.
# custom:
#   id: WS-BAK-008
#   severity: MEDIUM
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Use VeleroRelease (it sets skipImmediately on every schedule) and deploy a new environment with velero.schedulePaused true until the replication stack exists.
package warm_standby.rules.backup.schedule_not_immediate

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some release in lib.resources_of("helm_release")
	lib.is_velero(release)
	some name in _schedules(release)
	not _deferred(release, name)
	finding := lib.finding(release, sprintf(
		"%s: Velero schedule %s backs up as soon as it is installed (neither schedules.%s.skipImmediately nor schedules.%s.paused is true), before the bucket's replication rule may exist",
		[release.address, name, name, name],
	))
}

# Schedule names with a cron entry: set entries schedules.<name>.schedule, or schedules.<name>.schedule
# in a values document.
_schedules(release) := {name |
	some entry in lib.as_list(object.get(release.values, "set", []))
	startswith(entry.name, "schedules.")
	endswith(entry.name, ".schedule")
	name := trim_suffix(trim_prefix(entry.name, "schedules."), ".schedule")
	not contains(name, ".")
} | {name |
	some doc in lib.helm_values_docs(release)
	some name, schedule in object.get(doc, "schedules", {})
	is_object(schedule)
	schedule.schedule
}

_deferred(release, name) if _flag(release, name, "skipImmediately")

_deferred(release, name) if _flag(release, name, "paused")

# A set entry overrides the values documents (as Helm does); otherwise the last document decides.
_flag(release, name, flag) if lib.is_true(lib.helm_set(release, _flag_key(name, flag)))

_flag(release, name, flag) if {
	not lib.helm_set(release, _flag_key(name, flag))
	lib.is_true(lib.helm_value(release, ["schedules", name, flag]))
}

_flag_key(name, flag) := concat("", ["schedules.", name, ".", flag])
