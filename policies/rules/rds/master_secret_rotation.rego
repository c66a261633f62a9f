# METADATA
# title: The database master secret is rotated on a schedule
# description: |
#   The master credential of the PostgreSQL source (Secrets Manager secret tagged
#   warm-standby/secret-class = db-master, or named <identifier>-master after a DB instance of the
#   same stack) opens every table of the payment database. It must be rotated: an
#   aws_secretsmanager_secret_rotation must reference it with a schedule of at most
#   max_master_secret_rotation_days (parameter, default 90), given as rotation_rules
#   automatically_after_days or schedule_expression rate(N days|hours). A cron() schedule is reported
#   too: its longest gap cannot be read from the expression alone.
# custom:
#   id: WS-RDS-007
#   severity: HIGH
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Keep PostgresInstance's master secret rotation (rds.masterPasswordRotationDays, default 30) or add an aws_secretsmanager_secret_rotation for the secret with rate(N days), N at most max_master_secret_rotation_days.
package warm_standby.rules.rds.master_secret_rotation

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

_max_days := lib.params.max_master_secret_rotation_days

deny contains finding if {
	some secret in _master_secrets
	count(_rotations_of(secret)) == 0
	finding := lib.finding(secret, sprintf(
		"%s (%v) holds a database master password and is never rotated (no aws_secretsmanager_secret_rotation references it)",
		[secret.address, object.get(secret.values, "name", "unnamed secret")],
	))
}

deny contains finding if {
	some secret in _master_secrets
	some rotation in _rotations_of(secret)
	days := _schedule_days(rotation)
	days > _max_days
	finding := lib.finding(secret, sprintf(
		"%s (%v) is rotated every %v days by %s; at most %v days allowed (max_master_secret_rotation_days)",
		[secret.address, object.get(secret.values, "name", "unnamed secret"), days, rotation.address, _max_days],
	))
}

deny contains finding if {
	some secret in _master_secrets
	some rotation in _rotations_of(secret)
	not _schedule_days(rotation)
	finding := lib.finding(secret, sprintf(
		"%s (%v): the schedule of %s (%v) is not automatically_after_days or rate(N days|hours), so it cannot be shown to rotate within %v days",
		[secret.address, object.get(secret.values, "name", "unnamed secret"), rotation.address, _schedule_text(rotation), _max_days],
	))
}

_master_secrets contains secret if {
	some secret in lib.resources_of("aws_secretsmanager_secret")
	lib.has_tag(secret, "warm-standby/secret-class", "db-master")
}

_master_secrets contains secret if {
	some secret in lib.resources_of("aws_secretsmanager_secret")
	some db in lib.resources_of("aws_db_instance")
	db.stack == secret.stack
	lib.is_literal(db.values.identifier)
	secret.values.name == concat("", [db.values.identifier, "-master"])
}

_rotations_of(secret) := [rotation |
	some rotation in lib.resources_of("aws_secretsmanager_secret_rotation")
	some target in lib.referenced(rotation, "secret_id", "aws_secretsmanager_secret")
	target.address == secret.address
]

_rules(rotation) := lib.block(rotation.values, "rotation_rules")

_schedule_days(rotation) := lib.num(_rules(rotation).automatically_after_days) if {
	lib.num(_rules(rotation).automatically_after_days) > 0
} else := to_number(parts[1]) if {
	parts := regex.find_all_string_submatch_n(`^rate\(\s*([0-9]+)\s+days?\s*\)$`, _rules(rotation).schedule_expression, 1)[0]
} else := to_number(parts[1]) / 24 if {
	parts := regex.find_all_string_submatch_n(`^rate\(\s*([0-9]+)\s+hours?\s*\)$`, _rules(rotation).schedule_expression, 1)[0]
}

_schedule_text(rotation) := object.get(_rules(rotation), "schedule_expression", "no schedule")
