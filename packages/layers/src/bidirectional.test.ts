import { unregisterTrainingKernels, useBackend } from '@strata/backends';
import { ConfigError, createRng, flattenTree, randomNormal } from '@strata/core';
import { checkGradients } from '@strata/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { bidirectional, type MergeMode } from './bidirectional.js';
import { dense } from './dense.js';
import { gru } from './gru.js';
import { lstm } from './lstm.js';
import { nest, referenceRnn, values } from './testing/recurrent-reference.test-util.js';
import { expectClose } from './testing/reference.test-util.js';

const ctx = { training: true, state: {} };
const [B, T, IN, U] = [2, 4, 3, 2];
const X = values(B * T * IN, 1);
const MASK = [
  [1, 1, 1, 1],
  [1, 1, 1, 0],
];

/** Each direction's params as plain arrays, and the two runs of the loop reference. */
function directions(params: Record<string, Record<string, tf.Tensor>>, mask?: number[][]) {
  const run = (key: 'forward' | 'backward') => {
    const p = params[key]!;
    return referenceRnn({
      kind: 'lstm',
      x: nest(X, [B, T, IN]),
      kernel: nest(Array.from(p.kernel!.dataSync()), [IN, 4 * U]),
      recurrent: nest(Array.from(p.recurrentKernel!.dataSync()), [U, 4 * U]),
      bias: Array.from(p.bias!.dataSync()),
      units: U,
      goBackwards: key === 'backward',
      ...(mask ? { mask } : {}),
    });
  };
  return { f: run('forward'), b: run('backward') };
}

const combine: Record<MergeMode, (a: number[], b: number[]) => number[]> = {
  concat: (a, b) => [...a, ...b],
  sum: (a, b) => a.map((v, i) => v + b[i]!),
  mul: (a, b) => a.map((v, i) => v * b[i]!),
  ave: (a, b) => a.map((v, i) => (v + b[i]!) / 2),
};

describe('bidirectional', () => {
  describe.each(['concat', 'sum', 'mul', 'ave'] as const)('mergeMode %s', (mergeMode) => {
    it('returnSequences: step t merges the forward output at t with the backward output at t (input order)', () => {
      const x = tf.tensor3d(X, [B, T, IN]);
      const layer = bidirectional(lstm({ units: U, returnSequences: true }), { mergeMode });
      const { params, outputShape } = layer.init(createRng(2), [null, T, IN]);
      const { y } = layer.apply(params, x, ctx);
      expect(outputShape).toEqual([null, T, mergeMode === 'concat' ? 2 * U : U]);
      expect(y.shape).toEqual([B, T, mergeMode === 'concat' ? 2 * U : U]);
      const { f, b } = directions(params as never);
      const want: number[] = [];
      for (let n = 0; n < B; n++)
        for (let t = 0; t < T; t++)
          want.push(...combine[mergeMode](f.outputs[n]![t]!, b.outputs[n]![T - 1 - t]!));
      expectClose(y.dataSync(), want, 1e-5);
      tf.dispose([x, y, ...Object.values(flattenTree(params))]);
    });
  });

  it('last outputs, a mask, and both directions final states', () => {
    const x = tf.tensor3d(X, [B, T, IN]);
    const mask = tf.tensor2d(MASK, [B, T]);
    const layer = bidirectional(lstm({ units: U, returnState: true }));
    const { params, outputShape } = layer.init(createRng(4), [null, T, IN]);
    expect(outputShape).toEqual([null, 2 * U]);
    const { y, states } = layer.call(params, x, ctx, { mask });
    const { f, b } = directions(params as never, MASK);
    expectClose(
      y.dataSync(),
      Array.from({ length: B }, (_, n) => [...f.outputs[n]![T - 1]!, ...b.outputs[n]![T - 1]!]).flat(),
      1e-5,
    );
    expect(states.length).toBe(4);
    expectClose(
      states[0]!.dataSync(),
      f.finals.flatMap((s) => s[0]!),
      1e-5,
    );
    expectClose(
      states[3]!.dataSync(),
      b.finals.flatMap((s) => s[1]!),
      1e-5,
    );
    tf.dispose([x, mask, y, ...states, ...Object.values(flattenTree(params))]);
  });

  it('gradients match central differences (input and both directions params)', () => {
    const x = tf.tensor3d(X, [B, T, IN]);
    const layer = bidirectional(gru({ units: U, returnSequences: true }), { mergeMode: 'mul' });
    const { params } = layer.init(createRng(5), [null, T, IN]);
    const flat = flattenTree(params);
    const names = Object.keys(flat);
    const f = (xi: tf.Tensor, ...ps: tf.Tensor[]) => {
      const p = { forward: {} as Record<string, tf.Tensor>, backward: {} as Record<string, tf.Tensor> };
      names.forEach((n, i) => {
        const [dir, key] = n.split('/') as ['forward' | 'backward', string];
        p[dir][key] = ps[i]!;
      });
      return layer.apply(p, xi, ctx).y;
    };
    const r = checkGradients(f, [x, ...Object.values(flat)], { step: 1e-2, rtol: 2e-2, atol: 2e-3 });
    expect(r.failures).toEqual([]);
    tf.dispose([x, ...Object.values(flat)]);
  });

  it('leaks no tensors across init, apply and gradient steps', () => {
    const layer = bidirectional(lstm({ units: 3, returnSequences: true }));
    const x = randomNormal(createRng(0), [2, 5, 3]);
    const step = () => {
      const { params } = layer.init(createRng(1), [null, 5, 3]);
      const leaves = Object.values(flattenTree(params));
      const [g] = tf.grads((xi: tf.Tensor) => layer.apply(params, xi, ctx).y)([x]);
      tf.dispose([g!, ...leaves]);
    };
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  describe('the same forward and gradients on wasm as on cpu (stock kernels)', () => {
    afterAll(async () => {
      await useBackend('cpu');
    });
    it('concat, returnSequences', async () => {
      const run = () =>
        tf.tidy(() => {
          const layer = bidirectional(lstm({ units: 3, returnSequences: true }));
          const { params } = layer.init(createRng(1), [null, T, IN]);
          const x = tf.tensor3d(X, [B, T, IN]);
          const f = (xi: tf.Tensor) => layer.apply(params, xi, ctx).y;
          const dy = tf.tensor3d(values(B * T * 6, 3), [B, T, 6]);
          return [f(x), tf.grads(f)([x], dy)[0]!].map((t) => Array.from(t.dataSync()));
        });
      await useBackend('cpu');
      unregisterTrainingKernels({ backend: 'cpu' });
      const want = run();
      await useBackend('wasm');
      run().forEach((v, i) => {
        expectClose(v, want[i]!, 1e-4);
      });
    });
  });

  it('says what is wrong with bad options', () => {
    expect(() => bidirectional(dense({ units: 2 }) as never)).toThrow(
      new ConfigError('bidirectional(layer)', 'must be a recurrent layer (simpleRNN, lstm or gru)'),
    );
    expect(() => bidirectional(lstm({ units: 2 }), { mergeMode: 'max' as never })).toThrow(/mergeMode/);
    expect(() => bidirectional(bidirectional(lstm({ units: 2 })))).toThrow(/already bidirectional/);
  });
});
