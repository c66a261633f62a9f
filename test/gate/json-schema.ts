/** JSON Schema validation for reporter tests (SARIF 2.1.0 is draft-07), with readable error paths. */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

/** Validates `value` against `schema`; returns one message per error, e.g. `$.runs[0].results[1]: must have required property 'message'`. */
export function validateJsonSchema(schema: object, value: unknown): string[] {
  // strict off: the official SARIF schema uses draft-04 style `id` fields ajv would otherwise reject.
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => {
    const at = e.instancePath
      .split('/')
      .slice(1)
      .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`))
      .join('');
    const detail = e.keyword === 'required' ? `must have required property "${(e.params as { missingProperty: string }).missingProperty}"` : e.message;
    return `$${at}: ${detail}`;
  });
}
