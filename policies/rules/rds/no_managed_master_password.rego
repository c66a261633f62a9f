# METADATA
# title: Replicated source does not let RDS manage its master password
# description: |
#   RDS refuses to create a read replica of a DB instance whose master user password it manages
#   in Secrets Manager (manage_master_user_password; every engine but SQL Server), and that managed
#   secret lives only in the source's Region, so a promoted replica would have no credentials. Every
#   PostgreSQL source in the primary Region has a cross-Region replica (WS-RDS-001), so none may set
#   manage_master_user_password: keep the master credential in a Secrets Manager secret replicated
#   to the standby Region and pass it through the write-only password_wo.
# custom:
#   id: WS-RDS-004
#   severity: CRITICAL
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   roles: [primary]
#   recommended_action: Remove manage_master_user_password from the source instance; store the master password in an aws_secretsmanager_secret with a replica in the standby Region and set password_wo (with password_wo_version) from it.
package warm_standby.rules.rds.no_managed_master_password

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some db in lib.resources_in("aws_db_instance", lib.primary_region)
	db.values.engine == "postgres"
	not lib.is_db_replica(db)
	lib.is_true(db.values.manage_master_user_password)
	finding := lib.finding(db, sprintf(
		"%s: manage_master_user_password is true on the source of a cross-Region read replica; RDS refuses to create the replica, and the managed secret would exist only in %s",
		[db.address, db.region],
	))
}
