export * from './health-check';
export * from './failover-record';
export * from './switch';
export * from './live-ids';
