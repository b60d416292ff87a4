import { assertInteger, ConfigError } from '@strata/core';

/** Options must be a plain object, or a labelled error. */
export function checkObject(value: unknown, label: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(label, `options must be an object, got ${JSON.stringify(value)}`);
  }
  return value as Record<string, unknown>;
}

/** A list of positive integers (hidden widths), or a labelled error. */
export function checkWidths(value: unknown, label: string): readonly number[] {
  if (!Array.isArray(value)) {
    throw new ConfigError(
      label,
      `must be an array of positive integers, e.g. [64], got ${JSON.stringify(value)}`,
    );
  }
  value.forEach((d, i) => {
    assertInteger(d, `${label}[${i}]`);
  });
  return value as readonly number[];
}
