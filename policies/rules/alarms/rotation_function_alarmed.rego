# METADATA
# title: Every secret rotation function pages when it fails
# description: |
#   Secrets Manager rotates a secret asynchronously: RotateSecret, and rotate_immediately of
#   aws_secretsmanager_secret_rotation, only start a rotation, so the apply succeeds whether or not it
#   completes, and a rotation that keeps failing leaves the old credential in place with nobody told.
#   For every aws_secretsmanager_secret_rotation, the Lambda function in rotation_lambda_arn (a
#   reference to an aws_lambda_function of the stack, or a literal Lambda ARN) must have a CloudWatch
#   metric alarm (aws_cloudwatch_metric_alarm) with at least one alarm action on AWS/Lambda Errors
#   with the function as FunctionName (by literal name or by reference), in the function's Region. A
#   rotation whose function cannot be identified is reported too.
# custom:
#   id: WS-ALARM-005
#   severity: HIGH
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Add an alarm on AWS/Lambda Errors of the rotation function with alarm_actions on the Region's alert topic (SecretRotationAlarms in modules/alarms; PostgresInstance's master secret gets one from the region stack).
package warm_standby.rules.alarms.rotation_function_alarmed

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some rotation in lib.resources_of("aws_secretsmanager_secret_rotation")
	some fn in _functions(rotation)
	not _alarmed(fn)
	finding := lib.finding(rotation, sprintf(
		"%s rotates its secret with the Lambda function %s, which has no CloudWatch alarm with an alarm action on AWS/Lambda Errors (FunctionName) in %s: a failed rotation pages nobody",
		[rotation.address, fn.label, fn.region],
	))
}

deny contains finding if {
	some rotation in lib.resources_of("aws_secretsmanager_secret_rotation")
	count(_functions(rotation)) == 0
	finding := lib.finding(rotation, sprintf(
		"%s: rotation_lambda_arn (%v) is neither a reference to an aws_lambda_function of the stack nor a literal Lambda ARN, so no alarm on its errors can be shown",
		[rotation.address, object.get(rotation.values, "rotation_lambda_arn", "unset")],
	))
}

# The rotation function: {stack, address (or null for a literal ARN), name (or null), label, region}.
_functions(rotation) := {fn |
	some f in lib.referenced(rotation, "rotation_lambda_arn", "aws_lambda_function")
	name := _literal_or_null(object.get(f.values, "function_name", null))
	fn := {"stack": f.stack, "address": f.address, "name": name, "label": _label(f.address, name), "region": f.region}
} | {fn |
	arn := object.get(rotation.values, "rotation_lambda_arn", null)
	lib.is_literal(arn)
	parts := split(arn, ":")
	count(parts) >= 7
	parts[2] == "lambda"
	parts[5] == "function"
	fn := {"stack": rotation.stack, "address": null, "name": parts[6], "label": parts[6], "region": parts[3]}
}

_literal_or_null(x) := x if {
	lib.is_literal(x)
} else := null

_label(address, name) := address if {
	name == null
} else := sprintf("%s (%s)", [name, address])

# By reference: the alarm's dimensions name the function resource of the same stack.
_alarmed(fn) if {
	fn.address != null
	some alarm in _errors_alarms
	alarm.stack == fn.stack
	alarm.region == fn.region
	fn.address in object.get(alarm.attr_refs, "dimensions", set())
}

# By literal name (a literal ARN, or a plan where the dimension is the known function name).
_alarmed(fn) if {
	fn.name != null
	some alarm in _errors_alarms
	alarm.region == fn.region
	object.get(object.get(alarm.values, "dimensions", {}), "FunctionName", null) == fn.name
}

_errors_alarms contains alarm if {
	some alarm in lib.resources_of("aws_cloudwatch_metric_alarm")
	object.get(alarm.values, "namespace", null) == "AWS/Lambda"
	object.get(alarm.values, "metric_name", null) == "Errors"
	object.get(alarm.values, "actions_enabled", true) != false
	_has_actions(alarm)
}

_has_actions(alarm) if {
	actions := object.get(alarm.values, "alarm_actions", [])
	is_array(actions)
	count(actions) > 0
}

# In a plan, actions on a topic created in the same run are unknown: use the references.
_has_actions(alarm) if count(object.get(alarm.attr_refs, "alarm_actions", set())) > 0
