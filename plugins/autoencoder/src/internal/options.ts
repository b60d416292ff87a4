import { assertInteger, ConfigError } from '@strata/core';

/** An image shape `[height, width, channels]` of positive integers, or a labelled error. */
export function checkImageShape(value: unknown, label: string): readonly [number, number, number] {
  if (!Array.isArray(value) || value.length !== 3) {
    throw new ConfigError(
      label,
      `must be [height, width, channels], e.g. [28, 28, 1], got ${JSON.stringify(value)}`,
    );
  }
  value.forEach((d, i) => {
    assertInteger(d, `${label}[${i}]`);
  });
  return value as unknown as readonly [number, number, number];
}

/** A list of positive integers (layer widths or filter counts), or a labelled error. */
export function checkWidths(value: unknown, label: string): readonly number[] {
  if (!Array.isArray(value)) {
    throw new ConfigError(
      label,
      `must be an array of positive integers, e.g. [128], got ${JSON.stringify(value)}`,
    );
  }
  value.forEach((d, i) => {
    assertInteger(d, `${label}[${i}]`);
  });
  return value as readonly number[];
}

/** Options must be a plain object (a config's `options`), or a labelled error. */
export function checkObject(value: unknown, label: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(label, `options must be an object, got ${JSON.stringify(value)}`);
  }
  return value as Record<string, unknown>;
}
