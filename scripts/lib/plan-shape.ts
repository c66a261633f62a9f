import { CdktfStackDocument } from '../../gate/inputs';

type Json = Record<string, unknown>;

const TOKEN = /\$\{[^}]*\}/;

/**
 * A synthesized cdktf stack rendered roughly as `terraform show -json` renders its plan: planned
 * values with every attribute holding a "${...}" token left out (Terraform omits values unknown
 * until apply), configuration expressions with the references of those tokens and the constant
 * values of the rest, and the stack's warm_standby_stack output and default aws provider Region.
 * For benchmarks and tests that need plans without running Terraform.
 */
export function planOf(stack: CdktfStackDocument): Json {
  const planned: Json[] = [];
  const configured: Json[] = [];
  for (const [type, byName] of Object.entries((stack.config.resource ?? {}) as Record<string, Record<string, Json>>)) {
    for (const [name, body] of Object.entries(byName)) {
      const values: Json = {};
      const expressions: Json = {};
      for (const [key, value] of Object.entries(body)) {
        if (key === '//' || key === 'provider' || key === 'depends_on' || key === 'lifecycle') continue;
        const text = JSON.stringify(value);
        const refs = [...text.matchAll(/\$\{([a-z][a-z0-9]*_[a-z0-9_]*\.[A-Za-z_][\w-]*)/g)].map((m) => m[1]);
        if (!TOKEN.test(text)) values[key] = value;
        expressions[key] = refs.length > 0 ? { references: refs } : { constant_value: value };
      }
      const address = `${type}.${name}`;
      planned.push({ address, mode: 'managed', type, name, values });
      configured.push({ address, mode: 'managed', type, name, provider_config_key: typeof body.provider === 'string' ? body.provider : 'aws', expressions });
    }
  }
  const output = (stack.config.output ?? {}) as Record<string, { value: unknown }>;
  const region = ((stack.config.provider as Json | undefined)?.aws as Json[] | undefined)?.[0]?.region;
  return {
    format_version: '1.2',
    planned_values: { outputs: { warm_standby_stack: { value: output.warm_standby_stack?.value } }, root_module: { resources: planned } },
    configuration: { provider_config: { aws: { name: 'aws', expressions: { region: { constant_value: region } } } }, root_module: { resources: configured } },
  };
}
