import { registerGradients, useBackend } from '@strata/backends';
import {
  bernoulli,
  ConfigError,
  createRng,
  flattenTree,
  randomNormal,
  ShapeError,
  unflattenTree,
} from '@strata/core';
import { checkGradients } from '@strata/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from './graph/call.js';
import { input } from './graph/input.js';
import { model } from './graph/model.js';
import { multiHeadAttention } from './multi-head-attention.js';
import { sequential } from './sequential.js';
import { expectClose } from './testing/reference.test-util.js';

beforeAll(() => {
  registerGradients();
});
afterAll(async () => {
  await useBackend('cpu');
});

const arr = (t: tf.Tensor) => Array.from(t.dataSync());

/**
 * Multi-head attention by loops in float64, from Keras's definition: per-head projections with the
 * [features, heads, dim] kernels, scores q·k/√keyDim, −1e9 added where not allowed, softmax over keys,
 * an optional keep-mask (dropout) on the probabilities, then the [heads, valueDim, out] projection.
 */
function reference(
  p: Record<string, tf.Tensor>,
  q: tf.Tensor,
  v: tf.Tensor,
  k: tf.Tensor,
  allowed: (b: number, t: number, s: number) => boolean,
  keep?: { mask: number[]; scale: number },
): number[] {
  const [B, T, Dq] = q.shape as [number, number, number];
  const S = v.shape[1]!;
  const [, H, K] = p['query/kernel']!.shape as [number, number, number];
  const Dv = p['value/kernel']!.shape[2]!;
  const O = p['attention_output/kernel']!.shape[2]!;
  const W = Object.fromEntries(Object.entries(p).map(([n, t]) => [n, arr(t)]));
  const proj = (x: number[], L: number, D: number, name: string, dim: number) => {
    const out = new Float64Array(B * L * H * dim);
    for (let b = 0; b < B; b++)
      for (let l = 0; l < L; l++)
        for (let h = 0; h < H; h++)
          for (let e = 0; e < dim; e++) {
            let acc = W[`${name}/bias`]![h * dim + e]!;
            for (let d = 0; d < D; d++)
              acc += x[(b * L + l) * D + d]! * W[`${name}/kernel`]![(d * H + h) * dim + e]!;
            out[((b * L + l) * H + h) * dim + e] = acc;
          }
    return out;
  };
  const Q = proj(arr(q), T, Dq, 'query', K);
  const Kp = proj(arr(k), S, k.shape[2]!, 'key', K);
  const V = proj(arr(v), S, v.shape[2]!, 'value', Dv);
  const y: number[] = [];
  for (let b = 0; b < B; b++)
    for (let t = 0; t < T; t++) {
      const ctx = new Float64Array(H * Dv);
      for (let h = 0; h < H; h++) {
        const sc: number[] = [];
        for (let s = 0; s < S; s++) {
          let dot = 0;
          for (let e = 0; e < K; e++)
            dot += Q[((b * T + t) * H + h) * K + e]! * Kp[((b * S + s) * H + h) * K + e]!;
          // The masked sum is rounded to float32 as Keras computes it: −1e9 swallows the score, so a
          // fully masked row is uniform.
          sc.push(allowed(b, t, s) ? dot / Math.sqrt(K) : Math.fround(Math.fround(dot / Math.sqrt(K)) - 1e9));
        }
        const m = Math.max(...sc);
        const ex = sc.map((x) => Math.exp(x - m));
        const z = ex.reduce((a, c) => a + c, 0);
        for (let s = 0; s < S; s++) {
          let pr = ex[s]! / z;
          if (keep) pr *= keep.mask[((b * H + h) * T + t) * S + s]! * keep.scale;
          for (let e = 0; e < Dv; e++) ctx[h * Dv + e]! += pr * V[((b * S + s) * H + h) * Dv + e]!;
        }
      }
      for (let o = 0; o < O; o++) {
        let acc = W['attention_output/bias']![o]!;
        for (let i = 0; i < H * Dv; i++) acc += ctx[i]! * W['attention_output/kernel']![i * O + o]!;
        y.push(acc);
      }
    }
  return y;
}

