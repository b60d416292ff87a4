// Test helper (not part of the package): the shared global pooling suite.
import { registerGradients } from '@strata/backends';
import { createRng, permutationIndices, ShapeError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { globalAvgPool1d } from '../global-avg-pool1d.js';
import { expectGradients, expectNoLeaks, expectShapeInference } from './layer-checks.test-util.js';
import { expectClose } from './reference.test-util.js';

const ctx = { training: false, state: {} };

function distinct(shape: number[], seed: number): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Array.from(permutationIndices(createRng(seed), n), (i) => (i - n / 2) * 0.1),
    shape,
  );
}

/** Per example and channel, the max or mean over every position between them. */
function naiveGlobal(x: ArrayLike<number>, shape: number[], kind: 'max' | 'avg') {
  const B = shape[0]!;
  const C = shape[shape.length - 1]!;
  const P = shape.slice(1, -1).reduce((a, b) => a * b, 1);
  const y: number[] = [];
  for (let b = 0; b < B; b++)
    for (let c = 0; c < C; c++) {
      const vals = Array.from({ length: P }, (_, p) => x[(b * P + p) * C + c]!);
      y.push(kind === 'max' ? Math.max(...vals) : vals.reduce((a, v) => a + v, 0) / P);
    }
  return y;
}

/** The tests every global pooling layer passes, against its own reference, on inputs of `shape`. */
export function globalPoolSuite(
  fn: string,
  make: typeof globalAvgPool1d,
  kind: 'max' | 'avg',
  shape: readonly number[],
): void {
  describe(fn, () => {
    beforeAll(() => registerGradients());

    it('matches a naive loop, with and without keepDims', () => {
      const x = distinct([...shape], 1);
      const { y } = make().apply({}, x, ctx);
      expect(y.shape).toEqual([shape[0], shape[shape.length - 1]]);
      expectClose(y.dataSync(), naiveGlobal(x.dataSync(), [...shape], kind), 1e-6);
      const kept = make({ keepDims: true }).apply({}, x, ctx).y;
      expect(kept.shape).toEqual(shape.map((d, i) => (i === 0 || i === shape.length - 1 ? d : 1)));
      expectShapeInference(make(), [x]).dispose();
      expectShapeInference(make({ keepDims: true }), [x]).dispose();
      tf.dispose([x, y, kept]);
    });

    it('gradient matches central differences', () => {
      const x = distinct([...shape], 2);
      expectGradients(make(), [x], { step: 1e-2 });
      x.dispose();
    });

    it('leaks no tensors across init, apply and training steps', () => {
      expectNoLeaks(make(), [[...shape]]);
    });

    it('says what is wrong', () => {
      expect(() => make({ keepDims: 1 } as never)).toThrow(/must be a boolean/);
      expect(() => make({ name: 'g' }).init(createRng(0), [null, 4])).toThrow(ShapeError);
      expect(() => make({ name: 'g' }).init(createRng(0), [null, 4])).toThrow(new RegExp(`^${fn} 'g'`));
    });
  });
}
