import { customOp } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import type { Reduction } from '../reduction.js';
import { checkFloat, checkSameShape } from './checks.js';
import { reduceSamples, sampleUpstream } from './log-softmax.js';
import { type ClassReading, elementClassWeights, sampleWeights } from './weights.js';

/** A loss over rows: targets and predictions [n, C] give one loss per sample [n]. */
export interface RowSpec {
  value(t: tf.Tensor, p: tf.Tensor): tf.Tensor;
  /** [∂/∂t, ∂/∂p] of Σ_i g_i · ℓ_i, for upstream weights `g` [n, 1] (or a scalar). */
  grad(t: tf.Tensor, p: tf.Tensor, g: tf.Tensor): [tf.Tensor, tf.Tensor];
}

/** How a loss weighs and reduces: the options every loss shares. */
export interface RowSetup {
  readonly reduction: Reduction;
  readonly classWeights: readonly number[] | undefined;
  readonly reading: ClassReading;
  /**
   * The targets as the formula reads them (label smoothing, 0/1 labels as ±1) and the derivative of
   * that map, applied inside the op so the target gradient needs no gradient registry.
   */
  readonly targets?: (t: tf.Tensor) => { t: tf.Tensor; slope: tf.Tensor | number };
}

/** A loss as the package's factories return it: targets, predictions and optional per-sample weights. */
export type WeightedLossFn = (yTrue: tf.Tensor, yPred: tf.Tensor, sampleWeight?: tf.Tensor) => tf.Tensor;

/**
 * Builds a loss from a row spec: shape checks, flattening to [n, C] (a rank-1 input is n samples of
 * one element, or one sample of C classes for the `'distribution'` reading), per-sample and per-class weights, the reduction, and a written-out gradient
 * (`customOp`), so every loss weighs and reduces the same way. Weights are constants: no gradient
 * flows into `sampleWeight` or into the class a target selects.
 */
export function rowLoss(fn: string, spec: RowSpec, setup: RowSetup): WeightedLossFn {
  return (yTrue, yPred, sampleWeight) => {
    checkSameShape(fn, yTrue, yPred);
    checkFloat(fn, yPred);
    return tf.tidy(() => {
      // A categorical loss reads a rank-1 input as one sample's classes; an element-wise one as samples.
      const rows = yPred.rank >= 2 || (setup.reading === 'distribution' && yPred.rank === 1);
      const c = rows ? yPred.shape[yPred.rank - 1]! : 1;
      const sampleShape = rows ? yPred.shape.slice(0, -1) : yPred.shape.slice();
      const n = sampleShape.reduce((a, b) => a * b, 1);
      const t = yTrue.dtype === 'float32' ? yTrue : tf.cast(yTrue, 'float32');
      const w = sampleWeights(fn, sampleShape, sampleWeight, setup.classWeights, setup.reading, t);
      // Reshapes happen inside the op: outside it they would need tfjs's (absent) gradient registry.
      const op = customOp((inputs, save) => {
        const [tIn, pIn, wIn] = inputs as [tf.Tensor, tf.Tensor, tf.Tensor?];
        const flatT = tf.reshape(tIn, [n, c]);
        const flatP = tf.reshape(pIn, [n, c]);
        const prepared = setup.targets ? setup.targets(flatT) : { t: flatT, slope: 1 };
        const value = reduceSamples(spec.value(prepared.t, flatP), setup.reduction, sampleShape, wIn ?? null);
        save(wIn ? [flatT, flatP, wIn] : [flatT, flatP]);
        const gradFunc = (dy: tf.Tensor, [ts, ps, ws]: tf.Tensor[]) => {
          const again = setup.targets ? setup.targets(ts!) : { t: ts!, slope: 1 };
          const g = sampleUpstream(dy, n, setup.reduction, ws ?? null);
          const [dt, dp] = spec.grad(again.t, ps!, g);
          const grads = [tf.reshape(tf.mul(dt, again.slope), yTrue.shape), tf.reshape(dp, yPred.shape)];
          return ws ? [...grads, tf.zerosLike(ws)] : grads;
        };
        return { value, gradFunc };
      });
      return w === null ? op(t, yPred) : op(t, yPred, w);
    });
  };
}

/** An element-wise loss ℓ(t, p) and its gradient. */
export interface ElementSpec {
  value(t: tf.Tensor, p: tf.Tensor): tf.Tensor;
  /** [g · ∂ℓ/∂t, g · ∂ℓ/∂p] for upstream weights `g` (broadcast to the elements). */
  grad(t: tf.Tensor, p: tf.Tensor, g: tf.Tensor): [tf.Tensor, tf.Tensor];
}

/**
 * The row spec of an element-wise loss averaged over the last axis per sample (as Keras's element-wise
 * losses are). With the `'value'` class reading each element weighs classWeights at its target's
 * class value, `classValue(t)` of the prepared target (default: the target itself).
 */
export function elementRows(
  spec: ElementSpec,
  classWeights: readonly number[] | undefined,
  classValue: (t: tf.Tensor) => tf.Tensor = (t) => t,
): RowSpec {
  const ew = (t: tf.Tensor) =>
    classWeights === undefined ? null : elementClassWeights(classWeights, classValue(t));
  return {
    value: (t, p) => {
      const e = spec.value(t, p);
      const w = ew(t);
      return tf.mean(w === null ? e : tf.mul(e, w), -1);
    },
    grad: (t, p, g) => {
      const width = p.shape[p.rank - 1]!;
      const w = ew(t);
      const ge = tf.div(g, width);
      return spec.grad(t, p, w === null ? ge : tf.mul(ge, w));
    },
  };
}
