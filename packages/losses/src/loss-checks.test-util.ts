import { createRng, randomNormal } from '@strata/core';
import { checkGradients } from '@strata/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';

type AnyLoss = (yTrue: tf.Tensor, yPred: tf.Tensor, sampleWeight?: tf.Tensor) => tf.Tensor;

/** The loss as a flat array of numbers (and the tensor disposed). */
export function values(
  loss: AnyLoss,
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
  sampleWeight?: tf.Tensor,
): number[] {
  const v = loss(yTrue, yPred, sampleWeight);
  const out = Array.from(v.dataSync());
  v.dispose();
  return out;
}

/** Each expected number within `digits` decimals. */
export function expectClose(got: number[], want: number[], digits = 5): void {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => {
    expect(g).toBeCloseTo(want[i]!, digits);
  });
}

/**
 * The written-out gradients against central differences, for each reduction, w.r.t. the inputs in
 * `wrt` (default both); `sampleWeight`, when given, is held fixed.
 */
export function expectGradients(
  make: (reduction: 'mean' | 'sum' | 'none') => AnyLoss,
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
  options: {
    wrt?: number[];
    sampleWeight?: tf.Tensor;
    step?: number;
    rtol?: number;
    atol?: number;
    piece?: (y: number) => number;
  } = {},
): void {
  const { sampleWeight, wrt = [0, 1], ...rest } = options;
  for (const reduction of ['mean', 'sum', 'none'] as const) {
    const loss = make(reduction);
    const r = checkGradients((t, p) => loss(t!, p!, sampleWeight), [yTrue, yPred], {
      wrt,
      step: 1e-3,
      rtol: 2e-3,
      atol: 2e-4,
      ...rest,
    });
    expect(r.failures, reduction).toEqual([]);
    expect(r.checked + r.skipped).toBe(wrt.reduce((s, i) => s + [yTrue, yPred][i]!.size, 0));
  }
}

/** Running a loss and its gradient three times leaves `tf.memory().numTensors` where it was. */
export function expectNoLeak(
  loss: AnyLoss,
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
  sampleWeight?: tf.Tensor,
): void {
  const run = () =>
    tf.tidy(() => {
      const v = loss(yTrue, yPred, sampleWeight);
      tf.grad((p: tf.Tensor) => loss(yTrue, p, sampleWeight))(yPred, tf.onesLike(v));
    });
  run();
  const before = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) run();
  expect(tf.memory().numTensors).toBe(before);
}

/** A seeded normal tensor. */
export function normal(seed: number, shape: number[], scale = 1): tf.Tensor {
  return tf.tidy(() => tf.mul(randomNormal(createRng(seed), shape), scale));
}

/** Seeded rows that are probability distributions (softmax of normals). */
export function distributions(seed: number, shape: number[]): tf.Tensor {
  return tf.tidy(() => tf.softmax(randomNormal(createRng(seed), shape)));
}
