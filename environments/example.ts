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
  eks: {
    // Public API endpoint limited to the organisation's egress range (203.0.113.0/24, a documentation
    // range standing in for it); deploys run on the self-hosted runners behind that egress.
    endpoint: {
      access: 'public',
      publicAccessCidrs: ['203.0.113.0/24'],
      deployRunner: { kind: 'github-runner', runnerLabel: 'payments-deploy' },
    },
    adminRoles: {
      deployRoleArn: 'arn:aws:iam::123456789012:role/payments-example-deploy',
      breakGlassRoleArn: 'arn:aws:iam::123456789012:role/payments-example-break-glass',
    },
  },
  elasticache: {
    // AWS prefixes it with the primary Region's Global Datastore prefix: ldgnf-payments-cache.
    globalReplicationGroupIdSuffix: 'payments-cache',
  },
  alerts: { email: ['payments-oncall@example.com'] },
  // Portworx is on by default (three nodes per cluster for its internal KVDB); to run without it set
  // portworx: { enabled: false } and the standby may shrink to eks.standby: { minNodes: 1, desiredNodes: 1 }.
  portworx: { enabled: true },
  // Hourly backups plus S3 Replication Time Control (15 min) bound the Velero RPO: 75 min; target 90.
  objectives: { rpoSeconds: 5400, rtoSeconds: 3600 },
  backend: { kind: 's3', bucketPrefix: 'payments-tfstate-123456789012' },
});
