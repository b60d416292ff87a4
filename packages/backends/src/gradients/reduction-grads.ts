/**
 * Gradients of reductions (`Sum`, `Mean`, `Max`, `Min`, `Prod`) and of the running sum `Cumsum`.
 * A reduction's gradient spreads `dy` back over the reduced axes; `keepDims` only changes how `dy`
 * is shaped, so `dy` is first reshaped to the input's rank with the reduced axes as size 1.
 */
import * as tf from '@tensorflow/tfjs-core';
import { keepReducedDims, normalizeAxes, normalizeAxis, saved, single } from './util.js';

/** `dy` of a reduction over `axes`, broadcast back to the input's shape. */
function spread(dy: tf.Tensor, inShape: readonly number[], axes: readonly number[]): tf.Tensor {
  return tf.broadcastTo(keepReducedDims(dy, inShape, axes), [...inShape]);
}

/** Max and Min: the gradient goes to every element equal to the extremum (ties share it, as in TF). */
function extremumGrad(kernelName: string, axisAttr: 'reductionIndices' | 'axis'): tf.GradConfig {
  return {
    kernelName,
    inputsToSave: ['x'],
    outputsToSave: [true],
    gradFunc: (dy, list, attrs) => {
      const x = saved(list, 0);
      const y = saved(list, 1);
      const axes = normalizeAxes(attrs[axisAttr], x.rank);
      const hits = tf.cast(tf.equal(x, keepReducedDims(y, x.shape, axes)), 'float32');
      return { x: () => tf.mul(spread(single(dy), x.shape, axes), hits) };
    },
  };
}

/**
 * Prod: d(prod x)/dx_i is the product of all the other elements. Computed as the product of an
 * exclusive cumulative product from the left and one from the right, which stays exact when some x
 * are zero (dividing the product by x_i would not); the same construction as TensorFlow's `_ProdGrad`.
 */
function prodInput(x: tf.Tensor, dy: tf.Tensor, axes: readonly number[]): tf.Tensor {
  if (axes.length === 0) return tf.clone(tf.reshape(dy, x.shape));
  const kept = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const perm = [...kept, ...axes];
  const outer = kept.reduce((n, i) => n * (x.shape[i] as number), 1);
  const inner = axes.reduce((n, i) => n * (x.shape[i] as number), 1);
  const moved = tf.reshape(tf.transpose(x, perm), [outer, inner]);
  const others = tf.mul(tf.cumprod(moved, 1, true, false), tf.cumprod(moved, 1, true, true));
  const dx = tf.mul(others, tf.reshape(dy, [outer, 1]));
  const inverse = perm.map((_, i) => perm.indexOf(i));
  return tf.transpose(
    tf.reshape(
      dx,
      perm.map((i) => x.shape[i] as number),
    ),
    inverse,
  );
}

export const reductionGrads: tf.GradConfig[] = [
  {
    kernelName: tf.Sum,
    inputsToSave: ['x'],
    gradFunc: (dy, list, attrs) => {
      const x = saved(list, 0);
      return { x: () => spread(single(dy), x.shape, normalizeAxes(attrs.axis, x.rank)) };
    },
  },
  {
    kernelName: tf.Mean,
    inputsToSave: ['x'],
    gradFunc: (dy, list, attrs) => {
      const x = saved(list, 0);
      const axes = normalizeAxes(attrs.axis, x.rank);
      const count = axes.reduce((n, i) => n * (x.shape[i] as number), 1);
      return { x: () => tf.div(spread(single(dy), x.shape, axes), count) };
    },
  },
  extremumGrad(tf.Max, 'reductionIndices'),
  extremumGrad(tf.Min, 'axis'),
  {
    kernelName: tf.Prod,
    inputsToSave: ['x'],
    gradFunc: (dy, list, attrs) => {
      const x = saved(list, 0);
      return { x: () => prodInput(x, single(dy), normalizeAxes(attrs.axis, x.rank)) };
    },
  },
  {
    // Each x_i feeds every later (earlier, when reversed) partial sum, so dx is dy summed the other way.
    kernelName: tf.Cumsum,
    gradFunc: (dy, _list, attrs) => {
      const g = single(dy);
      const axis = normalizeAxis(attrs.axis as number, g.rank);
      return { x: () => tf.cumsum(g, axis, attrs.exclusive as boolean, !(attrs.reverse as boolean)) };
    },
  },
];
