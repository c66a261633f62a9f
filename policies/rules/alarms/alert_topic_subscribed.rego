# METADATA
# title: Every alert topic pages someone
# description: |
#   An alarm that notifies an SNS topic nobody subscribes to pages nobody: replication can break and
#   the failover decision waits for a customer to notice. Each alert topic (an aws_sns_topic tagged
#   warm-standby/component=alert-topic, or one an alarm's alarm_actions or ok_actions names) needs an
#   aws_sns_topic_subscription in the configuration, or a subscriber managed elsewhere declared with
#   the tag warm-standby/external-subscriber (environment setting alerts.externalSubscriber).
# custom:
#   id: WS-ALARM-003
#   severity: HIGH
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Set alerts.email in the environment (an e-mail subscription per alert topic), or declare the subscriber managed outside this project in alerts.externalSubscriber.
package warm_standby.rules.alarms.alert_topic_subscribed

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

_external_tag := "warm-standby/external-subscriber"

deny contains finding if {
	some topic in lib.resources_of("aws_sns_topic")
	_alert_topic(topic)
	not _declared_external(topic)
	not [topic.stack, topic.address] in _subscribed
	finding := lib.finding(topic, sprintf(
		"%s (%v) is an alert topic with no subscription and no declared external subscriber (tag %s): its alarms page nobody",
		[topic.address, object.get(topic.values, "name", "unnamed"), _external_tag],
	))
}

_alert_topic(topic) if lib.is_component(topic, "alert-topic")

_alert_topic(topic) if [topic.stack, topic.address] in _alarm_targets

_action_attributes := ["alarm_actions", "ok_actions"]

# Topics alarms notify: by reference in the alarm's stack, or by a literal ARN (Region and name).
_alarm_targets contains [t.stack, t.address] if {
	some alarm in lib.resources_of("aws_cloudwatch_metric_alarm")
	some attr in _action_attributes
	some t in lib.referenced(alarm, attr, "aws_sns_topic")
}

_alarm_targets contains [t.stack, t.address] if {
	some alarm in lib.resources_of("aws_cloudwatch_metric_alarm")
	some attr in _action_attributes
	some arn in lib.as_list_of_strings(object.get(alarm.values, attr, []))
	lib.arn_service(arn) == "sns"
	some t in lib.resources_in("aws_sns_topic", lib.arn_region(arn))
	t.values.name == lib.arn_last(arn)
}

_declared_external(topic) if {
	value := lib.tag(topic, _external_tag)
	trim_space(value) != ""
}

# Topics with a subscription, by reference or by literal topic ARN.
_subscribed contains target if {
	some subscription in lib.resources_of("aws_sns_topic_subscription")
	some target in lib.targets(subscription, "topic_arn", "aws_sns_topic")
}
