/**
 * Reading synthesized Terraform JSON (cdk.tf.json), whose shape nothing guarantees. Every helper takes
 * `unknown` and answers "absent" (undefined, `{}`, `[]`) for a value of another shape, as optional
 * chaining did on `any`: a partial or hand-edited file reads as missing fields, never as a crash.
 */

/** A parsed JSON value of unknown shape: read it only through the helpers below. */
export type Json = unknown;

/** A JSON object's fields. */
export type JsonObject = Readonly<Record<string, Json>>;

function isObject(value: Json): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value's fields when it is a JSON object, else none. */
export function record(value: Json): JsonObject {
  return isObject(value) ? value : {};
}

/** The value under a path of object keys, or undefined where the path leaves the objects. */
export function at(value: Json, ...keys: readonly string[]): Json {
  return keys.reduce<Json>((v, key) => record(v)[key], value);
}

/** The value's elements when it is a JSON array, else none. */
export function list(value: Json): readonly Json[] {
  return Array.isArray(value) ? (value as readonly Json[]) : [];
}

/** A nested block: Terraform JSON writes a single block either as an object or as a one-element list. */
export function block(value: Json, key: string): JsonObject {
  const nested = record(value)[key];
  return record(Array.isArray(nested) ? list(nested)[0] : nested);
}

/** A number, or a numeric string (Terraform JSON quotes some); undefined for anything else. */
export function num(value: Json): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/** `String(value)`, or the fallback when the value is absent (undefined or null). */
export function str(value: Json, fallback = ''): string {
  const present: Json = value ?? fallback;
  return String(present);
}

/** The resources of one type in a stack, in file order (entries that are not objects are skipped). */
export function resources(stack: Json, type: string): JsonObject[] {
  return Object.values(record(at(stack, 'resource', type))).filter(isObject);
}

/** The `warm_standby_stack` output every stack carries: role, layer, Regions, objectives. */
export function stackMeta(stack: Json): JsonObject {
  return record(at(stack, 'output', 'warm_standby_stack', 'value'));
}
