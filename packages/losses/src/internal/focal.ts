import { assertNumber, ConfigError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';

/** Checks `gamma` (≥ 0) and `alpha` (in [0, 1]) and fills Keras's defaults, 2 and 0.25. */
export function focalOptions(
  fn: string,
  options: { gamma?: unknown; alpha?: unknown },
): { gamma: number; alpha: number } {
  const gamma = options.gamma ?? 2;
  assertNumber(gamma, `${fn}({gamma})`, { min: 0 });
  const alpha = options.alpha ?? 0.25;
  assertNumber(alpha, `${fn}({alpha})`, { min: 0, max: 1 });
  return { gamma, alpha };
}

/** Checks a boolean option. */
export function booleanOption(fn: string, options: object, key: string): boolean {
  const value = (options as Record<string, unknown>)[key] ?? false;
  if (typeof value !== 'boolean')
    throw new ConfigError(`${fn}({${key}})`, `must be a boolean, got ${typeof value}`);
  return value;
}

/**
 * The focal factor (1 - q)^γ and its derivative with respect to q, -γ(1 - q)^(γ-1). The base is
 * floored at 1e-12 in the derivative so γ < 1 at q = 1 stays finite; γ = 0 has no focal effect and a
 * zero derivative.
 */
export function focalFactor(q: tf.Tensor, gamma: number): { factor: tf.Tensor; slope: tf.Tensor | number } {
  const base = tf.relu(tf.sub(1, q));
  if (gamma === 0) return { factor: tf.onesLike(q), slope: 0 };
  return {
    factor: tf.pow(base, gamma),
    slope: tf.mul(tf.pow(tf.maximum(base, 1e-12), gamma - 1), -gamma),
  };
}
