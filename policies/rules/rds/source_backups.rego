# METADATA
# title: Source database keeps automated backups
# description: |
#   RDS creates read replicas only from instances with automated backups, and the source's
#   backups are the recovery point if both Regions' copies are damaged: every PostgreSQL
#   instance that is not itself a replica sets backup_retention_period >= 1.
# custom:
#   id: WS-RDS-002
#   severity: HIGH
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Set backup_retention_period to at least 1 day (rds.backupRetentionDays) on the source instance.
package warm_standby.rules.rds.source_backups

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some db in lib.resources_of("aws_db_instance")
	db.values.engine == "postgres"
	not lib.is_db_replica(db)
	not _keeps_backups(db)
	finding := lib.finding(db, sprintf(
		"%s: backup_retention_period is %v; a replicated source needs automated backups (>= 1 day)",
		[db.address, object.get(db.values, "backup_retention_period", "unset")],
	))
}

_keeps_backups(db) if lib.num(db.values.backup_retention_period) >= 1
