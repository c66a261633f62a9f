export * from './domain';
export * from './cross-cluster-connection';
export * from './inbound-connection-accepter';
