// Values the environments read (their defaults and validation). Kept apart from the constructs so that
// loading an environment does not load the Helm and AWS providers.

/**
 * Chart version used by the environments' defaults: chart 12.0.3 = Velero 1.18.1. From 12.0.0 the
 * `upgrade-crds` hook runs `velero install --crds-only` on the Velero image; 10.x/11.x ran it on
 * `bitnamilegacy/kubectl:<cluster minor>`, which has no 1.35 tag (vmware-tanzu/helm-charts#727).
 */
export const DEFAULT_VELERO_CHART_VERSION = '12.0.3';

/**
 * Chart version used by the environments' defaults: Portworx chart 9.1.1 installs Portworx Enterprise
 * 3.6.1 (portworx/helm stable/index.yaml). Its post-install, pre-upgrade and pre-delete hooks run
 * `alpine/kubectl:<minor>.0` on Kubernetes >= 1.34 (portworx/helm 4a1a56ec, `px.kubectlImageTag`);
 * charts before 9.0.1 (7.0.5 included) ran `bitnamilegacy/kubectl:<minor>` or a patch-level tag,
 * which do not exist for EKS 1.35, so an upgrade or destroy failed in the hook.
 */
export const DEFAULT_PORTWORX_CHART_VERSION = '9.1.1';

/** Nodes Portworx's internal KVDB needs for a quorum: three storage nodes. */
export const PORTWORX_INTERNAL_KVDB_NODES = 3;
