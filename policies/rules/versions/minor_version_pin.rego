# METADATA
# title: No full minor version pin where minor versions upgrade automatically
# description: |
#   Advisory. With auto_minor_version_upgrade on (the default of aws_db_instance and aws_rds_cluster),
#   RDS moves the engine to newer minor versions on its own; an engine_version pinned to a full minor
#   version (PostgreSQL 16.4, MySQL/MariaDB 8.0.35) then differs from the running version and the next
#   plan tries to downgrade, which RDS refuses. Pin the major version only (PostgreSQL 16, MySQL 8.0):
#   the provider accepts a version prefix and reports the running one in engine_version_actual.
# custom:
#   id: WS-VER-001
#   severity: MEDIUM
#   enforcement: advisory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Set engine_version to the major version only (rds.engineVersion "16", not "16.4"), or turn auto_minor_version_upgrade off and upgrade minor versions yourself.
package warm_standby.rules.versions.minor_version_pin

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

# Engine -> pattern of a version that names a minor version, not just the major one.
_minor_pins := {
	"postgres": `^[0-9]+\.[0-9]+`,
	"aurora-postgresql": `^[0-9]+\.[0-9]+`,
	"mysql": `^[0-9]+\.[0-9]+\.[0-9]+`,
	"mariadb": `^[0-9]+\.[0-9]+\.[0-9]+`,
}

deny contains finding if {
	some rtype in ["aws_db_instance", "aws_rds_cluster"]
	some db in lib.resources_of(rtype)
	version := db.values.engine_version
	lib.is_literal(version)
	regex.match(_minor_pins[db.values.engine], version)
	_auto_minor_upgrades(db)
	finding := lib.finding(db, sprintf(
		"%s: engine_version %s pins a %s minor version while auto_minor_version_upgrade is on (the default); after RDS upgrades the minor version the next plan tries to downgrade",
		[db.address, version, db.values.engine],
	))
}

# Unset means on: both resources default auto_minor_version_upgrade to true.
_auto_minor_upgrades(db) if not _off(object.get(db.values, "auto_minor_version_upgrade", true))

_off(x) if x == false

_off(x) if x == "false"
