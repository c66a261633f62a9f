import { DescribeSecretCommand, ResourceNotFoundException } from '@aws-sdk/client-secrets-manager';
import { awsCallOrMissing } from '../calls';
import { CHECKS } from '../catalogue';
import { CheckContext, CheckSubject, guarded, judged } from '../check';
import { CheckResult } from '../types';

/**
 * RDY-RDS-003: the master secret's replica in the standby Region is `InSync` (Secrets Manager
 * DescribeSecret, `ReplicationStatus[].Status`: InSync | Failed | InProgress). A promoted replica
 * keeps the source's password, so after a failover the application reads it from that replica.
 */
export async function checkRdsSecret(ctx: CheckContext): Promise<CheckResult[]> {
  const { rds, primaryRegion, standbyRegion } = ctx.targets;
  const subject: CheckSubject = {
    region: primaryRegion,
    resource: `secret ${rds.masterSecretName} (replica in ${standbyRegion})`,
    threshold: `ReplicationStatus of ${standbyRegion} is InSync`,
  };
  return guarded([[CHECKS.rdsSecret, subject]], async () => {
    const out = await awsCallOrMissing(
      'Secrets Manager DescribeSecret',
      primaryRegion,
      (e) => e instanceof ResourceNotFoundException || (e as Error)?.name === 'ResourceNotFoundException',
      () => ctx.clients.secretsmanager(primaryRegion).send(new DescribeSecretCommand({ SecretId: rds.masterSecretName })),
    );
    if (!out) {
      return [judged(CHECKS.rdsSecret, subject, false, 'secret not found', `secret ${rds.masterSecretName} does not exist in ${primaryRegion}`)];
    }
    const replica = (out.ReplicationStatus ?? []).find((r) => r.Region === standbyRegion);
    if (!replica) {
      const others = (out.ReplicationStatus ?? []).map((r) => r.Region).join(', ');
      return [
        judged(
          CHECKS.rdsSecret,
          subject,
          false,
          `no replica in ${standbyRegion}${others ? ` (replicas: ${others})` : ''}`,
          `secret ${rds.masterSecretName} is not replicated to ${standbyRegion}: a promoted replica's password would be unreadable there`,
        ),
      ];
    }
    const status = replica.Status ?? 'unknown';
    const detail = replica.StatusMessage ? ` (${replica.StatusMessage})` : '';
    return [
      judged(
        CHECKS.rdsSecret,
        subject,
        status === 'InSync',
        `${standbyRegion}: ${status}${detail}`,
        status === 'InSync'
          ? `the master secret's replica in ${standbyRegion} is in sync`
          : `the master secret's replica in ${standbyRegion} is ${status}${detail}: after a failover the application may not read the current password`,
      ),
    ];
  });
}
