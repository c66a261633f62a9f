package warm_standby.rules.objectives.estimates_meet_targets_test

import data.warm_standby.rules.objectives.estimates_meet_targets as rule
import data.warm_standby.test_fixtures as fx

_address := "output.warm_standby_stack"

_component(name, rpo, rto, meets) := {
	"component": name, "rpo_seconds": rpo, "rto_seconds": rto,
	"target_rpo_seconds": 900, "target_rto_seconds": 3600, "meets": meets,
	"basis": concat("", [name, " basis"]),
}

_estimate(components) := {"environment": "example", "mode": "normal", "components": components}

test_noncompliant_1_rpo_missed if {
	findings := rule.deny with input as fx.app with data.objectives as _estimate([_component("dns", 0, 90, true), _component("velero", 4500, 900, false)])
	fx.one_finding(findings, "example-standby", _address)
	fx.finding_with(findings, "example-standby", _address, "velero estimate misses the environment example targets: RPO 4500 s > target 900 s, RTO 900 s <= target 3600 s (basis: velero basis)")
}

test_noncompliant_2_one_finding_per_component if {
	findings := rule.deny with input as fx.app with data.objectives as _estimate([_component("rds", 1200, 600, false), _component("eks", 0, 7200, false)])
	count(findings) == 2
	fx.finding_with(findings, "example-standby", _address, "eks estimate misses the environment example targets: RPO 0 s <= target 900 s, RTO 7200 s > target 3600 s")
}

test_noncompliant_3_failover_app if {
	findings := rule.deny with input as fx.failover_app with data.objectives as _estimate([_component("rds", 1200, 600, false)])
	fx.one_finding(findings, "example-standby", _address)
}

test_compliant if {
	count(rule.deny) == 0 with input as fx.app with data.objectives as _estimate([_component("dns", 0, 90, true)])
}

test_compliant_no_estimate_no_findings if {
	# main.rego marks the rule not_evaluated without data.objectives; the rule itself finds nothing.
	count(rule.deny) == 0 with input as fx.app
}
