import {
  createRng,
  disposeTree,
  flattenTree,
  type GradientTransformation,
  randomNormal,
  type TensorTree,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { applyUpdates } from './apply-updates.js';
import { disposeState } from './dispose-state.js';

/** A small parameter tree: a dense layer and an output vector. */
export function makeParams(seed: number): TensorTree {
  const rng = createRng(seed);
  return {
    dense: { kernel: randomNormal(rng, [3, 2]), bias: randomNormal(rng, [2]) },
    out: randomNormal(rng, [4]),
  };
}

/** A fixed sequence of gradients of the params' structure, at three scales. */
export function makeGrads(seed: number, steps: number): TensorTree[] {
  const rng = createRng(seed);
  return Array.from({ length: steps }, () => ({
    dense: { kernel: randomNormal(rng, [3, 2]), bias: randomNormal(rng, [2], 0, 3) },
    out: randomNormal(rng, [4], 0, 0.01),
  }));
}

/** Runs a transformation over the gradient sequence; returns the final params (flat) and state. */
export function run<S>(
  opt: GradientTransformation<S>,
  params0: TensorTree,
  grads: readonly TensorTree[],
): { params: TensorTree; state: S } {
  // A copy, so the caller keeps params0.
  let params = tf.tidy(() => applyUpdates(params0, mapZeros(params0)));
  let state = opt.init(params);
  for (const g of grads) {
    const out = opt.update(g, state, params);
    const next = applyUpdates(params, out.updates);
    disposeTree(out.updates);
    disposeTree(params);
    disposeState(state);
    params = next;
    state = out.state;
  }
  return { params, state };
}

function mapZeros(tree: TensorTree): TensorTree {
  return Object.fromEntries(
    Object.entries(tree).map(([k, v]) => [k, v instanceof tf.Tensor ? tf.zerosLike(v) : mapZeros(v)]),
  );
}

/** Runs tfjs-core's own optimizer on variables holding the params' values; returns the final values. */
export function referenceRun(
  optimizer: tf.Optimizer,
  params: TensorTree,
  grads: readonly TensorTree[],
): Record<string, Float32Array> {
  const flat = flattenTree(params);
  const names = Object.keys(flat);
  const vars = names.map((k, i) => tf.variable(flat[k]!, true, `optim_ref_${i}_${Math.random()}`));
  for (const g of grads) {
    const fg = flattenTree(g);
    optimizer.applyGradients(Object.fromEntries(names.map((k, i) => [vars[i]!.name, fg[k]!])));
  }
  const out = Object.fromEntries(names.map((k, i) => [k, vars[i]!.dataSync() as Float32Array]));
  tf.dispose(vars);
  optimizer.dispose();
  return out;
}

/** The tree as plain arrays of numbers, by flat key. */
export function values(tree: TensorTree): Record<string, number[]> {
  return Object.fromEntries(Object.entries(flattenTree(tree)).map(([k, t]) => [k, Array.from(t.dataSync())]));
}

/** The largest |a − b| / max(1, |b|) over all entries (relative for |b| ≥ 1, absolute below). */
export function maxRelError(
  actual: Record<string, ArrayLike<number>>,
  expected: Record<string, ArrayLike<number>>,
): number {
  let worst = 0;
  for (const [k, e] of Object.entries(expected)) {
    const a = actual[k]!;
    for (let i = 0; i < e.length; i++)
      worst = Math.max(worst, Math.abs(a[i]! - e[i]!) / Math.max(1, Math.abs(e[i]!)));
  }
  return worst;
}

/** Steps on from a given params and state (left to the caller) over the gradients. */
export function runFrom<S>(
  opt: GradientTransformation<S>,
  params0: TensorTree,
  state0: S,
  grads: readonly TensorTree[],
): { params: TensorTree; state: S } {
  let params = params0;
  let state = state0;
  grads.forEach((g, i) => {
    const out = opt.update(g, state, params);
    const next = applyUpdates(params, out.updates);
    disposeTree(out.updates);
    if (i > 0) {
      disposeTree(params);
      disposeState(state);
    }
    params = next;
    state = out.state;
  });
  return { params, state };
}
