import { ConfigError, formatShape, ShapeError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * How a loss reads the class of a target, so that `classWeights` apply to every loss through one
 * mechanism:
 * - `'distribution'`: the last axis holds one score per class (one-hot, soft or smoothed targets); a
 *   sample weighs Σ_c t_c · w_c, which is w[class] for one-hot targets.
 * - `'index'`: targets are class indices (sparse cross-entropy); a sample weighs w[label].
 * - `'value'`: each element's target value is its class (0/1 for binary losses, integers for
 *   regression, as Keras's `class_weight` casts targets to class ids); the weight is w interpolated
 *   linearly at the value, so a smoothed binary target t weighs (1 - t)·w₀ + t·w₁.
 */
export type ClassReading = 'distribution' | 'index' | 'value';

/** Checks the `classWeights` option: a non-empty array of finite numbers ≥ 0. */
export function checkClassWeights(fn: string, value: unknown): readonly number[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) {
    throw new ConfigError(
      `${fn}({classWeights})`,
      `must be a non-empty array of weights, one per class, got ${JSON.stringify(value)}`,
    );
  }
  for (const [i, w] of value.entries()) {
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
      throw new ConfigError(
        `${fn}({classWeights})`,
        `weight ${i} must be a finite number ≥ 0, got ${JSON.stringify(w)}`,
      );
    }
  }
  return value as number[];
}

/**
 * One weight per element of `values` [n, C] (the `'value'` reading): classWeights interpolated at each
 * value, clamped to [0, K - 1], as a sum of hat functions max(0, 1 - |v - k|)·w_k.
 */
export function elementClassWeights(classWeights: readonly number[], values: tf.Tensor): tf.Tensor {
  const v = tf.clipByValue(values, 0, classWeights.length - 1);
  let w: tf.Tensor = tf.zerosLike(v);
  for (const [k, wk] of classWeights.entries()) {
    if (wk !== 0) w = tf.add(w, tf.mul(tf.relu(tf.sub(1, tf.abs(tf.sub(v, k)))), wk));
  }
  return w;
}

/**
 * The per-sample weights [n] of one call: `sampleWeight` (shaped as the samples, the samples with a
 * trailing 1, or a scalar) times the class weights of the `'distribution'` or `'index'` reading of
 * `targets` ([n, C] scores or [n] indices). Null when neither is given, so an unweighted loss does no
 * extra work.
 */
export function sampleWeights(
  fn: string,
  sampleShape: readonly number[],
  sampleWeight: tf.Tensor | undefined,
  classWeights: readonly number[] | undefined,
  reading: ClassReading,
  targets: tf.Tensor,
): tf.Tensor | null {
  const n = sampleShape.reduce((a, b) => a * b, 1);
  let w: tf.Tensor | null = null;
  if (sampleWeight !== undefined) {
    const s = sampleWeight.shape;
    const fits =
      s.length === 0 ||
      (s.length === sampleShape.length && s.every((d, i) => d === sampleShape[i])) ||
      (s.length === sampleShape.length + 1 &&
        s[s.length - 1] === 1 &&
        sampleShape.every((d, i) => d === s[i]));
    if (!fits) {
      throw new ShapeError(
        fn,
        `sampleWeight ${formatShape(s)} must have the samples' shape ${formatShape(sampleShape)} (or ${formatShape([...sampleShape, 1])}, or be a scalar)`,
      );
    }
    const f = sampleWeight.dtype === 'float32' ? sampleWeight : tf.cast(sampleWeight, 'float32');
    w = s.length === 0 ? tf.mul(tf.ones([n]), f) : tf.reshape(f, [n]);
  }
  if (classWeights !== undefined && reading !== 'value') {
    const k = classWeights.length;
    let cw: tf.Tensor;
    if (reading === 'index') {
      const index = tf.reshape(targets.dtype === 'int32' ? targets : tf.cast(targets, 'int32'), [n]);
      // A label outside [0, K) has an all-zero row and weighs 0 (its loss is NaN anyway).
      cw = tf.sum(tf.mul(tf.cast(tf.oneHot(index, k), 'float32'), tf.tensor1d(classWeights as number[])), -1);
    } else {
      const c = targets.shape[targets.rank - 1]!;
      if (c !== k) {
        throw new ShapeError(
          fn,
          `classWeights has ${k} weights but the targets have ${c} classes (last axis of ${formatShape(targets.shape)})`,
        );
      }
      cw = tf.reshape(tf.matMul(tf.reshape(targets, [n, c]), tf.tensor2d(classWeights as number[], [k, 1])), [
        n,
      ]);
    }
    w = w === null ? cw : tf.mul(w, cw);
  }
  return w;
}
