export * from './backup-bucket';
export * from './backup-replication';
export * from './irsa-role';
export * from './velero-release';
export * from './portworx-release';
export * from './velero-restore';
export * from './portworx-irsa-role';
