# Helpers of the dated-facts rules (WS-DATE-001/002): the table, today's date and what matches a row.
# Dates are YYYY-MM-DD strings turned into day numbers with integer arithmetic only (no time.*
# built-ins, so the wasm needs nothing from the host).
package warm_standby.lib.dated

import data.warm_standby.lib

facts := data.dated_facts.facts if {
	is_array(data.dated_facts.facts)
} else := []

warning_days := data.dated_facts.warning_days if {
	is_number(data.dated_facts.warning_days)
} else := 90

# Today: data.params.today when the caller passes it, else the newest date the table was checked.
today := lib.params.today if {
	is_string(lib.params.today)
	regex.match(`^\d{4}-\d{2}-\d{2}$`, lib.params.today)
} else := max({f.checked | some f in facts})

today_days := days(today)

# Days since 1970-01-01 of a YYYY-MM-DD date (proleptic Gregorian; Howard Hinnant's days_from_civil).
days(date) := n if {
	parts := split(date, "-")
	y0 := to_number(parts[0])
	m := to_number(parts[1])
	d := to_number(parts[2])
	y := y0 - _jan_feb(m)
	era := floor(y / 400)
	yoe := y - (era * 400)
	mp := (m + 9) % 12
	doy := (floor(((153 * mp) + 2) / 5) + d) - 1
	doe := (((yoe * 365) + floor(yoe / 4)) - floor(yoe / 100)) + doy
	n := ((era * 146097) + doe) - 719468
}

_jan_feb(m) := 1 if m <= 2

_jan_feb(m) := 0 if m > 2

# [resource, fact] pairs: a resource that relies on what the row describes.
matches contains [r, fact] if {
	some fact in facts
	fact.kind == "lambda_runtime"
	some r in lib.resources_of("aws_lambda_function")
	r.values.runtime == fact.subject
}

matches contains [r, fact] if {
	some fact in facts
	fact.kind == "eks_version"
	some r in lib.resources_of("aws_eks_cluster")
	r.values.version == fact.subject
}

matches contains [r, fact] if {
	some fact in facts
	fact.kind == "helm_chart"
	some r in lib.resources_of("helm_release")
	_chart(r) == fact.subject
	_version_below(r.values.version, fact.versions_below)
	_cluster_at_least(r, fact.kubernetes_from)
}

_chart(r) := parts[count(parts) - 1] if parts := split(r.values.chart, "/")

_version_below(version, bound) if {
	is_string(version)
	regex.match(`^\d+\.\d+\.\d+$`, version)
	_numbers(version) < _numbers(bound)
}

_numbers(version) := [to_number(x) | some x in split(version, ".")]

# The release's Region runs a cluster at or above the minor (the cluster is in the Region's AWS
# stack; a Kubernetes stack alone only reads it).
_cluster_at_least(r, minor) if {
	some c in lib.resources_in("aws_eks_cluster", r.region)
	_minor_at_least(c.values.version, minor)
}

_minor_at_least(version, minor) if {
	is_string(version)
	v := split(version, ".")
	b := split(minor, ".")
	[to_number(v[0]), to_number(v[1])] >= [to_number(b[0]), to_number(b[1])]
}
