// Test helper (not part of the package): the shared pooling suite.
import { ConfigError, createRng, permutationIndices, randomNormal, ShapeError } from '@strata/core';
import { checkGradients } from '@strata/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { maxPool2d } from '../max-pool2d.js';
import { expectClose, naivePool } from './reference.test-util.js';

const ctx = { training: false, state: {} };
type Case = {
  x: [number, number, number, number];
  poolSize: [number, number];
  strides: [number, number];
  padding: 'same' | 'valid';
};
const cases: Case[] = [
  { x: [2, 4, 4, 2], poolSize: [2, 2], strides: [2, 2], padding: 'valid' },
  { x: [1, 5, 5, 2], poolSize: [2, 2], strides: [2, 2], padding: 'valid' },
  { x: [1, 5, 5, 2], poolSize: [2, 2], strides: [2, 2], padding: 'same' },
  { x: [1, 5, 6, 1], poolSize: [3, 3], strides: [1, 1], padding: 'same' },
  { x: [2, 6, 5, 1], poolSize: [3, 2], strides: [2, 1], padding: 'valid' },
];
const label = (c: Case) => `${c.x.join('x')} p${c.poolSize.join('x')} s${c.strides.join('')} ${c.padding}`;

/** Inputs with distinct values 0.1 apart, so a small step never changes which entry is a window's max. */
function distinct(shape: Case['x'], seed: number): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const order = permutationIndices(createRng(seed), n);
  return tf.tensor(
    Array.from(order, (i) => (i - n / 2) * 0.1),
    shape,
  );
}

/** The tests both pooling layers pass, each against its own reference. */
export function poolSuite(fn: 'maxPool2d' | 'avgPool2d', make: typeof maxPool2d, kind: 'max' | 'avg'): void {
  describe(fn, () => {
    it.each(cases.map((c) => [label(c), c] as const))('matches a naive loop: %s', (_, c) => {
      const x = randomNormal(createRng(4), c.x);
      const layer = make({ poolSize: c.poolSize, strides: c.strides, padding: c.padding });
      const { y } = layer.apply({}, x, ctx);
      const ref = naivePool({ data: x.dataSync(), shape: c.x }, kind, c);
      expect(y.shape).toEqual(ref.shape);
      expectClose(y.dataSync(), ref.data, 1e-6);
      expect(layer.init(createRng(0), [null, ...c.x.slice(1)] as (number | null)[]).outputShape).toEqual([
        null,
        ...ref.shape.slice(1),
      ]);
      tf.dispose([x, y]);
    });

    it.each(cases.map((c) => [label(c), c] as const))('gradient matches central differences: %s', (_, c) => {
      const x = distinct(c.x, 5);
      const layer = make({ poolSize: c.poolSize, strides: c.strides, padding: c.padding });
      const r = checkGradients((xi) => layer.apply({}, xi, ctx).y, [x], { step: 1e-2 });
      expect(r.failures).toEqual([]);
      expect(r.checked).toBe(x.size);
      x.dispose();
    });

    it('defaults strides to the pool size and has no params', () => {
      const { params, outputShape } = make({ poolSize: 3 }).init(createRng(0), [null, 9, 10, 4]);
      expect(params).toEqual({});
      expect(outputShape).toEqual([null, 3, 3, 4]);
    });

    it('says what is wrong', () => {
      expect(() => make({ poolSize: [2, 0] })).toThrow(ConfigError);
      expect(() => make({ pool: 2 } as never)).toThrow(/unknown option 'pool'/);
      expect(() => make({ name: 'p' }).init(createRng(0), [null, 10])).toThrow(
        new ShapeError(
          `${fn} 'p'`,
          'expected an input shape [batch, height, width, channels] (NHWC), got [?, 10]',
        ),
      );
      expect(() => make({ poolSize: 3 }).init(createRng(0), [null, 2, 2, 1])).toThrow(
        /smaller than the 3×3 pool/,
      );
    });

    it('leaks no tensors', () => {
      const x = randomNormal(createRng(4), [2, 4, 4, 2]);
      const layer = make();
      layer.apply({}, x, ctx).y.dispose();
      const before = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) layer.apply({}, x, ctx).y.dispose();
      expect(tf.memory().numTensors).toBe(before);
      x.dispose();
    });
  });
}
