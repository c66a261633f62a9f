/**
 * Prints the `-target=<address>` arguments of a failover plan: every resource of a synthesized
 * standby stack except those served by a global control plane (IAM, Route 53, Route 53 ARC control
 * configuration; the prefixes of rule WS-FO-007). With `terraform plan -refresh=false`, resources
 * left out are neither read nor written, so the failover apply calls only regional APIs; what it
 * leaves behind (IAM policy narrowing, DNS objects) is applied by the next normal deploy, once the
 * lost Region is back.
 *
 * Usage: ts-node scripts/failover-targets.ts cdktf.out/stacks/<env>-standby/cdk.tf.json
 */
import * as fs from 'fs';

/** Resource type prefixes whose control plane is global (keep in step with WS-FO-007). */
export const GLOBAL_CONTROL_PLANE_PREFIXES: readonly string[] = [
  'aws_iam_',
  'aws_route53_',
  'aws_route53recoverycontrolconfig_',
  'aws_cloudfront_',
  'aws_organizations_',
];

/** Addresses of the stack's managed resources a failover plan may touch, sorted. */
export function failoverTargets(stack: { resource?: Record<string, Record<string, unknown>> }): string[] {
  const out: string[] = [];
  for (const [type, byName] of Object.entries(stack.resource ?? {})) {
    if (GLOBAL_CONTROL_PLANE_PREFIXES.some((prefix) => type.startsWith(prefix))) continue;
    for (const name of Object.keys(byName)) out.push(`${type}.${name}`);
  }
  return out.sort();
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: failover-targets <cdk.tf.json of the standby stack>\n');
    process.exit(2);
  }
  let stack: unknown;
  try {
    stack = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    process.stderr.write(`failover-targets: cannot read ${file}: ${(error as Error).message}\n`);
    process.exit(2);
  }
  process.stdout.write(
    failoverTargets(stack as { resource?: Record<string, Record<string, unknown>> })
      .map((a) => `-target=${a}`)
      .join('\n') + '\n',
  );
}
