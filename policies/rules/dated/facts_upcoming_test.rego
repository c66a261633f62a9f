package warm_standby.rules.dated.facts_upcoming_test

import data.warm_standby.lib.dated
import data.warm_standby.rules.dated.facts_upcoming as rule
import data.warm_standby.test_fixtures as fx

_loader := "aws_lambda_function.Feed_Loader_9A0B1C2D"

_table := {"warning_days": 90, "facts": [{
	"id": "lambda-nodejs24.x-create", "kind": "lambda_runtime", "subject": "nodejs24.x", "effect": "Lambda refuses to create functions on this runtime",
	"date": "2028-06-01", "source": "https://example.test/source", "checked": "2026-12-03",
}]}

_app := fx.patch_stack(fx.app, "example-primary", [fx.add("/resource/aws_lambda_function/Feed_Loader_9A0B1C2D/runtime", "nodejs24.x")])

test_noncompliant_1_inside_window if {
	findings := rule.deny with input as _app with data.dated_facts as _table with data.params as {"today": "2028-05-01"}
	fx.one_finding(findings, "example-primary", _loader)
	fx.finding_with(findings, "example-primary", _loader, "in 31 days")
}

test_noncompliant_2_last_day_before if {
	fx.one_finding(rule.deny, "example-primary", _loader) with input as _app with data.dated_facts as _table with data.params as {"today": "2028-05-31"}
}

test_compliant_outside_window if {
	count(rule.deny) == 0 with input as _app with data.dated_facts as _table with data.params as {"today": "2026-12-03"}
}

test_compliant_on_the_date_is_wsdate001s if {
	count(rule.deny) == 0 with input as _app with data.dated_facts as _table with data.params as {"today": "2028-06-01"}
}

test_days_from_civil if {
	dated.days("1970-01-01") == 0
	dated.days("2000-03-01") == 11017
	dated.days("2028-06-01") - dated.days("2028-05-01") == 31
	dated.days("2025-03-01") - dated.days("2025-02-28") == 1
}
