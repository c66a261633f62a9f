export * from './alert-topic';
export * from './s3-replication-alarms';
export * from './health-check-alarm';
export * from './feed-alarms';
export * from './opensearch-replication-alarms';
export { AlarmTarget } from './private/alarm';
export * from './secret-rotation-alarms';
