/**
 * The benchmark's generated apps (scripts/lib/scale.ts): clone k of a resource is wired to clone k
 * of what the original references or depends on, so a generated app is as ordered as the example
 * and its findings grow with its size, not with the square of it.
 */
import { readInput } from '../../gate/inputs';
import { AppDocument, countResources, scaleApp } from '../../scripts/lib/scale';
import { synthEnvironment } from '../support/synth';

const example = readInput(synthEnvironment('example').outdir).document as AppDocument;
const scaled = scaleApp(example, 2 * countResources(example));

const resourcesOf = (doc: AppDocument, stack: string): Record<string, Record<string, Record<string, unknown>>> =>
  doc.stacks.find((s) => s.name === stack)!.config.resource as Record<string, Record<string, Record<string, unknown>>>;

test('the generated app has the size asked for', () => {
  expect(countResources(scaled)).toBe(2 * countResources(example));
});

test("a clone's depends_on names the clones of what the original depends on", () => {
  let checked = 0;
  for (const stack of example.stacks) {
    const after = resourcesOf(scaled, stack.name);
    for (const [type, byName] of Object.entries(resourcesOf(example, stack.name))) {
      for (const [name, original] of Object.entries(byName)) {
        if (!Array.isArray(original.depends_on)) continue;
        const clone = after[type][`${name}_bench1`];
        const expected = (original.depends_on as string[]).map((d) => {
          const [depType, depName] = d.split('.');
          return after[depType]?.[`${depName}_bench1`] ? `${d}_bench1` : d;
        });
        expect(clone.depends_on).toEqual(expected);
        checked++;
      }
    }
  }
  // The example has dozens of explicit dependencies; a generator that dropped them would check none.
  expect(checked).toBeGreaterThan(20);
});

test("a clone's ${} references name the clones too", () => {
  const primary = resourcesOf(scaled, 'example-primary');
  const [name, policy] = Object.entries(primary.aws_iam_role_policy).find(([n, p]) => n.endsWith('_bench1') && String(p.role).startsWith('${aws_iam_role.'))!;
  expect(String(policy.role)).toMatch(/_bench1\.(name|id)\}$/);
  expect(name).toMatch(/_bench1$/);
});
