export * from './cluster';
export * from './node-group';
export * from './admin-access';
export * from './ebs-csi-driver';
export * from './storage-class';
