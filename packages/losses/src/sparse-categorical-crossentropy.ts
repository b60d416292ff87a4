import { ConfigError, customOp, DataError, formatShape, ShapeError, sameShape } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { checkFloat, commonOptions } from './internal/checks.js';
import { crossentropyFromLogits, crossentropyFromProbabilities } from './internal/crossentropy-rows.js';
import { reduceSamples, sampleUpstream } from './internal/log-softmax.js';
import { sampleWeights } from './internal/weights.js';
import type { ClassWeightsOption, LossFor, Reduction } from './reduction.js';

const FN = 'sparseCategoricalCrossentropy';

export interface SparseCategoricalCrossentropyOptions<R extends Reduction> extends ClassWeightsOption {
  /** Whether predictions are raw scores (true, recommended) or probabilities (false, the Keras default). */
  readonly fromLogits?: boolean;
  readonly reduction?: R;
  /**
   * Mixes the one-hot targets with the uniform distribution, t·(1 - s) + s / C, as
   * `categoricalCrossentropy`'s `labelSmoothing` does (Keras's sparse loss has no such option).
   */
  readonly labelSmoothing?: number;
  /**
   * Check every label on the host and throw a DataError naming the first bad one. It reads the labels
   * back from the device (a sync per batch), so it is off by default; without it a label outside
   * [0, C) makes that sample's loss NaN, on the device (as TensorFlow does on GPUs).
   */
  readonly checkLabels?: boolean;
}

/** Labels of shape `logits.shape[:-1]`, or that with a trailing 1 (as Keras accepts). */
function checkShapes(labels: tf.Tensor, logits: tf.Tensor): void {
  const lead = logits.shape.slice(0, -1);
  const l = labels.shape;
  const fits = (s: readonly number[]) => sameShape(s, lead);
  if (logits.rank < 2 || !(fits(l) || (l[l.length - 1] === 1 && fits(l.slice(0, -1))))) {
    throw new ShapeError(
      FN,
      logits.rank < 2
        ? `yPred must be [batch, ..., classes], got ${formatShape(logits.shape)}`
        : `labels must have shape ${formatShape(lead)} (or ${formatShape([...lead, 1])}) to match yPred ${formatShape(logits.shape)}, got ${formatShape(l)}`,
    );
  }
  if (labels.dtype !== 'int32' && labels.dtype !== 'float32') {
    throw new ShapeError(FN, `labels must be int32 or float32 class indices, got ${labels.dtype}`);
  }
}

function checkLabelValues(labels: tf.Tensor, classes: number): void {
  const values = labels.dataSync();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= classes) {
      throw new DataError(
        FN,
        `label ${v} at index ${i} is not a class index in [0, ${classes}); labels must be integers 0…${classes - 1}`,
      );
    }
  }
}

/**
 * Cross-entropy for integer class labels: -log p[label] per sample, then the reduction. Labels are
 * shaped as the predictions without their last (class) axis. With `fromLogits: true` it uses a stable
 * log softmax (x - max - log Σ e^(x - max)) and a written-out gradient, (softmax - onehot) · weight, in
 * one pass and without the gradient registry. With probabilities they are renormalized and clipped to
 * [1e-7, 1 - 1e-7], as Keras. `classWeights` weigh each sample by its label's weight; the loss takes an
 * optional third argument `sampleWeight`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { sparseCategoricalCrossentropy } from '@strata/losses';
 *
 * const loss = sparseCategoricalCrossentropy({ fromLogits: true });
 * // log(1 + e^-1 + e^-2) = log(1.503214)
 * loss(tf.tensor1d([0], 'int32'), tf.tensor2d([[2, 1, 0]])); // => 0.4076
 * ```
 */
export function sparseCategoricalCrossentropy<R extends Reduction = 'mean'>(
  options: SparseCategoricalCrossentropyOptions<R> = {},
): LossFor<R> {
  const {
    fromLogits,
    reduction,
    labelSmoothing: s,
    classWeights,
  } = commonOptions(FN, options, ['fromLogits', 'reduction', 'checkLabels', 'labelSmoothing']);
  const checkLabels = options.checkLabels ?? false;
  if (typeof checkLabels !== 'boolean') {
    throw new ConfigError(`${FN}({checkLabels})`, `must be a boolean, got ${typeof checkLabels}`);
  }
  const spec = fromLogits ? crossentropyFromLogits : crossentropyFromProbabilities;
  return ((labels: tf.Tensor, yPred: tf.Tensor, sampleWeight?: tf.Tensor) => {
    checkShapes(labels, yPred);
    checkFloat(FN, yPred);
    const classes = yPred.shape[yPred.rank - 1]!;
    if (checkLabels) checkLabelValues(labels, classes);
    if (classWeights !== undefined && classWeights.length !== classes) {
      throw new ShapeError(
        FN,
        `classWeights has ${classWeights.length} weights but yPred ${formatShape(yPred.shape)} has ${classes} classes`,
      );
    }
    return tf.tidy(() => {
      const sampleShape = yPred.shape.slice(0, -1);
      const n = sampleShape.reduce((a, b) => a * b, 1);
      const index = tf.reshape(labels.dtype === 'int32' ? labels : tf.cast(labels, 'int32'), [-1]);
      // int32 then a cast: tfjs-backend-wasm 4.22's OneHot writes integer bits into a float32 output.
      const onehot = tf.cast(tf.oneHot(index, classes), 'float32');
      // Smoothing as categorical cross-entropy does on the one-hot targets: t·(1 - s) + s / C.
      const targets = s > 0 ? tf.add(tf.mul(onehot, 1 - s), s / classes) : onehot;
      // An out-of-range label has an all-zero one-hot row, which would read as a loss of 0 (or of
      // log Σ e^x); mark it NaN instead so a bad label never passes silently.
      const valid = tf.logicalAnd(tf.greaterEqual(index, 0), tf.less(index, classes));
      const w = sampleWeights(FN, sampleShape, sampleWeight, classWeights, 'index', index);
      const op = customOp((inputs, save) => {
        const [xIn, tIn, wIn] = inputs as [tf.Tensor, tf.Tensor, tf.Tensor?];
        const x = tf.reshape(xIn, [n, classes]);
        const perSample = tf.where(valid, spec.value(tIn, x), tf.fill([n], Number.NaN));
        save(wIn ? [x, tIn, wIn] : [x, tIn]);
        const gradFunc = (dy: tf.Tensor, [xs, ts, ws]: tf.Tensor[]) => {
          const g = sampleUpstream(dy, n, reduction, ws ?? null);
          const dx = tf.reshape(spec.grad(ts!, xs!, g)[1], yPred.shape);
          const rest = [tf.zerosLike(ts!)];
          return ws ? [dx, ...rest, tf.zerosLike(ws)] : [dx, ...rest];
        };
        return { value: reduceSamples(perSample, reduction, sampleShape, wIn ?? null), gradFunc };
      });
      return w === null ? op(yPred, targets) : op(yPred, targets, w);
    });
  }) as LossFor<R>;
}
