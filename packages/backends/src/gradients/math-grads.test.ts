import * as tf from '@tensorflow/tfjs-core';
import { awayFrom, describeFamily, type GradCase, uniform } from './grad-check.test-util.js';
import { mathGrads } from './math-grads.js';

/** A unary case on [2, 3] inputs drawn from [min, max). */
const unary = (kernel: string, f: (x: tf.Tensor) => tf.Tensor, min = -1, max = 1): GradCase => ({
  name: `${kernel} on [${min}, ${max})`,
  kernels: [kernel],
  inputs: (r) => [uniform(r, [2, 3], min, max)],
  f,
});

const cases: GradCase[] = [
  unary(tf.Exp, tf.exp),
  unary(tf.Expm1, tf.expm1),
  unary(tf.Log, tf.log, 0.2, 3),
  unary(tf.Log1p, tf.log1p, -0.5, 2),
  unary(tf.Sqrt, tf.sqrt, 0.2, 3),
  unary(tf.Rsqrt, tf.rsqrt, 0.2, 3),
  unary(tf.Square, tf.square, -2, 2),
  unary(tf.Reciprocal, tf.reciprocal, 0.3, 2),
  {
    name: 'Abs, both signs away from 0',
    kernels: [tf.Abs],
    inputs: (r) => [awayFrom(r, [2, 3], [0])],
    f: tf.abs,
  },
  unary(tf.Erf, tf.erf, -2, 2),
  unary(tf.Sin, tf.sin, -3, 3),
  unary(tf.Cos, tf.cos, -3, 3),
  unary(tf.Tan, tf.tan, -1.2, 1.2),
  unary(tf.Asin, tf.asin, -0.9, 0.9),
  unary(tf.Acos, tf.acos, -0.9, 0.9),
  unary(tf.Atan, tf.atan, -3, 3),
  unary(tf.Sinh, tf.sinh, -2, 2),
  unary(tf.Cosh, tf.cosh, -2, 2),
  unary(tf.Asinh, tf.asinh, -3, 3),
  unary(tf.Acosh, tf.acosh, 1.2, 3),
  unary(tf.Atanh, tf.atanh, -0.9, 0.9),
  {
    name: 'ClipByValue, elements inside and outside [-0.5, 0.5]',
    kernels: [tf.ClipByValue],
    inputs: (r) => [awayFrom(r, [3, 4], [-0.5, 0.5], -1.5, 1.5)],
    f: (x) => tf.clipByValue(x, -0.5, 0.5),
  },
  {
    // tf.cast to the same dtype returns a clone without a kernel, so cast through int32 and back is
    // not differentiable either; avgPool casts its input to float32 with a real Cast kernel.
    name: 'Cast, float32 to float32 inside the kernel (as avgPool and mean do)',
    kernels: [tf.Cast],
    inputs: (r) => [uniform(r, [2, 3])],
    f: (x) => tf.mul(tf.engine().runKernel(tf.Cast, { x }, { dtype: 'float32' }) as tf.Tensor, 2),
  },
  {
    name: 'Identity (tf.clone)',
    kernels: [tf.Identity],
    inputs: (r) => [uniform(r, [2, 3])],
    f: (x) => tf.mul(tf.clone(x), x),
  },
];

describeFamily('math gradients', mathGrads, cases);
