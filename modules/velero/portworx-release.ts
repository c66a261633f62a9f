import { Construct } from 'constructs';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { Release } from '@cdktf/provider-helm/lib/release';
import { stringify } from 'yaml';
import { requireProp } from '../core';
import { EXACT_CHART_VERSION } from './private/helm';

/** Helm repository of the Portworx chart. */
export const PORTWORX_CHART_REPOSITORY = 'https://raw.githubusercontent.com/portworx/helm/master/stable';

const RELEASE_NAME = 'portworx';
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export interface PortworxReleaseProps {
  /** Exact version of the `portworx` chart, e.g. `3.3.0`. */
  readonly chartVersion: string;
  /** Name of the Portworx StorageCluster (a DNS label, unique per cluster). */
  readonly clusterName: string;
  /**
   * Namespace Portworx is installed in (created if missing).
   * @default 'portworx'
   */
  readonly namespace?: string;
  /**
   * Cloud drive specs Portworx provisions on each storage node, as EBS volumes.
   * @default ['type=gp3,size=150']
   */
  readonly driveSpecs?: string[];
  /**
   * Helm provider for this cluster.
   * @default - the stack's default Helm provider
   */
  readonly helmProvider?: HelmProvider;
}

/**
 * Portworx installed with Helm on EKS: operator + StorageCluster with EBS (gp3) cloud drives,
 * internal KVDB, never on control-plane nodes (CSI and Stork at the chart defaults). Optional
 * per environment; the stack decides whether to create it. The node role needs the EC2 volume
 * permissions Portworx documents for cloud drives (not granted here).
 */
export class PortworxRelease extends Construct {
  /** The underlying helm_release. */
  public readonly release: Release;

  constructor(scope: Construct, id: string, props: PortworxReleaseProps) {
    super(scope, id);
    const namespace = props.namespace ?? 'portworx';
    const driveSpecs = props.driveSpecs ?? ['type=gp3,size=150'];
    requireProp(EXACT_CHART_VERSION.test(props.chartVersion), 'chartVersion', props.chartVersion, 'must be an exact chart version x.y.z');
    requireProp(DNS_LABEL.test(props.clusterName) && props.clusterName.length <= 63, 'clusterName', props.clusterName, 'must be a DNS label (lower-case letters, digits, hyphens)');
    requireProp(DNS_LABEL.test(namespace) && namespace.length <= 63, 'namespace', namespace, 'must be a Kubernetes namespace name (DNS label)');
    requireProp(
      driveSpecs.length > 0 && driveSpecs.every((d) => /^type=[\w-]+(,[a-z_]+=[\w-]+)*$/.test(d)),
      'driveSpecs',
      driveSpecs,
      'must be one or more specs like "type=gp3,size=150"',
    );

    const values = {
      clusterName: props.clusterName,
      deployOnMaster: false,
      // EKS: marks the StorageCluster `portworx.io/is-eks` and provisions EBS cloud drives.
      EKSInstall: true,
      drives: driveSpecs.join(';'),
      internalKVDB: true,
      secretType: 'k8s',
      // CSI and Stork are left at the chart's defaults (on): their value shape differs between chart versions.
    };

    this.release = new Release(this, 'Release', {
      name: RELEASE_NAME,
      repository: PORTWORX_CHART_REPOSITORY,
      chart: 'portworx',
      version: props.chartVersion,
      namespace,
      createNamespace: true,
      atomic: true,
      wait: true,
      cleanupOnFail: true,
      values: [stringify(values, { lineWidth: 0 })],
      provider: props.helmProvider,
    });
  }

  /** Name of the Helm release (`portworx`). */
  public get releaseName(): string {
    return RELEASE_NAME;
  }
}
