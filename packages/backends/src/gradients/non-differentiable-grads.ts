/**
 * Zero gradients for kernels that are piecewise constant (`Floor`, `Round`, `Sign`, `Step`, ...) or
 * whose outputs are booleans or indices (comparisons, logical ops, `ArgMax`, `OneHot`, ...).
 *
 * These still need a config: tfjs-core's tape keeps every kernel on a path from the differentiated
 * input to the result, so `where(abs(x) < 1, a(x), b(x))` puts `Less` (and `Abs`) on the tape even
 * though no gradient flows through the condition. Without a config backprop stops with "gradient
 * function not found for Less". The engine requires float32 gradients, whatever the input's dtype.
 */
import * as tf from '@tensorflow/tfjs-core';
import { saved } from './util.js';

/** A zero gradient for each named input, shaped like that input. */
function zeroGrad(kernelName: string, inputNames: readonly string[]): tf.GradConfig {
  return {
    kernelName,
    inputsToSave: [...inputNames],
    gradFunc: (_dy, list) =>
      Object.fromEntries(
        inputNames.map((name, i) => [name, () => tf.zeros(saved(list, i).shape, 'float32')]),
      ),
  };
}

const unaryKernels = [
  tf.Floor,
  tf.Ceil,
  tf.Round,
  tf.Sign,
  tf.Step,
  tf.IsNan,
  tf.IsInf,
  tf.IsFinite,
  tf.LogicalNot,
  tf.ZerosLike,
  tf.OnesLike,
  tf.ArgMax,
  tf.ArgMin,
];
const binaryKernels = [
  tf.FloorDiv,
  tf.Equal,
  tf.NotEqual,
  tf.Greater,
  tf.GreaterEqual,
  tf.Less,
  tf.LessEqual,
  tf.LogicalAnd,
  tf.LogicalOr,
];

export const nonDifferentiableGrads: tf.GradConfig[] = [
  ...unaryKernels.map((name) => zeroGrad(name, ['x'])),
  ...binaryKernels.map((name) => zeroGrad(name, ['a', 'b'])),
  zeroGrad(tf.OneHot, ['indices']),
];
