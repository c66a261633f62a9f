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
    // Route 53 ARC: the flip runs on the ARC data plane (five Regions), not on a control plane.
    switch: { kind: 'arc' },
  },
  network: {
    primaryCidr: '10.30.0.0/16',
    standbyCidr: '10.40.0.0/16',
    // Each Region's transit gateway, shared with the agent pool's shared-services VPC (10.50.0.0/24):
    // the VPCs attach to them and route the agents' network through them (private EKS endpoint).
    primaryTransitGatewayId: 'tgw-0a1b2c3d4e5f60718',
    standbyTransitGatewayId: 'tgw-0f1e2d3c4b5a69788',
  },
  eks: {
    // Private API endpoint only: plans and applies run on the HCP Terraform agent pool deployed in
    // the VPCs (the workspaces use agent execution mode with this pool).
    endpoint: {
      access: 'private',
      publicAccessCidrs: [],
      deployRunner: { kind: 'hcp-agent-pool', agentPoolName: 'payments-prod-eu-vpc' },
      // The agent pool's subnet in the shared-services VPC, routed to both Regions' VPCs by their
      // transit gateways (network.*TransitGatewayId): 443 on each cluster security group (README,
      // "Private API endpoint").
      privateAccessCidrs: ['10.50.0.0/24'],
    },
    adminRoles: {
      deployRoleArn: 'arn:aws:iam::210987654321:role/payments-prod-eu-deploy',
      breakGlassRoleArn: 'arn:aws:iam::210987654321:role/payments-prod-eu-break-glass',
    },
    instanceTypes: ['m6i.xlarge'],
    primary: { minNodes: 3, desiredNodes: 4, maxNodes: 8 },
    // Portworx's internal KVDB needs three nodes, in the standby too.
    standby: { minNodes: 3, desiredNodes: 3, maxNodes: 8 },
  },
  velero: { backupIntervalMinutes: 30, retentionDays: 30 },
  portworx: { enabled: true },
  rds: { instanceClass: 'db.r6g.xlarge', replicaInstanceClass: 'db.r6g.xlarge', backupRetentionDays: 14 },
  elasticache: {
    numCacheClusters: 3,
    // AWS prefixes it with the primary Region's Global Datastore prefix: gxeiz-payments-cache (eu-west-1).
    globalReplicationGroupIdSuffix: 'payments-cache',
  },
  // Alarms page the on-call rotation through PagerDuty, whose HTTPS subscription to each Region's alert
  // topic the incident-management team manages (it holds the integration key); declared here so the
  // gate sees someone is paged (WS-ALARM-003).
  alerts: { externalSubscriber: 'PagerDuty service payments-prod-eu: HTTPS subscriptions managed by the incident-management team' },
  // 30-minute backups plus S3 Replication Time Control (15 min): Velero RPO 45 min; target 60.
  objectives: { rpoSeconds: 3600, rtoSeconds: 2880 },
  backend: { kind: 'cloud', organization: 'acme-payments', workspacePrefix: 'warm-standby' },
  policyParams: { min_standby_nodes: 2 },
});
