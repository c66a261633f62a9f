# METADATA
# title: EC2 volume or snapshot deletion allowed without a tag condition
# description: |
#   A policy that allows ec2:DeleteVolume, ec2:DetachVolume or ec2:DeleteSnapshot on every volume or
#   snapshot ("*", or an ARN pattern ending in volume/* or snapshot/*) lets its holder destroy or
#   detach any disk or backup in the account, not only the ones it created: Velero and Portworx
#   need these actions only for their own snapshots and drives. The EC2 actions support
#   resource-level permissions and the aws:ResourceTag condition key (Service Authorization
#   Reference), and both tools tag what they create (Velero velero.io/backup on snapshots; Portworx
#   the tags of its drive template), so condition the statement on that tag.
# custom:
#   id: WS-IAM-002
#   severity: HIGH
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Scope the destructive EC2 actions with a Condition on aws:ResourceTag/<key> (the tag the tool puts on what it creates) and keep only Describe* actions on "*".
package warm_standby.rules.iam.volume_delete_tag_condition

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

_destructive := {
	"ec2:deletevolume": "arn:aws:ec2:us-east-1:123456789012:volume/vol-0",
	"ec2:detachvolume": "arn:aws:ec2:us-east-1:123456789012:volume/vol-0",
	"ec2:deletesnapshot": "arn:aws:ec2:us-east-1::snapshot/snap-0",
}

deny contains finding if {
	some item in lib.iam_policy_documents
	hits := {sprintf("%s on %s", [action, resource]) |
		some s in lib.policy_statements(item.doc)
		object.get(s, "Effect", "") == "Allow"
		not _tag_condition(s)
		some action, sample in _destructive
		some pattern in lib.statement_actions(s)
		lib.iam_pattern_covers(pattern, action)
		some resource in lib.statement_resources(s)
		lib.iam_pattern_covers(_without_partition(resource), sample)
	}
	count(hits) > 0
	finding := lib.finding(item.resource, sprintf(
		"%s: allows %s without an aws:ResourceTag condition, so it can destroy or detach any volume or snapshot in the account",
		[item.resource.address, concat(", ", sort(hits))],
	))
}

# Partition-independent: aws-cn and aws-us-gov ARNs are judged like aws ones.
_without_partition(resource) := concat(":", array.concat(["arn", "aws"], array.slice(parts, 2, count(parts)))) if {
	parts := split(resource, ":")
	count(parts) > 2
	parts[0] == "arn"
}

_without_partition(resource) := resource if not startswith(resource, "arn:")

_tag_condition(s) if {
	some key in lib.condition_keys(s)
	regex.match(`^(aws|ec2):resourcetag/.+`, key)
}
