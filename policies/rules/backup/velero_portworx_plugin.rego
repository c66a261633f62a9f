# METADATA
# title: Velero has the Portworx plugin where Portworx runs
# description: |
#   Velero only snapshots and restores Portworx volumes through the Portworx plugin: a Velero
#   release in a Region with a Portworx release (helm_release of the portworx chart) must add the
#   plugin image (an init container whose image is portworx/velero-plugin, set entry
#   initContainers[N].image) and a VolumeSnapshotLocation with provider portworx.io/portworx
#   (set entry configuration.volumeSnapshotLocation[N].provider).
# custom:
#   id: WS-BAK-007
#   severity: HIGH
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Pass portworx options to the VeleroRelease (portworx.enabled environments do), which adds the portworx/velero-plugin init container and a portworx.io/portworx VolumeSnapshotLocation.
package warm_standby.rules.backup.velero_portworx_plugin

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

provider := "portworx.io/portworx"

deny contains finding if {
	some release in _velero_with_portworx
	not _has_plugin(release)
	finding := lib.finding(release, sprintf(
		"%s: Velero in %s, where Portworx runs, has no portworx/velero-plugin init container (initContainers[N].image)",
		[release.address, release.region],
	))
}

deny contains finding if {
	some release in _velero_with_portworx
	not _has_location(release)
	finding := lib.finding(release, sprintf(
		"%s: Velero in %s, where Portworx runs, has no VolumeSnapshotLocation with provider %s (configuration.volumeSnapshotLocation[N].provider)",
		[release.address, release.region, provider],
	))
}

_velero_with_portworx := [r |
	some r in lib.resources_of("helm_release")
	lib.is_velero(r)
	r.region in _portworx_regions
]

_portworx_regions contains r.region if {
	some r in lib.resources_of("helm_release")
	parts := split(r.values.chart, "/")
	parts[count(parts) - 1] == "portworx"
}

# Init container images and snapshot location providers as Helm renders them (set entries override
# the values YAML element by element).
_has_plugin(release) if {
	some image in lib.helm_list_values(release, "initContainers", "image")
	is_string(image)
	_image_name(image) == "portworx/velero-plugin"
}

# Image name without tag or digest (and without a docker.io/ prefix).
_image_name(image) := trim_prefix(split(split(image, "@")[0], ":")[0], "docker.io/")

_has_location(release) if provider in lib.helm_list_values(release, "configuration.volumeSnapshotLocation", "provider")
