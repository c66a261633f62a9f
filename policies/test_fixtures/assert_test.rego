# Test-only assertion helpers shared by the rule tests.
package warm_standby.test_fixtures

# Exactly one finding, about this address in this stack, whose message names the address.
one_finding(findings, stack, address) if {
	count(findings) == 1
	some f in findings
	f.stack == stack
	f.address == address
	contains(f.message, address)
}

# At least one finding about this address in this stack whose message contains `text`.
finding_with(findings, stack, address, text) if {
	some f in findings
	f.stack == stack
	f.address == address
	contains(f.message, text)
}

# json.patch operation helpers.
remove(path) := {"op": "remove", "path": path}

replace(path, value) := {"op": "replace", "path": path, "value": value}

add(path, value) := {"op": "add", "path": path, "value": value}
