import {
  assertKnownKeys,
  assertNumber,
  assertOneOf,
  ConfigError,
  formatShape,
  type Rng,
  ShapeError,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import type { Augmentation, AugmentBatch, FillMode, Interpolation, ValueRange } from '../types.js';

/** Images must be a float32 batch [N, H, W, C]. */
export function checkImages(fn: string, x: tf.Tensor): void {
  if (x.rank !== 4) {
    throw new ShapeError(fn, `images must be a batch [N, H, W, C] (NHWC), got ${formatShape(x.shape)}`);
  }
  if (x.dtype !== 'float32') throw new ShapeError(fn, `images must be float32, got ${x.dtype}`);
}

/** Checks the option keys of an augmentation, naming it. */
export function checkKeys(fn: string, options: object | undefined, known: readonly string[]): void {
  assertKnownKeys(options ?? {}, known, fn);
}

/** A `Range` option as [lower, upper], each within [min, max]. */
export function rangeOption(
  fn: string,
  key: string,
  value: unknown,
  limits: { min?: number; max?: number; exclusiveMin?: boolean } = {},
): [number, number] {
  const label = `${fn}({${key}})`;
  if (typeof value === 'number') {
    assertNumber(value, label, { min: 0, ...(limits.max === undefined ? {} : { max: limits.max }) });
    return [-value, value];
  }
  if (!Array.isArray(value) || value.length !== 2) {
    throw new ConfigError(
      label,
      `must be a number f (for [-f, f]) or [lower, upper], got ${JSON.stringify(value)}`,
    );
  }
  const [lo, hi] = value as unknown[];
  assertNumber(lo, `${label}[0]`, limits);
  assertNumber(hi, `${label}[1]`, limits);
  if (lo > hi) throw new ConfigError(label, `lower ${lo} must not exceed upper ${hi}`);
  return [lo, hi];
}

export function interpolationOption(fn: string, value: unknown, fallback: Interpolation): Interpolation {
  const v = value ?? fallback;
  assertOneOf(v, ['bilinear', 'nearest'] as const, `${fn}({interpolation})`);
  return v;
}

export function fillModeOption(fn: string, value: unknown): FillMode {
  const v = value ?? 'constant';
  assertOneOf(v, ['constant', 'nearest'] as const, `${fn}({fillMode})`);
  return v;
}

export function valueRangeOption(fn: string, value: unknown): ValueRange {
  if (value === undefined) return [0, 1];
  const r = rangeOption(fn, 'valueRange', value);
  if (r[0] === r[1])
    throw new ConfigError(`${fn}({valueRange})`, 'must be a range [min, max] with min < max');
  return r;
}

/** n uniform draws in [lo, hi) from the host generator. */
export function uniforms(rng: Rng, n: number, [lo, hi]: readonly [number, number]): number[] {
  return Array.from({ length: n }, () => lo + (hi - lo) * rng.next());
}

/**
 * An augmentation that changes the images only: checks them, runs `f` inside `tf.tidy`, and hands
 * back a copy of the labels (so the caller owns every output tensor and none of the inputs).
 */
export function imageAugmentation(fn: string, f: (x: tf.Tensor4D, rng: Rng) => tf.Tensor): Augmentation {
  return (batch, rng) => {
    checkImages(fn, batch.x);
    return tf.tidy(() => {
      const x = f(batch.x, rng) as tf.Tensor4D;
      return batch.y === undefined ? { x } : { x, y: tf.clone(batch.y) };
    }) as AugmentBatch;
  };
}
