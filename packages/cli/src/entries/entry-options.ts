import { assertInteger, assertNumber, ConfigError } from '@strata/core';

/** How one option of a registry entry is checked. */
export type OptionSpec =
  | { readonly type: 'number'; readonly min?: number; readonly max?: number; readonly exclusiveMin?: boolean }
  | { readonly type: 'integer'; readonly min?: number }
  | { readonly type: 'integers'; readonly min?: number }
  | { readonly type: 'numbers'; readonly min?: number }
  | { readonly type: 'boolean' }
  | { readonly type: 'string' };

type ValueOf<S extends OptionSpec> = S['type'] extends 'integers' | 'numbers'
  ? number[]
  : S['type'] extends 'boolean'
    ? boolean
    : S['type'] extends 'string'
      ? string
      : number;

/**
 * Checks a registry entry's options against `spec` (unknown keys and wrong types are labelled
 * ConfigErrors naming the id) and fills in `defaults`. How every first-party entry validates its own
 * options, so a config file gets the same message from any of them.
 *
 * @example
 * ```ts
 * import { entryOptions } from '@strata/cli';
 *
 * const spec = { units: { type: 'integer', min: 1 }, useBias: { type: 'boolean' } } as const;
 * entryOptions('demo/dense', { units: 8 }, spec, { useBias: true }); // => { units: 8, useBias: true }
 * let message = '';
 * try {
 *   entryOptions('demo/dense', { unit: 8 }, spec, {});
 * } catch (e) {
 *   message = (e as Error).name;
 * }
 * message; // => 'ConfigError'
 * ```
 */
export function entryOptions<Spec extends Readonly<Record<string, OptionSpec>>>(
  id: string,
  options: unknown,
  spec: Spec,
  defaults: { readonly [K in keyof Spec]?: ValueOf<Spec[K]> },
): { [K in keyof Spec]: ValueOf<Spec[K]> } {
  const raw = options ?? {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(id, `options must be an object, got ${JSON.stringify(options)}`);
  }
  const known = Object.keys(spec);
  for (const key of Object.keys(raw)) {
    if (!known.includes(key)) {
      throw new ConfigError(
        id,
        `unknown option '${key}'; ${known.length ? `its options are ${known.join(', ')}` : 'it takes no options'}`,
      );
    }
  }
  const out: Record<string, unknown> = { ...defaults };
  for (const [key, rule] of Object.entries(spec)) {
    const value = (raw as Record<string, unknown>)[key];
    if (value === undefined) continue;
    const label = `${id}: ${key}`;
    if (rule.type === 'number') assertNumber(value, label, rule);
    else if (rule.type === 'integer') assertInteger(value, label, rule.min ?? 1);
    else if (rule.type === 'integers') {
      if (!Array.isArray(value) || value.length === 0) {
        throw new ConfigError(label, `must be a non-empty array of integers, got ${JSON.stringify(value)}`);
      }
      for (const [i, v] of value.entries()) assertInteger(v, `${label}[${i}]`, rule.min ?? 1);
    } else if (rule.type === 'numbers') {
      if (!Array.isArray(value) || value.length === 0) {
        throw new ConfigError(label, `must be a non-empty array of numbers, got ${JSON.stringify(value)}`);
      }
      for (const [i, v] of value.entries()) assertNumber(v, `${label}[${i}]`, { min: rule.min ?? -Infinity });
    } else if (typeof value !== rule.type) {
      throw new ConfigError(label, `must be a ${rule.type}, got ${JSON.stringify(value)}`);
    }
    out[key] = value;
  }
  return out as { [K in keyof Spec]: ValueOf<Spec[K]> };
}
