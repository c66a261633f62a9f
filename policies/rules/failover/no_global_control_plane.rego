# METADATA
# title: The failover plan writes nothing in a global control plane
# description: |
#   IAM, Route 53 (records, health checks) and Route 53 ARC's control configuration are global
#   services whose control planes run in us-east-1 (aws partition); a failover away from that
#   Region cannot count on them. The failover plan of the standby stacks may change only regional,
#   data-plane-side resources (database promotion, node-group scale-up, Velero, the Restore): every
#   IAM role and policy and every DNS object it needs is created in normal operation, and the DNS
#   switch is flipped through the ARC data plane, not by Terraform. A resource_changes entry that
#   creates, updates or deletes one of those types in a failover plan is refused. Only a plan shows
#   changes: on a synthesized app (which declares every resource, changed or not) it finds nothing.
#   The provider's own account check must not reach IAM either: with allowed_account_ids the AWS
#   provider asks STS GetCallerIdentity for the account, unless skip_credentials_validation = true,
#   which makes it try iam:GetUser first (retried max_retries times while IAM is unreachable), and
#   skip_requesting_account_id = true leaves the account empty, which the allow-list refuses
#   (aws-sdk-go-base GetAwsAccountIDAndPartition, VerifyAccountIDAllowed). So an AWS provider of a
#   synthesized failover stack sets neither, and asks STS in the stack's own Region (sts_region, or
#   its region when sts_region is unset).
# custom:
#   id: WS-FO-007
#   severity: HIGH
#   enforcement: mandatory
#   scope: stack_local
#   modes: [failover]
#   mode_reason: normal operation may change IAM and Route 53; the failover path may not
#   recommended_action: Pre-provision the role or record in normal operation (the promoted permissions already granted), and plan the failover with -refresh=false and -target on the regional resources only (scripts/failover-targets.ts); give every AWS provider allowed_account_ids with sts_region = the stack's Region and no skip_credentials_validation or skip_requesting_account_id.
package warm_standby.rules.failover.no_global_control_plane

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

# Resource type prefixes served by a global control plane.
global_prefixes := ["aws_iam_", "aws_route53_", "aws_route53recoverycontrolconfig_", "aws_cloudfront_", "aws_organizations_"]

deny contains finding if {
	some s in lib.failover_stacks
	some rc in _changes
	_global(rc.type)
	_writes(rc.change.actions)
	finding := lib.stack_finding(s.name, rc.address, sprintf(
		"%s: the failover plan would %s a %s, whose control plane is global (us-east-1); pre-provision it in normal operation and leave it out of the failover plan",
		[rc.address, concat("/", rc.change.actions), rc.type],
	))
}

_changes := input.resource_changes if {
	lib.input_kind == "plan"
	is_array(input.resource_changes)
} else := input.plan.resource_changes if {
	lib.input_kind == "hcp"
	is_array(input.plan.resource_changes)
} else := []

_global(rtype) if {
	some prefix in global_prefixes
	startswith(rtype, prefix)
}

_writes(actions) if {
	some action in actions
	action in {"create", "update", "delete"}
}

deny contains finding if {
	some s in lib.failover_stacks
	some p in lib.aws_provider_configs
	p.stack == s.name
	some problem in _account_lookup_problems(p, s.region)
	address := concat(".", ["provider", p.key])
	finding := lib.stack_finding(s.name, address, sprintf("%s: %s", [address, problem]))
}

_account_lookup_problems(p, region) := {problem |
	some check, problem in {
		"skip_credentials_validation": "skip_credentials_validation = true makes the account lookup try iam:GetUser (IAM, a global control plane) before STS; leave credential validation on",
		"skip_requesting_account_id": "skip_requesting_account_id = true leaves the account unknown, so allowed_account_ids refuses it (or the guard is dropped); leave it off",
	}
	lib.is_true(object.get(p.config, check, false))
} | {problem |
	sts := object.get(p.config, "sts_region", p.region)
	sts != region
	problem := sprintf("the account lookup asks STS in %v, not in the failover stack's Region %s; set sts_region = %q", [sts, region, region])
}
