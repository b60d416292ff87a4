import { disposeTree, type GradientTransformation, type TensorTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { adagrad } from './adagrad.js';
import { adam } from './adam.js';
import { adamax } from './adamax.js';
import { adamw } from './adamw.js';
import { amsgrad } from './amsgrad.js';
import { applyUpdates } from './apply-updates.js';
import { disposeState } from './dispose-state.js';
import { lion } from './lion.js';
import { momentum } from './momentum.js';
import { nadam } from './nadam.js';
import { nesterov } from './nesterov.js';
import { makeGrads, makeParams, maxRelError, referenceRun, run, values } from './optim.test-util.js';
import { rmsprop } from './rmsprop.js';
import { sgd } from './sgd.js';

const STEPS = 50;

/** One scalar's optimizer state in a hand-written reference: whatever the rule keeps. */
type Slots = Record<string, number>;
/** A paper's update rule for one scalar at step t (1-based): returns the new param. */
type Rule = (p: number, g: number, t: number, s: Slots, key: string) => number;

/** Runs `rule` over every scalar of the params in float64, as the paper writes it. */
function handRun(params: TensorTree, grads: readonly TensorTree[], rule: Rule): Record<string, number[]> {
  const p = values(params);
  const gs = grads.map(values);
  const slots: Record<string, Slots[]> = Object.fromEntries(
    Object.entries(p).map(([k, v]) => [k, v.map(() => ({}))]),
  );
  gs.forEach((g, step) => {
    for (const [k, v] of Object.entries(p)) {
      for (let i = 0; i < v.length; i++) v[i] = rule(v[i]!, g[k]![i]!, step + 1, slots[k]![i]!, k);
    }
  });
  return p;
}

/** Adam's moments for one scalar (Kingma & Ba 2015, Algorithm 1), updated in place. */
function moments(s: Slots, g: number, b1: number, b2: number): void {
  s.m = b1 * (s.m ?? 0) + (1 - b1) * g;
  s.v = b2 * (s.v ?? 0) + (1 - b2) * g * g;
}

const tfjsCases: [string, () => GradientTransformation<unknown>, () => tf.Optimizer][] = [
  ['sgd', () => sgd({ learningRate: 0.05 }), () => tf.train.sgd(0.05)],
  ['momentum', () => momentum({ learningRate: 0.05 }), () => tf.train.momentum(0.05, 0.9)],
  [
    'nesterov',
    () => nesterov({ learningRate: 0.05, momentum: 0.8 }),
    () => tf.train.momentum(0.05, 0.8, true),
  ],
  ['adam', () => adam({ learningRate: 0.01 }), () => tf.train.adam(0.01)],
  ['adamax', () => adamax(), () => tf.train.adamax(0.002, 0.9, 0.999)],
  [
    'adamax (custom)',
    () => adamax({ learningRate: 0.05, b1: 0.8, b2: 0.99 }),
    () => tf.train.adamax(0.05, 0.8, 0.99),
  ],
  // tf.train.rmsprop's defaults: decay 0.9, no momentum, eps = backend epsilon (1e-7) inside the root.
  ['rmsprop', () => rmsprop({ learningRate: 0.01 }), () => tf.train.rmsprop(0.01)],
  [
    'rmsprop (momentum)',
    () => rmsprop({ learningRate: 0.01, decay: 0.8, momentum: 0.9 }),
    () => tf.train.rmsprop(0.01, 0.8, 0.9),
  ],
  // tf.train.adagrad's initial accumulator is 0.1, as ours.
  ['adagrad', () => adagrad({ learningRate: 0.1 }), () => tf.train.adagrad(0.1)],
];

const handCases: [string, () => GradientTransformation<unknown>, Rule][] = [
  [
    // Loshchilov & Hutter 2019, Algorithm 2 with η_t = lr (the decay scaled by the rate, as Keras/PyTorch).
    'adamw',
    () => adamw({ learningRate: 0.01, weightDecay: 0.1, mask: (key) => key !== 'dense/bias' }),
    (p, g, t, s, key) => {
      moments(s, g, 0.9, 0.999);
      const step = s.m! / (1 - 0.9 ** t) / (Math.sqrt(s.v! / (1 - 0.999 ** t)) + 1e-7);
      return p - 0.01 * (step + (key === 'dense/bias' ? 0 : 0.1 * p));
    },
  ],
  [
    // Dozat 2016 (constant μ): m̂ = b1·m_t/(1 − b1^(t+1)) + (1 − b1)·g/(1 − b1^t).
    'nadam',
    () => nadam({ learningRate: 0.01 }),
    (p, g, t, s) => {
      moments(s, g, 0.9, 0.999);
      const mHat = (0.9 * s.m!) / (1 - 0.9 ** (t + 1)) + (0.1 * g) / (1 - 0.9 ** t);
      return p - (0.01 * mHat) / (Math.sqrt(s.v! / (1 - 0.999 ** t)) + 1e-7);
    },
  ],
  [
    // Reddi et al. 2018 with Adam's bias corrections, the max over the raw second moment (Keras, PyTorch).
    'amsgrad',
    () => amsgrad({ learningRate: 0.01, b2: 0.9 }),
    (p, g, t, s) => {
      moments(s, g, 0.9, 0.9);
      s.vMax = Math.max(s.vMax ?? 0, s.v!);
      return p - (0.01 * (s.m! / (1 - 0.9 ** t))) / (Math.sqrt(s.vMax / (1 - 0.9 ** t)) + 1e-7);
    },
  ],
  [
    // Chen et al. 2023, Algorithm 2.
    'lion',
    () => lion({ learningRate: 0.01, weightDecay: 0.5 }),
    (p, g, _t, s) => {
      const m = s.m ?? 0;
      const next = p - 0.01 * (Math.sign(0.9 * m + 0.1 * g) + 0.5 * p);
      s.m = 0.99 * m + 0.01 * g;
      return next;
    },
  ],
  [
    // Graves 2013 / TensorFlow's centered RMSProp: g / √(E[g²] − E[g]² + eps).
    'rmsprop (centered)',
    () => rmsprop({ learningRate: 0.01, centered: true }),
    (p, g, _t, s) => {
      s.v = 0.9 * (s.v ?? 0) + 0.1 * g * g;
      s.mg = 0.9 * (s.mg ?? 0) + 0.1 * g;
      return p - (0.01 * g) / Math.sqrt(s.v - s.mg * s.mg + 1e-7);
    },
  ],
  [
    // PyTorch's and Keras's placement: g / (√ν + eps).
    'rmsprop (eps outside the root)',
    () => rmsprop({ learningRate: 0.01, epsInSqrt: false, eps: 1e-3 }),
    (p, g, _t, s) => {
      s.v = 0.9 * (s.v ?? 0) + 0.1 * g * g;
      return p - (0.01 * g) / (Math.sqrt(s.v) + 1e-3);
    },
  ],
];

describe('aliases', () => {
  it.each(tfjsCases)('%s equals tfjs-core’s optimizer over 50 steps (1e-5 relative)', (_name, ours, ref) => {
    const params0 = makeParams(1);
    const grads = makeGrads(2, STEPS);
    const expected = referenceRun(ref(), params0, grads);
    const { params, state } = run(ours(), params0, grads);
    expect(maxRelError(values(params), expected)).toBeLessThan(1e-5);
    // It moved: a no-op would not pass the comparison by accident.
    expect(maxRelError(values(params), values(params0))).toBeGreaterThan(1e-3);
    [params, state, params0, ...grads].forEach(disposeTree);
  });

  it.each(handCases)('%s equals the paper’s rule written out by hand over 50 steps', (_name, ours, rule) => {
    const params0 = makeParams(3);
    const grads = makeGrads(4, STEPS);
    const expected = handRun(params0, grads, rule);
    const { params, state } = run(ours(), params0, grads);
    expect(maxRelError(values(params), expected)).toBeLessThan(1e-5);
    expect(maxRelError(values(params), values(params0))).toBeGreaterThan(1e-3);
    [params, state, params0, ...grads].forEach(disposeTree);
  });

  const all: [string, () => GradientTransformation<unknown>][] = [
    ...tfjsCases.map(([n, f]) => [n, f] as [string, () => GradientTransformation<unknown>]),
    ...handCases.map(([n, f]) => [n, f] as [string, () => GradientTransformation<unknown>]),
  ];

  it.each(all)('%s: state is plain data a checkpoint restores exactly, and nothing leaks', (_name, make) => {
    const opt = make();
    const params0 = makeParams(5);
    const grads = makeGrads(6, 6);
    const before = tf.memory().numTensors;
    const { params, state } = run(opt, params0, grads.slice(0, 3));
    // Every leaf is a float32/int32 tensor, a number or a boolean inside plain objects and arrays:
    // what serializeTree in @strata/train saves.
    const leaves: string[] = [];
    const walk = (v: unknown, path: string): void => {
      if (v instanceof tf.Tensor) leaves.push(`${path}:${v.dtype}`);
      else if (Array.isArray(v)) {
        for (const [i, x] of v.entries()) walk(x, `${path}/${i}`);
      } else if (v !== null && typeof v === 'object') {
        expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
        for (const [k, x] of Object.entries(v)) walk(x, `${path}/${k}`);
      } else expect(['number', 'boolean']).toContain(typeof v);
    };
    walk(state, '');
    for (const l of leaves) expect(l).toMatch(/:(float32|int32)$/);
    // A round trip through the bytes (as a checkpoint stores them) continues bit for bit.
    const restore = (v: unknown): unknown =>
      v instanceof tf.Tensor
        ? tf.tensor(v.dataSync().slice(), v.shape, v.dtype)
        : Array.isArray(v)
          ? v.map(restore)
          : v !== null && typeof v === 'object'
            ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, restore(x)]))
            : v;
    const copy = restore(state);
    const a = continueRun(opt, params, state, grads.slice(3));
    const b = continueRun(opt, params, copy, grads.slice(3));
    expect(values(a)).toEqual(values(b));
    [a, b, params].forEach(disposeTree);
    disposeState([state, copy]);
    expect(tf.memory().numTensors).toBe(before);
    [params0, ...grads].forEach(disposeTree);
  });
});

/** Steps on from (params, state) without disposing them; returns the final params. */
function continueRun<S>(
  opt: GradientTransformation<S>,
  params0: TensorTree,
  state0: S,
  grads: readonly TensorTree[],
): TensorTree {
  let params = params0;
  let state = state0;
  let owned = false;
  for (const g of grads) {
    const out = opt.update(g, state, params);
    const next = applyUpdates(params, out.updates);
    disposeTree(out.updates);
    if (owned) {
      disposeTree(params);
      disposeState(state);
    }
    params = next;
    state = out.state;
    owned = true;
  }
  disposeState(state);
  return params;
}
