import { createHash } from 'crypto';
import { arnPartition } from '../../core';

/** ARN of an AWS managed policy in the Region's partition. */
export function managedPolicyArn(region: string, policyName: string): string {
  return `arn:${arnPartition(region)}:iam::aws:policy/${policyName}`;
}

const IAM_ROLE_NAME_MAX = 64;

/**
 * IAM role name from parts. IAM is global, so the name includes the Region to keep the two
 * Regions' roles apart; names over 64 characters are cut and end in a hash of the full name, so
 * two long names never collide.
 */
export function iamRoleName(...parts: string[]): string {
  const full = parts.join('-').replace(/[^A-Za-z0-9+=,.@_-]/g, '-');
  if (full.length <= IAM_ROLE_NAME_MAX) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 8);
  return `${full.slice(0, IAM_ROLE_NAME_MAX - hash.length - 1).replace(/-+$/, '')}-${hash}`;
}

/** Trust policy letting one AWS service assume a role. */
export function serviceTrustPolicy(service: string, actions: string[] = ['sts:AssumeRole']): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: actions }],
  });
}
