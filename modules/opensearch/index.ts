export * from './domain';
export * from './log-publishing-policy';
export * from './cross-cluster-connection';
export * from './inbound-connection-accepter';
export * from './search-principals';
export * from './replication-bootstrap';
