// Test helper (not part of the package): the shared 1-D pooling suite.
import { registerGradients } from '@strata/backends';
import { createRng, permutationIndices, ShapeError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { maxPool1d } from '../max-pool1d.js';
import { expectGradients, expectNoLeaks, expectShapeInference } from './layer-checks.test-util.js';
import { expectClose, tfPadding } from './reference.test-util.js';

const ctx = { training: false, state: {} };
type Case = { x: [number, number, number]; p: number; s: number; padding: 'same' | 'valid' };
const cases: Case[] = [
  { x: [2, 6, 2], p: 2, s: 2, padding: 'valid' },
  { x: [1, 7, 3], p: 3, s: 2, padding: 'same' },
  { x: [2, 5, 1], p: 2, s: 1, padding: 'valid' },
  { x: [1, 5, 2], p: 2, s: 2, padding: 'same' },
];
const label = (c: Case) => `${c.x.join('x')} p${c.p} s${c.s} ${c.padding}`;

/** Max or mean over each window's steps inside the input (TensorFlow's SAME averages those only). */
function naivePool1d(x: ArrayLike<number>, c: Case, kind: 'max' | 'avg') {
  const [B, L, C] = c.x;
  const { out, before } = tfPadding(L, c.p, c.s, c.padding);
  const y: number[] = [];
  for (let b = 0; b < B; b++)
    for (let t = 0; t < out; t++)
      for (let ch = 0; ch < C; ch++) {
        const vals: number[] = [];
        for (let i = 0; i < c.p; i++) {
          const at = t * c.s - before + i;
          if (at >= 0 && at < L) vals.push(x[(b * L + at) * C + ch]!);
        }
        y.push(kind === 'max' ? Math.max(...vals) : vals.reduce((a, v) => a + v, 0) / vals.length);
      }
  return { data: y, shape: [B, out, C] };
}

/** Distinct values 0.1 apart, so a small step never changes which entry is a window's max. */
function distinct(shape: number[], seed: number): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Array.from(permutationIndices(createRng(seed), n), (i) => (i - n / 2) * 0.1),
    shape,
  );
}

/** The tests both 1-D pooling layers pass, each against its own reference. */
export function pool1dSuite(
  fn: 'maxPool1d' | 'avgPool1d',
  make: typeof maxPool1d,
  kind: 'max' | 'avg',
): void {
  describe(fn, () => {
    beforeAll(() => registerGradients());

    it.each(cases.map((c) => [label(c), c] as const))('matches a naive loop: %s', (_, c) => {
      const x = distinct(c.x, 1);
      const layer = make({ poolSize: c.p, strides: c.s, padding: c.padding });
      const { y } = layer.apply({}, x, ctx);
      const ref = naivePool1d(x.dataSync(), c, kind);
      expect(y.shape).toEqual(ref.shape);
      expectClose(y.dataSync(), ref.data, 1e-6);
      expectShapeInference(layer, [x]).dispose();
      tf.dispose([x, y]);
    });

    it.each(cases.map((c) => [label(c), c] as const))('gradient matches central differences: %s', (_, c) => {
      const x = distinct(c.x, 2);
      expectGradients(make({ poolSize: c.p, strides: c.s, padding: c.padding }), [x], { step: 1e-2 });
      x.dispose();
    });

    it('leaks no tensors across init, apply and training steps', () => {
      expectNoLeaks(make({ poolSize: 3, strides: 2, padding: 'same' }), [[2, 7, 3]]);
    });

    it('says what is wrong', () => {
      expect(() => make({ poolSize: 0 })).toThrow(/positive integer/);
      expect(() => make({ name: 'p' }).init(createRng(0), [null, 4, 4, 1])).toThrow(
        new ShapeError(`${fn} 'p'`, 'expected an input shape [batch, steps, channels], got [?, 4, 4, 1]'),
      );
      expect(() => make({ poolSize: 4 }).init(createRng(0), [null, 3, 1])).toThrow(/shorter than the pool/);
    });
  });
}
