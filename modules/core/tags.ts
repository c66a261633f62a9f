/**
 * Tag that names the warm-standby component a resource plays, so the policy gate can tell a
 * Velero backup bucket from a feed payload bucket without guessing from names.
 */
export const COMPONENT_TAG = 'warm-standby/component';

/** Values of {@link COMPONENT_TAG}. Stable: the Rego rules in `policies/` match on them. */
export const Component = {
  BACKUP_BUCKET: 'velero-backup',
  FEED_TOPIC: 'feed-topic',
  FEED_QUEUE: 'feed-queue',
  FEED_DEAD_LETTER_QUEUE: 'feed-dead-letter',
  FEED_PAYLOAD_BUCKET: 'feed-payload',
  FEED_LOADER: 'feed-loader',
  FEED_WAREHOUSE: 'feed-warehouse',
  APP_DATABASE: 'app-database',
  APP_CACHE: 'app-cache',
  APP_SEARCH: 'app-search',
  APP_CLUSTER: 'app-cluster',
  ALERT_TOPIC: 'alert-topic',
  ACCESS_LOGS: 's3-access-logs',
} as const;

/**
 * Tag naming the class of a CloudWatch Logs group; `audit` (control-plane, flow, audit logs) must be
 * kept at least 365 days (PCI DSS 10.5.1, rule WS-LOG-001).
 */
export const LOG_CLASS_TAG = 'warm-standby/log-class';

/** `tags` with the log group marked audit class ({@link LOG_CLASS_TAG}). */
export function auditLogTags(tags: Readonly<Record<string, string>> = {}): Record<string, string> {
  return { ...tags, [LOG_CLASS_TAG]: 'audit' };
}

/** Tag on an alert topic naming a subscriber managed outside this project (rule WS-ALARM-003 reads it). */
export const EXTERNAL_SUBSCRIBER_TAG = 'warm-standby/external-subscriber';

export type ComponentName = (typeof Component)[keyof typeof Component];

/** Tags for a resource: caller tags plus the component tag. */
export function componentTags(component: ComponentName, tags: Readonly<Record<string, string>> = {}): Record<string, string> {
  return { ...tags, [COMPONENT_TAG]: component };
}