describe('multiHeadAttention', () => {
  const rng = createRng(11);
  // Small random biases too, so the bias layout is checked.
  const nonZero = (r: ReturnType<typeof createRng>, shape: readonly number[]) =>
    randomNormal(r, shape, 0, 0.3);
  const mha = multiHeadAttention({
    numHeads: 2,
    keyDim: 3,
    valueDim: 2,
    outputDim: 5,
    biasInitializer: nonZero,
  });
  const [rq, rv, rk] = rng.split(3);
  const q = randomNormal(rq!, [2, 4, 6]);
  const v = randomNormal(rv!, [2, 5, 3]);
  const k = randomNormal(rk!, [2, 5, 7]);
  const ctx = { training: false, state: {} };

  it('Keras weight layout, and output shape inference equals the real output', () => {
    const { params, outputShape } = mha.initMany(createRng(0), [
      [null, 4, 6],
      [null, 5, 3],
      [null, 5, 7],
    ]);
    const shapes = Object.fromEntries(Object.entries(flattenTree(params)).map(([n, t]) => [n, t.shape]));
    expect(shapes).toEqual({
      'query/kernel': [6, 2, 3],
      'query/bias': [2, 3],
      'key/kernel': [7, 2, 3],
      'key/bias': [2, 3],
      'value/kernel': [3, 2, 2],
      'value/bias': [2, 2],
      'attention_output/kernel': [2, 2, 5],
      'attention_output/bias': [5],
    });
    const { y } = mha.applyMany(params, [q, v, k], ctx);
    expect(y.shape).toEqual([2, ...outputShape.slice(1)]);
    tf.dispose([y, ...Object.values(flattenTree(params))]);
  });

  it('matches loops: query/value/key order, separate key, no mask', () => {
    const { params } = mha.initMany(createRng(1), [
      [null, 4, 6],
      [null, 5, 3],
      [null, 5, 7],
    ]);
    const p = flattenTree(params);
    const { y } = mha.applyMany(params, [q, v, k], ctx);
    expectClose(
      arr(y),
      reference(p, q, v, k, () => true),
      1e-5,
    );
    tf.dispose([y, ...Object.values(p)]);
  });

  it('matches loops with a boolean mask (true = may attend, a fully masked row included)', () => {
    const { params } = mha.initMany(createRng(2), [
      [null, 4, 6],
      [null, 5, 3],
    ]);
    const p = flattenTree(params);
    const allowed = (b: number, t: number, s: number) => !(b === 1 && t === 2) && (s + t + b) % 3 !== 0;
    const maskData: boolean[] = [];
    for (let b = 0; b < 2; b++)
      for (let t = 0; t < 4; t++) for (let s = 0; s < 5; s++) maskData.push(allowed(b, t, s));
    const mask = tf.tensor3d(maskData, [2, 4, 5], 'bool');
    // Key defaults to value: passing it again is the same.
    const { y } = mha.applyMany(params, [q, v, v, mask], ctx);
    const want = reference(p, q, v, v, allowed);
    expectClose(arr(y), want, 1e-5);
    const named = mha.attend(params, { query: q, value: v, attentionMask: mask }, ctx);
    expect(arr(named.y)).toEqual(arr(y));
    // Masked positions get no probability; the fully masked row is uniform over the keys, as in Keras.
    const scores = named.scores.arraySync() as number[][][][];
    expect(scores[0]![1]![0]![0]).toBe(0);
    for (const pr of scores[1]![0]![2]!) expect(pr).toBeCloseTo(1 / 5, 6);
    tf.dispose([y, mask, named.y, named.scores, ...Object.values(p)]);
  });

  it('matches loops with the causal mask, alone and combined with a padding mask', () => {
    const causal = multiHeadAttention({
      numHeads: 3,
      keyDim: 2,
      useCausalMask: true,
      biasInitializer: nonZero,
    });
    const x = randomNormal(createRng(5), [2, 4, 6]);
    const { params } = causal.init(createRng(3), [null, 4, 6]);
    const p = flattenTree(params);
    const { y } = causal.apply(params, x, ctx);
    expectClose(
      arr(y),
      reference(p, x, x, x, (_b, t, s) => s <= t),
      1e-5,
    );
    // Padding: the last key of sample 1 is padding.
    const pad = tf.tidy(() => {
      const m: boolean[] = [];
      for (let b = 0; b < 2; b++)
        for (let t = 0; t < 4; t++) for (let s = 0; s < 4; s++) m.push(!(b === 1 && s === 3));
      return tf.tensor3d(m, [2, 4, 4], 'bool');
    });
    const both = causal.applyMany(params, [x, x, x, pad], ctx);
    expectClose(
      arr(both.y),
      reference(p, x, x, x, (b, t, s) => s <= t && !(b === 1 && s === 3)),
      1e-5,
    );
    tf.dispose([x, y, pad, both.y, ...Object.values(p)]);
  });

  it('drops attention probabilities only while training, with the mask from ctx.rng', () => {
    const drop = multiHeadAttention({ numHeads: 2, keyDim: 3, dropout: 0.5, biasInitializer: nonZero });
    const { params } = drop.initMany(createRng(4), [
      [null, 4, 6],
      [null, 5, 3],
    ]);
    const p = flattenTree(params);
    const inference = drop.applyMany(params, [q, v], ctx).y;
    expectClose(
      arr(inference),
      reference(p, q, v, v, () => true),
      1e-5,
    );
    const trained = drop.applyMany(params, [q, v], { training: true, rng: createRng(9), state: {} }).y;
    const keep = bernoulli(createRng(9), [2, 2, 4, 5], 0.5);
    expectClose(
      arr(trained),
      reference(p, q, v, v, () => true, { mask: arr(keep), scale: 2 }),
      1e-5,
    );
    expect(() => drop.applyMany(params, [q, v], { training: true, state: {} })).toThrow(ConfigError);
    tf.dispose([inference, trained, keep, ...Object.values(p)]);
  });

  it('gradients (inputs and every param) match finite differences, masked and causal', () => {
    const small = multiHeadAttention({
      numHeads: 2,
      keyDim: 2,
      useCausalMask: true,
      biasInitializer: nonZero,
    });
    const { params } = small.initMany(createRng(6), [
      [null, 3, 3],
      [null, 3, 2],
    ]);
    const flat = flattenTree(params);
    const names = Object.keys(flat);
    const xq = randomNormal(createRng(7), [1, 3, 3]);
    const xv = randomNormal(createRng(8), [1, 3, 2]);
    const mask = tf.tensor3d(
      [
        [
          [true, true, false],
          [true, true, true],
          [false, true, true],
        ],
      ],
      [1, 3, 3],
      'bool',
    );
    const f = (a: tf.Tensor, b: tf.Tensor, ...ps: tf.Tensor[]) =>
      small.applyMany(
        unflattenTree(Object.fromEntries(names.map((n, i) => [n, ps[i]!]))),
        [a, b, b, mask],
        ctx,
      ).y;
    const report = checkGradients(f, [xq, xv, ...names.map((n) => flat[n]!)], {
      step: 1e-2,
      rtol: 2e-3,
      atol: 2e-4,
    });
    expect(report.failures).toEqual([]);
    expect(report.checked).toBeGreaterThan(60);
    tf.dispose([xq, xv, mask, ...Object.values(flat)]);
  });

  it('numTensors stay flat across init, apply and gradient steps (with dropout)', () => {
    const layer = multiHeadAttention({ numHeads: 2, keyDim: 4, dropout: 0.1, useCausalMask: true });
    const before = tf.memory().numTensors;
    const { params } = layer.init(createRng(0), [null, 4, 6]);
    const flat = flattenTree(params);
    const names = Object.keys(flat);
    const x = tf.ones([2, 4, 6]);
    for (let i = 0; i < 3; i++) {
      const { value, grads } = tf.valueAndGrads(
        (...ps: tf.Tensor[]) =>
          tf.sum(
            layer.apply(unflattenTree(Object.fromEntries(names.map((n, j) => [n, ps[j]!]))), x, {
              training: true,
              rng: createRng(i),
              state: {},
            }).y,
          ) as tf.Scalar,
      )(names.map((n) => flat[n]!));
      tf.dispose([value, ...grads]);
    }
    tf.dispose([x, ...Object.values(flat)]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('works in a graph (cross-attention) and in sequential (self-attention); shape errors name both shapes', () => {
    const dec = input([null, 4, 6]);
    const enc = input([null, 5, 3]);
    const att = call(multiHeadAttention({ numHeads: 2, keyDim: 3 }), [dec, enc]);
    expect(att.shape).toEqual([null, 4, 6]);
    const net = model({ inputs: [dec, enc], outputs: att });
    const { params } = net.initMany(createRng(0), [
      [null, 4, 6],
      [null, 5, 3],
    ]);
    const { y } = net.applyMany(params, [q, v], ctx);
    expect(y.shape).toEqual([2, 4, 6]);
    // One input in a graph is self-attention, the same as apply.
    const sa = multiHeadAttention({ numHeads: 1, keyDim: 2 });
    const own = input([null, 4, 6]);
    const selfNet = model({ inputs: own, outputs: call(sa, own) });
    const sp = sa.init(createRng(1), [null, 4, 6]).params;
    const viaGraph = selfNet.apply({ multi_head_attention: sp }, q, ctx).y;
    const direct = sa.applyMany(sp, [q, q, q], ctx).y;
    expect(Array.from(viaGraph.dataSync())).toEqual(Array.from(direct.dataSync()));
    tf.dispose([viaGraph, direct, ...Object.values(flattenTree(sp))]);
    const seq = sequential([multiHeadAttention({ numHeads: 1, keyDim: 2 })]);
    expect(seq.init(createRng(0), [null, 3, 4]).outputShape).toEqual([null, 3, 4]);
    expect(() =>
      mha.initMany(createRng(0), [
        [null, 4, 6],
        [null, 5, 3],
        [null, 6, 7],
      ]),
    ).toThrow(ShapeError);
    expect(() =>
      mha.initMany(createRng(0), [
        [null, 4, 6],
        [null, 5, 3],
        [null, 6, 7],
      ]),
    ).toThrow(
      "multiHeadAttention 'multi_head_attention': the key [?, 6, 7] and the value [?, 5, 3] must have the same length",
    );
    expect(() =>
      mha.initMany(createRng(0), [
        [null, 4, 6],
        [null, 5, 3],
        [null, 5, 3],
        [null, 4, 4],
      ]),
    ).toThrow(/attention mask \[batch, 4, 5\].*got \[\?, 4, 4\]/);
    expect(() => multiHeadAttention({ numHeads: 0, keyDim: 2 })).toThrow(/numHeads/);
    tf.dispose([y, ...Object.values(flattenTree(params))]);
  });

  it('forward and gradients agree on cpu and wasm within 1e-4', async () => {
    const layer = multiHeadAttention({
      numHeads: 2,
      keyDim: 3,
      useCausalMask: true,
      biasInitializer: nonZero,
    });
    const run = () =>
      tf.tidy(() => {
        const { params } = layer.initMany(createRng(1), [
          [null, 4, 6],
          [null, 4, 5],
        ]);
        const flat = flattenTree(params);
        const names = Object.keys(flat);
        const a = randomNormal(createRng(2), [2, 4, 6]);
        const b = randomNormal(createRng(3), [2, 4, 5]);
        const mask = tf.tensor3d(
          Array.from({ length: 32 }, (_, i) => i % 5 !== 0),
          [2, 4, 4],
          'bool',
        );
        const f = (xa: tf.Tensor, xb: tf.Tensor, ...ps: tf.Tensor[]) =>
          layer.applyMany(
            unflattenTree(Object.fromEntries(names.map((n, i) => [n, ps[i]!]))),
            [xa, xb, xb, mask],
            ctx,
          ).y;
        const y = f(a, b, ...Object.values(flat));
        const dy = randomNormal(createRng(4), y.shape);
        const grads = tf.grads(f)([a, b, ...Object.values(flat)], dy);
        return [y, ...grads].map(arr);
      });
    await useBackend('cpu');
    const want = run();
    await useBackend('wasm');
    expect(tf.getBackend()).toBe('wasm');
    const got = run();
    await useBackend('cpu');
    expect(got.length).toBe(want.length);
    got.forEach((values, i) => {
      expectClose(values, want[i]!, 1e-4);
    });
  });
});
