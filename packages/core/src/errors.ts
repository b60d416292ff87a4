import { formatShape } from './format-shape.js';

/**
 * Labelled errors shared by every Strata package. Each message says where it came from, what was wrong
 * and what to do, e.g. `dense({units}): units must be a positive integer, got 0`.
 */

/** Base class: `label` names the function or option at fault (`dense({units})`). */
export class StrataError extends Error {
  readonly label: string;
  constructor(label: string, message: string) {
    super(`${label}: ${message}`);
    this.name = new.target.name;
    this.label = label;
  }
}

/** A tensor or declared shape does not fit. Name the layer and both shapes. */
export class ShapeError extends StrataError {}
/** An option or configuration value is invalid. */
export class ConfigError extends StrataError {}
/** A plugin could not be registered or an entry was not found. */
export class PluginError extends StrataError {}
/** A backend is missing, broken or cannot run what was asked. */
export class BackendError extends StrataError {}
/** Input data is malformed (a file, a record, a label). */
export class DataError extends StrataError {}
/**
 * A checkpoint is missing, damaged or inconsistent (a checksum, a manifest field, a non-finite weight).
 * A DataError, so code that handles damaged input handles it too; the message names the file.
 */
export class CheckpointError extends DataError {}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(describe).join(', ')}]`;
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

/** Throws a ConfigError unless `value` is an integer ≥ `min` (default 1). */
export function assertInteger(value: unknown, label: string, min = 1): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    const what =
      min === 1 ? 'a positive integer' : min === 0 ? 'a non-negative integer' : `an integer ≥ ${min}`;
    throw new ConfigError(label, `must be ${what}, got ${describe(value)}`);
  }
}

/** Throws a ConfigError unless `value` is a finite number in [min, max]. */
export function assertNumber(
  value: unknown,
  label: string,
  range: { min?: number; max?: number; exclusiveMin?: boolean } = {},
): asserts value is number {
  const { min = -Infinity, max = Infinity, exclusiveMin = false } = range;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (exclusiveMin ? value > min : value >= min) &&
    value <= max;
  if (!ok) {
    const bounds =
      min === -Infinity && max === Infinity
        ? 'a finite number'
        : max === Infinity
          ? `a number ${exclusiveMin ? '>' : '≥'} ${min}`
          : `a number in ${exclusiveMin ? '(' : '['}${min}, ${max}]`;
    throw new ConfigError(label, `must be ${bounds}, got ${describe(value)}`);
  }
}

/** Throws a ConfigError unless `value` is one of `choices`. */
export function assertOneOf<T extends string>(
  value: unknown,
  choices: readonly T[],
  label: string,
): asserts value is T {
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw new ConfigError(
      label,
      `must be one of ${choices.map((c) => `'${c}'`).join(', ')}, got ${describe(value)}`,
    );
  }
}

/** Throws a ShapeError unless `actual` matches `expected` (null in `expected` matches any size). */
export function assertShape(
  actual: readonly number[],
  expected: readonly (number | null)[],
  label: string,
): void {
  const fits = actual.length === expected.length && expected.every((d, i) => d === null || d === actual[i]);
  if (!fits) {
    throw new ShapeError(label, `expected shape ${formatShape(expected)}, got ${formatShape(actual)}`);
  }
}

/** Throws a ConfigError naming every key of `options` that is not in `known` (catches typos). */
export function assertKnownKeys(options: object, known: readonly string[], label: string): void {
  const unknown = Object.keys(options).filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    throw new ConfigError(
      label,
      `unknown option${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')}; known options are ${known.map((k) => `'${k}'`).join(', ')}`,
    );
  }
}
