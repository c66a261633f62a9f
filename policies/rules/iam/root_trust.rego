# METADATA
# title: IAM role trusts an account root without a condition
# description: |
#   A trust policy naming an account's root (arn:aws:iam::<account>:root, or the bare account id)
#   lets every IAM user and role of that account with sts:AssumeRole on "*" assume the role: for
#   the OpenSearch master user and replication principal that is full control of both domains.
#   Name the principals that may assume the role, or keep the root principal and limit it with a
#   condition (aws:PrincipalArn, aws:PrincipalTag, an external id). IAM refuses trust policies that
#   name roles which do not exist yet; a condition on aws:PrincipalArn does not have that limit.
# custom:
#   id: WS-IAM-001
#   severity: HIGH
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Add a Condition to the trust statement (e.g. ArnEquals aws:PrincipalArn with the roles that assume it) or name those roles as the Principal instead of the account root.
package warm_standby.rules.iam.root_trust

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some role in lib.resources_of("aws_iam_role")
	some s in lib.policy_statements(object.get(role.values, "assume_role_policy", null))
	object.get(s, "Effect", "") == "Allow"
	some principal in lib.statement_principals(s, "AWS")
	_is_account_root(principal)
	count(object.get(s, "Condition", {})) == 0
	finding := lib.finding(role, sprintf(
		"%s (%v): trust policy allows %s with no condition, so any principal of that account with sts:AssumeRole can assume it",
		[role.address, object.get(role.values, "name", "unnamed"), principal],
	))
}

_is_account_root(p) if regex.match(`^arn:aws[a-z-]*:iam::[0-9]{12}:root$`, p)

_is_account_root(p) if regex.match(`^[0-9]{12}$`, p)
