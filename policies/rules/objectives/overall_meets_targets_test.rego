package warm_standby.rules.objectives.overall_meets_targets_test

import data.warm_standby.rules.objectives.overall_meets_targets as rule
import data.warm_standby.test_fixtures as fx

_address := "output.warm_standby_stack"

_steps := {"detect": 30, "decide": 600, "switch": 60, "data_tier": 780, "compute": 600, "traffic": 60, "verify": 300}

_estimate(rpo, rto) := {
	"environment": "example", "mode": "normal",
	# Every component meets the targets: only the overall figures can fail the rule.
	"components": [{"component": "rds", "rpo_seconds": 60, "rto_seconds": 780, "target_rpo_seconds": 900, "target_rto_seconds": 1000, "meets": true, "basis": "b"}],
	"overall": {"rpo_seconds": rpo, "rto_seconds": rto, "target_rpo_seconds": 900, "target_rto_seconds": 1000, "steps": _steps},
}

test_noncompliant_1_rto_sum_missed if {
	findings := rule.deny with input as fx.app with data.objectives as _estimate(60, 2430)
	fx.one_finding(findings, "example-standby", _address)
	fx.finding_with(findings, "example-standby", _address, "overall estimate misses the environment example targets: RTO 2430 s > target 1000 s (RTO = runbook total: detect 30 s + decide 600 s + switch 60 s + data_tier 780 s + compute 600 s + traffic 60 s + verify 300 s)")
}

test_noncompliant_2_rpo_and_rto_missed if {
	findings := rule.deny with input as fx.app with data.objectives as _estimate(4500, 2430)
	fx.one_finding(findings, "example-standby", _address)
	fx.finding_with(findings, "example-standby", _address, "RPO 4500 s > target 900 s, RTO 2430 s > target 1000 s")
}

test_noncompliant_3_failover_app if {
	findings := rule.deny with input as fx.failover_app with data.objectives as _estimate(60, 1001)
	fx.one_finding(findings, "example-standby", _address)
}

test_compliant if {
	count(rule.deny) == 0 with input as fx.app with data.objectives as _estimate(900, 1000)
}

test_compliant_no_estimate_no_findings if {
	# main.rego marks the rule not_evaluated without data.objectives; the rule itself finds nothing.
	count(rule.deny) == 0 with input as fx.app
}
