# METADATA
# title: Promoted database is Multi-AZ when the environment asks
# description: |
#   In failover mode the promoted replica becomes the database of record. When the environment
#   runs its database Multi-AZ (db_multi_az in the standby stack's warm_standby_stack output,
#   from rds.multiAz; the primary stack is not part of a failover plan), every standalone DB
#   instance of the promoted standby must set multi_az = true, or the surviving Region runs the
#   whole load on one Availability Zone.
# custom:
#   id: WS-RDS-005
#   severity: HIGH
#   enforcement: mandatory
#   scope: stack_local
#   modes: [failover]
#   mode_reason: a warm replica may run single-AZ; Multi-AZ matters once it is promoted
#   recommended_action: Synthesize the failover with the promoted replica's multiAz set to rds.multiAz (the failover mode does this), and keep db_multi_az in the warm_standby_stack output.
package warm_standby.rules.rds.promoted_multi_az

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

_output := "output.warm_standby_stack"

deny contains finding if {
	some s in lib.failover_stacks
	not is_boolean(s.db_multi_az)
	finding := lib.stack_finding(s.name, _output, sprintf(
		"%s: the failover stack %s does not declare db_multi_az (true or false), so the promoted database's Multi-AZ setting cannot be checked against the environment's",
		[_output, s.name],
	))
}

deny contains finding if {
	some s in lib.failover_stacks
	s.db_multi_az == true
	some db in lib.resources_of("aws_db_instance")
	db.stack == s.name
	not lib.is_db_replica(db)
	not lib.is_true(object.get(db.values, "multi_az", false))
	finding := lib.finding(db, sprintf(
		"%s: the promoted database is not Multi-AZ (multi_az = %v) although the environment runs its database Multi-AZ",
		[db.address, object.get(db.values, "multi_az", "unset")],
	))
}
