import { CdktfStackDocument } from '../../gate/inputs';

/**
 * The app with resources cloned until it has `target` resources: round-robin over every resource
 * of every stack, clone k of `type.name` named `name_bench<k>`; references inside a clone to a
 * resource of the same stack that also has a clone k point to that clone.
 */
export function scaleApp(doc: { kind: string; stacks: readonly CdktfStackDocument[] }, target: number): { kind: string; stacks: CdktfStackDocument[] } {
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
  for (const c of clones) {
    const resource = stacks[c.stack].config.resource as Record<string, Record<string, unknown>>;
    const text = JSON.stringify(resource[c.type][c.name]).replace(/\$\{[^}]*\}/g, (token) =>
      token.replace(/\b([a-z][a-z0-9]*_[a-z0-9_]*)\.([A-Za-z_][\w-]*)/g, (ref, type: string, name: string) =>
        exists.has(`${c.stack}|${type}.${name}|${c.k}`) ? `${type}.${name}_bench${c.k}` : ref,
      ),
    );
    resource[c.type][`${c.name}_bench${c.k}`] = JSON.parse(text) as unknown;
  }
  return { kind: doc.kind, stacks };
}
