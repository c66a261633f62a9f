import { defineEnvironment } from './defaults';

/** The default environment: a payment-processing app, us-east-1 primary, us-west-2 standby, S3 state. */
export const example = defineEnvironment({
  name: 'example',
  app: 'payments',
  accountId: '123456789012',
  primaryRegion: 'us-east-1',
  standbyRegion: 'us-west-2',
  tags: { CostCenter: 'payments', Owner: 'platform-team' },
  dns: {
    hostedZoneId: 'Z0EXAMPLE1234567890',
    recordName: 'pay.example.com',
    primaryTarget: 'pay-use1.example.com',
    standbyTarget: 'pay-usw2.example.com',
  },
  elasticache: {
    // AWS prefixes Global Datastore ids with a Region-specific string (us-east-1: "ldgnf").
    globalReplicationGroupIdSuffix: 'payments-cache',
    globalReplicationGroupId: 'ldgnf-payments-cache',
  },
  // Portworx is on by default (three nodes per cluster for its internal KVDB); to run without it set
  // portworx: { enabled: false } and the standby may shrink to eks.standby: { minNodes: 1, desiredNodes: 1 }.
  portworx: { enabled: true },
  // Hourly backups plus S3 Replication Time Control (15 min) bound the Velero RPO: 75 min; target 90.
  objectives: { rpoSeconds: 5400, rtoSeconds: 3600 },
  backend: { kind: 's3', bucketPrefix: 'payments-tfstate-123456789012', lockTable: 'payments-tflock' },
});
