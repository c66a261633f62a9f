import { DescribeSecretCommand, ResourceNotFoundException } from '@aws-sdk/client-secrets-manager';
import { awsCallOrMissing } from '../calls';
import { CHECKS, CheckDefinition } from '../catalogue';
import { CheckContext, CheckSubject, guarded, judged } from '../check';
import { CheckResult } from '../types';

/**
 * RDY-RDS-003: the master secret's replica in the standby Region is `InSync` (Secrets Manager
 * DescribeSecret, `ReplicationStatus[].Status`: InSync | Failed | InProgress). A promoted replica
 * keeps the source's password, so after a failover the application reads it from that replica.
 */
export async function checkRdsSecret(ctx: CheckContext): Promise<CheckResult[]> {
  return checkSecretReplica(ctx, CHECKS.rdsSecret, ctx.targets.rds.masterSecretName, {
    what: 'master secret',
    unreadable: "a promoted replica's password would be unreadable there",
    stale: 'after a failover the application may not read the current password',
  });
}

/**
 * RDY-CACHE-002: the Redis AUTH token secret's replica in the standby Region is `InSync`: the
 * standby replication group takes its `auth_token` from it, and so do the standby's clients.
 */
export async function checkCacheAuthSecret(ctx: CheckContext): Promise<CheckResult[]> {
  return checkSecretReplica(ctx, CHECKS.cacheAuthSecret, ctx.targets.cache.authSecretName, {
    what: 'AUTH token secret',
    unreadable: 'the standby group (on its next create) and its clients could not read the AUTH token there',
    stale: 'the standby group and its clients may not read the current AUTH token',
  });
}

/** How a verdict on one secret reads: the secret, and what a missing or out-of-sync replica means. */
interface SecretWording {
  readonly what: string;
  readonly unreadable: string;
  readonly stale: string;
}

/** A secret of the primary Region and its replica in the standby Region. */
async function checkSecretReplica(ctx: CheckContext, check: CheckDefinition, secretName: string, wording: SecretWording): Promise<CheckResult[]> {
  const { primaryRegion, standbyRegion } = ctx.targets;
  const subject: CheckSubject = {
    region: primaryRegion,
    resource: `secret ${secretName} (replica in ${standbyRegion})`,
    threshold: `ReplicationStatus of ${standbyRegion} is InSync`,
  };
  return guarded([[check, subject]], async () => {
    const out = await awsCallOrMissing(
      'Secrets Manager DescribeSecret',
      primaryRegion,
      (e) => e instanceof ResourceNotFoundException || (e as Error)?.name === 'ResourceNotFoundException',
      () => ctx.clients.secretsmanager(primaryRegion).send(new DescribeSecretCommand({ SecretId: secretName })),
    );
    if (!out) {
      return [judged(check, subject, false, 'secret not found', `secret ${secretName} does not exist in ${primaryRegion}`)];
    }
    const replica = (out.ReplicationStatus ?? []).find((r) => r.Region === standbyRegion);
    if (!replica) {
      const others = (out.ReplicationStatus ?? []).map((r) => r.Region).join(', ');
      return [
        judged(
          check,
          subject,
          false,
          `no replica in ${standbyRegion}${others ? ` (replicas: ${others})` : ''}`,
          `secret ${secretName} is not replicated to ${standbyRegion}: ${wording.unreadable}`,
        ),
      ];
    }
    const status = replica.Status ?? 'unknown';
    const detail = replica.StatusMessage ? ` (${replica.StatusMessage})` : '';
    return [
      judged(
        check,
        subject,
        status === 'InSync',
        `${standbyRegion}: ${status}${detail}`,
        status === 'InSync'
          ? `the ${wording.what}'s replica in ${standbyRegion} is in sync`
          : `the ${wording.what}'s replica in ${standbyRegion} is ${status}${detail}: ${wording.stale}`,
      ),
    ];
  });
}
