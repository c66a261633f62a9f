# METADATA
# title: Alert topics have a subscriber
# description: |
#   Every replication alarm notifies an SNS topic; a topic nobody subscribes to drops every
#   notification, so a broken replication path (replica lag, S3 replication failures, dead letters,
#   OpenSearch replication) pages no one and the standby silently falls behind. Every aws_sns_topic
#   that an aws_cloudwatch_metric_alarm notifies (alarm_actions, ok_actions,
#   insufficient_data_actions; by reference, or by a literal ARN naming the topic in its Region)
#   needs an aws_sns_topic_subscription to it (by reference or literal ARN), or the tag
#   warm-standby:external-subscriber on the topic declaring that a subscriber outside this
#   configuration (a paging service subscribed by another team) exists.
# custom:
#   id: WS-ALARM-003
#   severity: HIGH
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Subscribe someone to the alert topic (alerts.email in the environment), or, when a subscriber is managed elsewhere, tag the topic warm-standby:external-subscriber with who it is.
package warm_standby.rules.alarms.alert_topic_subscribed

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

# Tag a topic carries when its subscriber is managed outside this configuration.
_external_tag := "warm-standby:external-subscriber"

deny contains finding if {
	some topic in lib.resources_of("aws_sns_topic")
	[topic.stack, topic.address] in _alert_topics
	not [topic.stack, topic.address] in _subscribed
	not _declared_external(topic)
	finding := lib.finding(topic, sprintf(
		"%s: alert topic %v has no aws_sns_topic_subscription and no %s tag, so the alarms that notify it page no one",
		[topic.address, object.get(topic.values, "name", topic.address), _external_tag],
	))
}

_action_attributes := ["alarm_actions", "ok_actions", "insufficient_data_actions"]

# [stack, address] of every topic an alarm notifies: referenced in the alarm's stack, or named by a
# literal ARN (matched by Region and topic name, in any stack).
_alert_topics contains key if {
	some alarm in lib.resources_of("aws_cloudwatch_metric_alarm")
	some attr in _action_attributes
	some ref in object.get(alarm.attr_refs, attr, set())
	key := [alarm.stack, ref]
	_topic_keys[key]
}

_alert_topics contains key if {
	some alarm in lib.resources_of("aws_cloudwatch_metric_alarm")
	some attr in _action_attributes
	some action in lib.as_list_of_strings(object.get(alarm.values, attr, []))
	lib.arn_service(action) == "sns"
	some key in _topics_by_region_name[[lib.arn_region(action), lib.arn_last(action)]]
}

_topic_keys := {[t.stack, t.address]: true | some t in lib.resources_of("aws_sns_topic")}

_topics_by_region_name[rn] := keys if {
	some rn in {[t.region, t.values.name] | some t in lib.resources_of("aws_sns_topic"); lib.is_literal(t.values.name)}
	keys := [[t.stack, t.address] | some t in lib.resources_of("aws_sns_topic"); [t.region, t.values.name] == rn]
}

# [stack, address] of every topic some subscription points at.
_subscribed contains key if {
	some subscription in lib.resources_of("aws_sns_topic_subscription")
	some key in lib.targets(subscription, "topic_arn", "aws_sns_topic")
}

_declared_external(topic) if {
	value := lib.tag(topic, _external_tag)
	trim_space(value) != ""
}
