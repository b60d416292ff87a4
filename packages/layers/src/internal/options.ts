import { ConfigError, type Shape } from '@strata/core';

/** A layer's name: a non-empty string without '/', which separates levels in parameter trees. */
export function checkName(name: unknown, fallback: string, label: string): string {
  if (name === undefined) return fallback;
  if (typeof name !== 'string' || name.length === 0 || name.includes('/')) {
    throw new ConfigError(
      label,
      `must be a non-empty string without '/', got ${typeof name === 'string' ? JSON.stringify(name) : typeof name}`,
    );
  }
  return name;
}

/** A size given as `n` or `[h, w]`, as Keras accepts for kernel sizes, strides and pool sizes. */
export function toPair(value: unknown, label: string): [number, number] {
  const pair = typeof value === 'number' ? [value, value] : value;
  if (
    !Array.isArray(pair) ||
    pair.length !== 2 ||
    !pair.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 1)
  ) {
    throw new ConfigError(
      label,
      `must be a positive integer or a pair [height, width] of them, got ${JSON.stringify(value)}`,
    );
  }
  return pair as [number, number];
}

/** Throws a ConfigError unless `value` is a function (an initializer or activation passed by value). */
export function checkFunction(value: unknown, label: string, hint: string): void {
  if (typeof value !== 'function') {
    throw new ConfigError(label, `must be a function, got ${typeof value}; ${hint}`);
  }
}

/** The size of one dimension after a convolution or pooling window (TensorFlow's SAME/VALID rules). */
export function windowOutputSize(
  size: number | null,
  window: number,
  stride: number,
  padding: 'same' | 'valid',
): number | null {
  if (size === null) return null;
  // SAME pads so that every input position is covered: ceil(in / stride). VALID keeps only windows
  // that fit: floor((in - window) / stride) + 1.
  return padding === 'same' ? Math.ceil(size / stride) : Math.floor((size - window) / stride) + 1;
}

/** A product of known dimensions, or null when any is unknown. */
export function knownSize(dims: Shape): number | null {
  let n = 1;
  for (const d of dims) {
    if (d === null) return null;
    n *= d;
  }
  return n;
}
