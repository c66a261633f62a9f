# METADATA
# title: Alarm actions are in the alarm's own Region
# description: |
#   CloudWatch rejects an alarm whose action (an SNS topic, an Auto Scaling policy, an EC2 action)
#   is in another Region ("Invalid region ... specified. Only <region> is supported"), so an alert
#   topic must exist in every Region that has alarms, including us-east-1 for Route 53 health check
#   alarms. Checked for every action of aws_cloudwatch_metric_alarm (alarm_actions, ok_actions,
#   insufficient_data_actions): a literal ARN by its Region, a referenced SNS topic by the Region of
#   the provider that creates it.
# custom:
#   id: WS-ALARM-002
#   severity: HIGH
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Point the alarm at an SNS topic in the alarm's own Region (create one there, with an aliased provider if needed, e.g. us-east-1 for Route 53 health checks).
package warm_standby.rules.alarms.actions_in_alarm_region

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

_action_attributes := ["alarm_actions", "ok_actions", "insufficient_data_actions"]

deny contains finding if {
	some alarm in lib.resources_of("aws_cloudwatch_metric_alarm")
	some attr in _action_attributes
	some action in _list(object.get(alarm.values, attr, []))
	region := lib.arn_region(action)
	region != ""
	region != alarm.region
	finding := lib.finding(alarm, sprintf("%s: %s %s is in %s, not in the alarm's Region %s; CloudWatch rejects it", [alarm.address, attr, action, region, alarm.region]))
}

deny contains finding if {
	some alarm in lib.resources_of("aws_cloudwatch_metric_alarm")
	some attr in _action_attributes
	some ref in object.get(alarm.attr_refs, attr, set())
	region := _topic_regions[[alarm.stack, ref]]
	region != alarm.region
	finding := lib.finding(alarm, sprintf("%s: %s %s is in %s, not in the alarm's Region %s; CloudWatch rejects it", [alarm.address, attr, ref, region, alarm.region]))
}

_topic_regions := {[t.stack, t.address]: t.region |
	some t in lib.resources_of("aws_sns_topic")
	is_string(t.region)
}

_list(x) := x if {
	is_array(x)
} else := []
