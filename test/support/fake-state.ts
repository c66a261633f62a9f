/**
 * `terraform show -json` of a synthesized stack as if it had been applied: every managed resource with
 * its configured values, ids and ARNs in the formats AWS assigns (made up, deterministic), and
 * references between resources resolved. For tests of what reads a live state (scripts/failback-ids.ts).
 */
import { createHash } from 'node:crypto';

const ACCOUNT = '123456789012';

function hex(seed: string, length: number): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, length);
}

function uuid(seed: string): string {
  const h = hex(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** Id and ARN AWS would give the resource (route53 and ARC in their real formats, others opaque). */
function identity(type: string, address: string, values: Record<string, unknown>): { id: string; arn: string } {
  const arc = `arn:aws:route53-recovery-control::${ACCOUNT}`;
  switch (type) {
    case 'aws_route53recoverycontrolconfig_cluster': {
      const arn = `${arc}:cluster/${uuid(address)}`;
      return { id: arn, arn };
    }
    case 'aws_route53recoverycontrolconfig_control_panel': {
      const arn = `${arc}:controlpanel/${hex(address, 32)}`;
      return { id: arn, arn };
    }
    case 'aws_route53recoverycontrolconfig_routing_control':
    case 'aws_route53recoverycontrolconfig_safety_rule': {
      const kind = type.endsWith('routing_control') ? 'routingcontrol' : 'safetyrule';
      const arn = `${String(values.control_panel_arn)}/${kind}/${hex(address, 16)}`;
      return { id: arn, arn };
    }
    case 'aws_route53_health_check':
      return { id: uuid(address), arn: `arn:aws:route53:::healthcheck/${uuid(address)}` };
    default:
      return { id: `id-${hex(address, 12)}`, arn: `arn:aws:fake::${ACCOUNT}:${type}/${hex(address, 12)}` };
  }
}

const REFERENCE = /^\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)\.([a-z_]+)\}$/;

/** The state JSON `terraform show -json` prints for `stack` (a parsed cdk.tf.json) once applied. */
export function fakeAppliedState(stack: any): any {
  const entries = Object.entries<Record<string, any>>(stack.resource ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, config]) => ({ type, name, address: `${type}.${name}`, config })),
  );
  const done = new Map<string, Record<string, unknown>>();
  const resolve = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const m = REFERENCE.exec(value);
      if (!m) return value;
      const target = build(m[1]);
      return target?.[m[2]] ?? value;
    }
    if (Array.isArray(value)) return value.map(resolve);
    if (value && typeof value === 'object')
      return Object.fromEntries(
        Object.entries(value)
          .filter(([k]) => k !== '//')
          .map(([k, v]) => [k, resolve(v)]),
      );
    return value;
  };
  function build(address: string): Record<string, unknown> | undefined {
    const hit = done.get(address);
    if (hit) return hit;
    const entry = entries.find((e) => e.address === address);
    if (!entry) return undefined;
    const values = resolve(entry.config) as Record<string, unknown>;
    const built = { ...values, ...identity(entry.type, address, values) };
    done.set(address, built);
    return built;
  }
  return {
    format_version: '1.0',
    values: {
      outputs: Object.fromEntries(Object.entries<any>(stack.output ?? {}).map(([k, o]) => [k, { value: resolve(o.value), sensitive: false }])),
      root_module: {
        resources: entries.map((e) => ({ address: e.address, mode: 'managed', type: e.type, name: e.name, values: build(e.address) })),
      },
    },
  };
}
