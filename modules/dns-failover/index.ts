export * from './health-check';
export * from './failover-record';
