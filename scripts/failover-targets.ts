/**
 * Prints the `-target=<address>` arguments of a failover plan: every resource of a synthesized
 * standby stack except those served by a global control plane (IAM, Route 53, Route 53 ARC control
 * configuration; the prefixes of rule WS-FO-007) and those a failover does not need (S3 server access
 * logging). With `terraform plan -refresh=false`, resources
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

/**
 * `warm-standby/component` values of resources a failover does not need: they keep working as the last
 * normal deploy left them, so the failover apply neither creates nor changes them (S3 server access
 * logging: the access-log bucket, its configuration, the buckets' logging into it).
 */
export const NOT_NEEDED_FOR_FAILOVER_COMPONENTS: readonly string[] = ['s3-access-logs'];

type StackResources = { resource?: Record<string, Record<string, unknown>> };

/** Addresses of the stack's managed resources a failover plan may touch, sorted. */
export function failoverTargets(stack: StackResources): string[] {
  const bodies = new Map<string, unknown>();
  for (const [type, byName] of Object.entries(stack.resource ?? {})) {
    if (GLOBAL_CONTROL_PLANE_PREFIXES.some((prefix) => type.startsWith(prefix))) continue;
    for (const [name, body] of Object.entries(byName)) bodies.set(`${type}.${name}`, body);
  }
  // Left out: resources of a component the failover does not need, then whatever references one.
  const notNeeded = new Set([...bodies].filter(([, body]) => NOT_NEEDED_FOR_FAILOVER_COMPONENTS.includes(componentOf(body))).map(([a]) => a));
  for (let changed = true; changed;) {
    changed = false;
    for (const [address, body] of bodies) {
      if (notNeeded.has(address)) continue;
      const text = JSON.stringify(body);
      if ([...notNeeded].some((other) => text.includes(`\${${other}.`) || text.includes(`"${other}"`))) {
        notNeeded.add(address);
        changed = true;
      }
    }
  }
  return [...bodies.keys()].filter((a) => !notNeeded.has(a)).sort();
}

function componentOf(body: unknown): string {
  const tags = (body as { tags?: Record<string, unknown> } | undefined)?.tags;
  const value = tags?.['warm-standby/component'];
  return typeof value === 'string' ? value : '';
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
    failoverTargets(stack as StackResources)
      .map((a) => `-target=${a}`)
      .join('\n') + '\n',
  );
}
