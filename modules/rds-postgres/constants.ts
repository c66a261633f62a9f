// Values the environments validate against, kept apart from the constructs so that loading an
// environment does not load the AWS provider.

/** Automated backup retention RDS accepts for an instance that has read replicas (0 disables backups). */
export const BACKUP_RETENTION_DAYS = { min: 1, max: 35 } as const;
