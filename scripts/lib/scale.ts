/**
 * Generated apps for the benchmark and the scaling tests: the synthesized example's resources
 * cloned under new names until the app has the wanted number of resources.
 */
import type { CdktfStackDocument } from '../../gate/inputs';

export interface AppDocument {
  kind: string;
  stacks: CdktfStackDocument[];
}

export function countResources(doc: { stacks: readonly CdktfStackDocument[] }): number {
  let n = 0;
  for (const s of doc.stacks) for (const byName of Object.values((s.config.resource ?? {}) as Record<string, object>)) n += Object.keys(byName).length;
  return n;
}

/**
 * Attributes holding an AWS name that must be unique in an account and Region (a second bucket,
 * domain, queue or log group of the same name cannot exist), collected to rename them in clones.
 */
const NAME_KEYS = new Set([
  'name',
  'bucket',
  'domain_name',
  'cluster_identifier',
  'cluster_name',
  'function_name',
  'identifier',
  'replication_group_id',
  'global_replication_group_id_suffix',
  'node_group_name',
  'role_name',
  'policy_name',
]);

/** Literal names of the app's resources (see NAME_KEYS), longest first; short generic words (a Helm release "velero") are left alone. */
function literalNames(stacks: readonly CdktfStackDocument[]): string[] {
  const names = new Set<string>();
  const walk = (value: unknown, key?: string): void => {
    if (typeof value === 'string') {
      if (key && NAME_KEYS.has(key) && value.length >= 12 && value.includes('-') && !value.includes('${')) names.add(value);
    } else if (Array.isArray(value)) {
      for (const item of value) walk(item, key);
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, k);
    }
  };
  for (const s of stacks) walk(s.config.resource);
  return [...names].sort((a, b) => b.length - a.length || a.localeCompare(b));
}

/**
 * The app with resources cloned until it has `target` resources: round-robin over every resource
 * of every stack, clone k of `type.name` named `name_bench<k>`; references inside a clone to a
 * resource of the same stack that also has a clone k (in `${}` tokens and in depends_on) point to
 * that clone. Every literal AWS name in clone k gets the suffix `-b<k>` wherever it occurs (names,
 * ARNs, log group paths), the same in every clone k, so clones pair with each other the way the
 * originals do and, as in a real account, no two resources of a type share a name: with shared
 * names every name-matching rule would pair each clone with all the others, a cost no real input
 * has.
 */
export function scaleApp(doc: AppDocument, target: number): AppDocument {
  const stacks = JSON.parse(JSON.stringify(doc.stacks)) as CdktfStackDocument[];
  const base: { stack: number; type: string; name: string }[] = [];
  stacks.forEach((s, i) => {
    for (const [type, byName] of Object.entries((s.config.resource ?? {}) as Record<string, Record<string, unknown>>)) {
      for (const name of Object.keys(byName)) base.push({ stack: i, type, name });
    }
  });
  const need = target - base.length;
  const clones = Array.from({ length: Math.max(0, need) }, (_, i) => ({ ...base[i % base.length], k: Math.floor(i / base.length) + 1 }));
  const exists = new Set(clones.map((c) => `${c.stack}|${c.type}.${c.name}|${c.k}`));
  const names = literalNames(stacks);
  const nameInText = names.length ? new RegExp(names.map((n) => n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'), 'g') : undefined;
  for (const c of clones) {
    const resource = stacks[c.stack].config.resource as Record<string, Record<string, unknown>>;
    const own = (ref: string, type: string, name: string): string => (exists.has(`${c.stack}|${type}.${name}|${c.k}`) ? `${type}.${name}_bench${c.k}` : ref);
    const original = resource[c.type][c.name] as Record<string, unknown>;
    // depends_on holds bare addresses, not ${} tokens: a clone depends on its own clones too, or
    // every ordering rule would report each clone as unordered.
    const withDeps = Array.isArray(original.depends_on)
      ? {
          ...original,
          depends_on: original.depends_on.map((d: unknown) => (typeof d === 'string' ? d.replace(/^([a-z][a-z0-9]*_[a-z0-9_]*)\.([A-Za-z_][\w-]*)$/, own) : d)),
        }
      : original;
    const referenced = JSON.stringify(withDeps).replace(/\$\{[^}]*\}/g, (token) => token.replace(/\b([a-z][a-z0-9]*_[a-z0-9_]*)\.([A-Za-z_][\w-]*)/g, own));
    const text = nameInText ? referenced.replace(nameInText, (n) => `${n}-b${c.k}`) : referenced;
    resource[c.type][`${c.name}_bench${c.k}`] = JSON.parse(text);
  }
  return { kind: doc.kind, stacks };
}
