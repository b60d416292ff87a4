// Test helper (not part of the package): the invariants every layer is checked for.

import { registerGradients } from '@strata/backends';
import {
  createRng,
  disposeTree,
  flattenTree,
  type Layer,
  randomNormal,
  type Shape,
  unflattenTree,
} from '@strata/core';
import { type CheckGradientsOptions, checkGradients } from '@strata/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { isMultiInput } from '../graph/multi-input.js';

const ctx = { training: false, state: {} };

/** init (on shapes with the batch unknown) then apply, for one input or several. */
export function initAndApply(layer: Layer, xs: readonly tf.Tensor[], seed = 1) {
  const shapes: Shape[] = xs.map((x) => [null, ...x.shape.slice(1)]);
  const init = isMultiInput(layer)
    ? layer.initMany(createRng(seed), shapes)
    : layer.init(createRng(seed), shapes[0]!);
  const apply = (params: typeof init.params, ins: readonly tf.Tensor[], c = ctx) =>
    isMultiInput(layer) ? layer.applyMany(params, ins, c).y : layer.apply(params, ins[0]!, c).y;
  return { init, apply };
}

/** Asserts init's output shape (batch unknown) is the real output's, the batch aside. */
export function expectShapeInference(layer: Layer, xs: readonly tf.Tensor[]): tf.Tensor {
  const { init, apply } = initAndApply(layer, xs);
  const y = apply(init.params, xs);
  expect(init.outputShape).toEqual([null, ...y.shape.slice(1)]);
  disposeTree(init.params);
  return y;
}

/**
 * Checks the gradients w.r.t. every input and every param (as init made them, or `params`) against
 * central differences.
 */
export function expectGradients(
  layer: Layer,
  xs: readonly tf.Tensor[],
  options: CheckGradientsOptions = {},
  params?: Record<string, tf.Tensor>,
): void {
  const { init, apply } = initAndApply(layer, xs);
  const flat = params ?? (flattenTree(init.params) as Record<string, tf.Tensor>);
  const names = Object.keys(flat);
  const f = (...all: tf.Tensor[]) =>
    apply(
      unflattenTree(Object.fromEntries(names.map((n, i) => [n, all[xs.length + i]!]))),
      all.slice(0, xs.length),
    );
  const inputs = [...xs, ...names.map((n) => flat[n]!)];
  const r = checkGradients(f, inputs, options);
  expect(r.failures).toEqual([]);
  expect(r.checked + r.skipped).toBe(inputs.reduce((n, t) => n + t.size, 0));
  disposeTree(init.params);
}

/**
 * Asserts `tf.memory().numTensors` is flat across init, apply and training steps (the gradient of a
 * loss w.r.t. inputs and params, params replaced by a gradient step each time).
 */
export function expectNoLeaks(layer: Layer, shapes: readonly number[][], training = false): void {
  // The loss (a sum of squares) differentiates through tfjs's registry, empty in plain Node.
  registerGradients();
  const xs = shapes.map((s, i) => randomNormal(createRng(10 + i), s));
  const c = training ? { training: true, rng: createRng(3), state: {} } : ctx;
  const step = () => {
    const { init, apply } = initAndApply(layer, xs);
    let flat = flattenTree(init.params) as Record<string, tf.Tensor>;
    const names = Object.keys(flat);
    for (let i = 0; i < 2; i++) {
      const grads = tf.grads((...all: tf.Tensor[]) =>
        tf.sum(
          tf.square(
            apply(
              unflattenTree(Object.fromEntries(names.map((n, j) => [n, all[xs.length + j]!]))),
              all.slice(0, xs.length),
              c,
            ),
          ),
        ),
      )([...xs, ...names.map((n) => flat[n]!)]);
      const next = tf.tidy(() =>
        Object.fromEntries(names.map((n, j) => [n, tf.sub(flat[n]!, tf.mul(grads[xs.length + j]!, 0.01))])),
      );
      tf.dispose([...grads, ...Object.values(flat)]);
      flat = next;
    }
    tf.dispose(Object.values(flat));
  };
  step();
  const before = tf.memory().numTensors;
  step();
  step();
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose(xs);
}
