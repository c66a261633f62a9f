package warm_standby.rules.backup.velero_portworx_plugin_test

import data.warm_standby.rules.backup.velero_portworx_plugin as rule
import data.warm_standby.test_fixtures as fx

_velero := "helm_release.Backup_Velero_B8C9D0E1"

_portworx := {"name": "portworx", "chart": "portworx", "version": "7.0.5", "namespace": "portworx"}

_plugin := {"name": "initContainers[1].image", "value": "portworx/velero-plugin:1.0.3"}

_location := {"name": "configuration.volumeSnapshotLocation[1].provider", "value": "portworx.io/portworx"}

# The standby stack with Portworx released beside Velero, and Velero's set entries extended by `extra`.
_standby(extra) := fx.patch_stack(fx.app, "example-standby", [
	fx.add("/resource/helm_release/Backup_Portworx_1A2B3C4D", _portworx),
	fx.replace("/resource/helm_release/Backup_Velero_B8C9D0E1/set", array.concat(_standby_set, extra)),
])

_standby_set := fx.standby_config.resource.helm_release.Backup_Velero_B8C9D0E1.set

test_noncompliant_1_no_plugin_no_location if {
	findings := rule.deny with input as _standby([])
	count(findings) == 2
	fx.finding_with(findings, "example-standby", _velero, "no portworx/velero-plugin init container")
	fx.finding_with(findings, "example-standby", _velero, "no VolumeSnapshotLocation with provider portworx.io/portworx")
}

test_noncompliant_2_plugin_without_location if {
	fx.one_finding(rule.deny, "example-standby", _velero) with input as _standby([_plugin])
}

test_noncompliant_3_location_without_plugin if {
	findings := rule.deny with input as _standby([_location, {"name": "initContainers[1].image", "value": "velero/velero-plugin-for-csi:v0.7.0"}])
	fx.one_finding(findings, "example-standby", _velero)
	fx.finding_with(findings, "example-standby", _velero, "no portworx/velero-plugin init container")
}

# The same settings given in the release's values YAML instead of set entries.
_with_values(yaml_text) := fx.patch_stack(_standby([]), "example-standby", [fx.add("/resource/helm_release/Backup_Velero_B8C9D0E1/values", [yaml_text])])

test_noncompliant_4_values_yaml_with_another_plugin_only if {
	app := _with_values("initContainers:\n  - name: aws\n    image: velero/velero-plugin-for-aws:v1.10.0\nconfiguration:\n  volumeSnapshotLocation:\n    - provider: portworx.io/portworx\n")
	findings := rule.deny with input as app
	fx.one_finding(findings, "example-standby", _velero)
	fx.finding_with(findings, "example-standby", _velero, "no portworx/velero-plugin init container")
}

test_compliant_values_yaml if {
	app := _with_values("initContainers:\n  - name: px\n    image: portworx/velero-plugin:1.0.3\nconfiguration:\n  volumeSnapshotLocation:\n    - provider: portworx.io/portworx\n")
	count(rule.deny) == 0 with input as app
}

test_compliant if {
	count(rule.deny) == 0 with input as fx.app
	count(rule.deny) == 0 with input as _standby([_plugin, _location])
	count(rule.deny) == 0 with input as _standby([{"name": "initContainers[1].image", "value": "docker.io/portworx/velero-plugin@sha256:0123"}, _location])
}
