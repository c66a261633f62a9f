import { defineEnvironment } from './defaults';

/** Production in Europe: eu-west-1 primary, eu-central-1 standby, Terraform Cloud workspaces, Portworx on. */
export const prodEu = defineEnvironment({
  name: 'prod-eu',
  app: 'payments',
  accountId: '210987654321',
  primaryRegion: 'eu-west-1',
  standbyRegion: 'eu-central-1',
  tags: { CostCenter: 'payments', Owner: 'platform-team', DataClass: 'pci' },
  dns: {
    hostedZoneId: 'Z0PRODEU0987654321',
    recordName: 'pay.eu.example.com',
    primaryTarget: 'pay-euw1.eu.example.com',
    standbyTarget: 'pay-euc1.eu.example.com',
    healthCheck: { requestIntervalSeconds: 10, failureThreshold: 3 },
  },
  network: { primaryCidr: '10.30.0.0/16', standbyCidr: '10.40.0.0/16' },
  eks: {
    instanceTypes: ['m6i.xlarge'],
    primary: { minNodes: 3, desiredNodes: 4, maxNodes: 8 },
    // Portworx's internal KVDB needs three nodes, in the standby too.
    standby: { minNodes: 3, desiredNodes: 3, maxNodes: 8 },
  },
  velero: { backupIntervalMinutes: 30, retentionDays: 30 },
  opensearch: { acceptedConnectionId: 'cc-euc1-follower-0001' },
  portworx: { enabled: true },
  rds: { instanceClass: 'db.r6g.xlarge', replicaInstanceClass: 'db.r6g.xlarge', backupRetentionDays: 14 },
  elasticache: {
    numCacheClusters: 3,
    // AWS prefixes Global Datastore ids with a Region-specific string (eu-west-1: "iudkw").
    globalReplicationGroupIdSuffix: 'payments-cache',
    globalReplicationGroupId: 'iudkw-payments-cache',
  },
  // 30-minute backups plus S3 Replication Time Control (15 min): Velero RPO 45 min; target 60.
  objectives: { rpoSeconds: 3600, rtoSeconds: 2880 },
  backend: { kind: 'cloud', organization: 'acme-payments', workspacePrefix: 'warm-standby' },
  policyParams: { min_standby_nodes: 2 },
});
