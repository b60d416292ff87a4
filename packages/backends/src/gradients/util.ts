/**
 * Helpers shared by Strata's gradient configs (internal: not exported from the package).
 */
import { BackendError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';

/** A tensor's gradient slot: tfjs calls it inside `tidy` during backprop. */
export type GradThunk = () => tf.Tensor;

/**
 * Sums `grad` over the axes along which an input of shape `shape` was broadcast, so a binary op's
 * gradient gets the shape of that input (the adjoint of NumPy-style broadcasting).
 */
export function sumToShape(grad: tf.Tensor, shape: readonly number[]): tf.Tensor {
  const axes = tf.broadcast_util.getReductionAxes([...shape], grad.shape);
  const reduced = axes.length > 0 ? tf.sum(grad, axes) : grad;
  return tf.reshape(reduced, [...shape]);
}

/**
 * Normalises an axis attribute (`null`/`undefined` meaning every axis, negative counting from the end)
 * to sorted non-negative axes of a tensor of rank `rank`.
 */
export function normalizeAxes(axis: unknown, rank: number): number[] {
  if (axis == null) return Array.from({ length: rank }, (_, i) => i);
  const list = Array.isArray(axis) ? (axis as number[]) : [axis as number];
  return [...new Set(list.map((a) => (a < 0 ? a + rank : a)))].sort((a, b) => a - b);
}

/** Normalises one (possibly negative) axis. */
export function normalizeAxis(axis: number, rank: number): number {
  return axis < 0 ? axis + rank : axis;
}

/**
 * Reshapes a reduction's output (or its gradient) back to the input's rank by re-inserting the reduced
 * axes as size 1, so it broadcasts against the input. Works whether or not `keepDims` was set.
 */
export function keepReducedDims(
  t: tf.Tensor,
  inShape: readonly number[],
  axes: readonly number[],
): tf.Tensor {
  const kept = inShape.map((d, i) => (axes.includes(i) ? 1 : d));
  return tf.reshape(t, kept);
}

/** `value` as a `[height, width]` pair (conv and pool attributes accept a number for both). */
export function pair(value: unknown): [number, number] {
  if (typeof value === 'number') return [value, value];
  const [a, b] = value as number[];
  return [a ?? 1, b ?? 1];
}

/** Copies `dimRoundingMode` into kernel attributes only when it was set (`exactOptionalPropertyTypes`). */
export function roundingAttr(attrs: tf.NamedAttrMap): tf.NamedAttrMap {
  const mode = attrs.dimRoundingMode;
  return mode == null ? {} : { dimRoundingMode: mode };
}

/** Runs a kernel by name (for gradient kernels that tfjs-core has no public op for). */
export function runKernel(name: string, inputs: tf.NamedTensorMap, attrs: tf.NamedAttrMap): tf.Tensor {
  return tf.engine().runKernel(name, inputs, attrs) as tf.Tensor;
}

/** The single upstream gradient of a one-output kernel. */
export function single(dy: tf.Tensor | tf.Tensor[]): tf.Tensor {
  return Array.isArray(dy) ? (dy[0] as tf.Tensor) : dy;
}

/** The upstream gradients of a multi-output kernel (tfjs passes an array when there are several). */
export function several(dy: tf.Tensor | tf.Tensor[]): tf.Tensor[] {
  return Array.isArray(dy) ? dy : [dy];
}

/** The i-th saved tensor (inputs listed in `inputsToSave` first, then outputs in `outputsToSave`). */
export function saved(list: tf.Tensor[], i: number): tf.Tensor {
  const t = list[i];
  if (t === undefined) {
    throw new BackendError(
      'registerGradients()',
      `a gradient found no saved tensor ${i}; call registerGradients() before the forward pass that is differentiated`,
    );
  }
  return t;
}
