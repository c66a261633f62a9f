# METADATA
# title: Portworx cloud drives are encrypted
# description: |
#   Portworx provisions its cloud drives as EBS volumes from the chart's `drives` specs
#   ("type=gp3,size=150;..."), and a spec's `enc` defaults to false (docs.portworx.com, disk
#   provisioning on AWS): without `enc=true` every application volume sits on unencrypted EBS unless
#   the account happens to encrypt EBS by default. Each spec of a Portworx helm_release must say
#   enc=true (optionally kms=<key>), in the values YAML or a `drives` set entry.
# custom:
#   id: WS-K8S-002
#   severity: HIGH
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Add enc=true to every PortworxRelease driveSpecs entry (the module refuses specs without it).
package warm_standby.rules.kubernetes.portworx_drives_encrypted

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

deny contains finding if {
	some release in lib.resources_of("helm_release")
	_is_portworx(release)
	not _drives(release)
	finding := lib.finding(release, sprintf(
		"%s: Portworx release gives no drive specs (values `drives`), so nothing says its cloud drives are encrypted (enc=true)",
		[release.address],
	))
}

deny contains finding if {
	some release in lib.resources_of("helm_release")
	_is_portworx(release)
	drives := _drives(release)
	some spec in split(drives, ";")
	not "enc=true" in split(trim_space(spec), ",")
	finding := lib.finding(release, sprintf(
		"%s: Portworx drive spec %q has no enc=true: Portworx creates it as an unencrypted EBS volume",
		[release.address, spec],
	))
}

_is_portworx(r) if {
	chart := object.get(r.values, "chart", "")
	is_string(chart)
	parts := split(chart, "/")
	parts[count(parts) - 1] == "portworx"
}

# A `drives` set entry overrides the values YAML, as in Helm; an unknown (token) value is not judged.
_drives(r) := v if {
	v := lib.helm_set(r, "drives")
	is_string(v)
} else := v if {
	v := lib.helm_value(r, ["drives"])
	is_string(v)
}
