import { registerGradients } from '@strata/backends';
import { ConfigError, createRng, DataError, randomNormal, ShapeError } from '@strata/core';
import { checkGradients } from '@strata/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { categoricalCrossentropy } from './categorical-crossentropy.js';
import { sparseCategoricalCrossentropy } from './sparse-categorical-crossentropy.js';

beforeAll(() => {
  registerGradients();
});

/** -log softmax(x)[label] in float64. */
function nll(logits: number[], label: number): number {
  const m = Math.max(...logits);
  return m + Math.log(logits.reduce((s, v) => s + Math.exp(v - m), 0)) - logits[label]!;
}

const logits2 = [
  [2, 1, 0],
  [0.5, -1, 3],
];
const labels2 = [0, 2];

describe('sparseCategoricalCrossentropy from logits', () => {
  const loss = sparseCategoricalCrossentropy({ fromLogits: true });

  it('logits [2, 1, 0] with label 0 give log(1 + e^-1 + e^-2)', () => {
    const v = loss(tf.tensor1d([0], 'int32'), tf.tensor2d([[2, 1, 0]]));
    expect(v.rank).toBe(0);
    expect(v.dataSync()[0]).toBeCloseTo(Math.log(1 + Math.exp(-1) + Math.exp(-2)), 6);
    v.dispose();
  });

  it('reduces by mean (default), sum or none', () => {
    const y = tf.tensor2d(logits2);
    const l = tf.tensor1d(labels2, 'int32');
    const each = labels2.map((c, i) => nll(logits2[i]!, c));
    const mean = loss(l, y);
    const sum = sparseCategoricalCrossentropy({ fromLogits: true, reduction: 'sum' })(l, y);
    const none = sparseCategoricalCrossentropy({ fromLogits: true, reduction: 'none' })(l, y);
    expect(mean.dataSync()[0]).toBeCloseTo((each[0]! + each[1]!) / 2, 6);
    expect(sum.dataSync()[0]).toBeCloseTo(each[0]! + each[1]!, 5);
    expect(none.shape).toEqual([2]);
    expect(none.dataSync()[1]).toBeCloseTo(each[1]!, 6);
    tf.dispose([y, l, mean, sum, none]);
  });

  it('takes float labels, labels [B, 1] and sequence logits [B, T, C]', () => {
    const y = tf.tensor2d(logits2);
    const a = loss(tf.tensor2d([[0], [2]]), y);
    expect(a.dataSync()[0]).toBeCloseTo((nll(logits2[0]!, 0) + nll(logits2[1]!, 2)) / 2, 6);
    const seq = tf.tensor3d([logits2, logits2.map((r) => r.map((v) => -v))]);
    const none = sparseCategoricalCrossentropy({ fromLogits: true, reduction: 'none' })(
      tf.tensor2d(
        [
          [0, 2],
          [1, 1],
        ],
        undefined,
        'int32',
      ),
      seq,
    );
    expect(none.shape).toEqual([2, 2]);
    expect(none.dataSync()[3]).toBeCloseTo(nll([-0.5, 1, -3], 1), 6);
    tf.dispose([y, a, seq, none]);
  });

  it('stays finite and exact with logits of ±1000', () => {
    const v = sparseCategoricalCrossentropy({ fromLogits: true, reduction: 'none' })(
      tf.tensor1d([1, 0], 'int32'),
      tf.tensor2d([
        [1000, -1000, 0],
        [1000, 999, -1000],
      ]),
    );
    const [a, b] = v.dataSync();
    expect(a).toBe(2000);
    expect(b).toBeCloseTo(Math.log(1 + Math.exp(-1)), 5);
    v.dispose();
  });

  it('gradient is (softmax - onehot) / B and matches central differences', () => {
    const x = randomNormal(createRng(3), [4, 5]);
    const labels = tf.tensor1d([0, 4, 2, 2], 'int32');
    const g = tf.grad((xi: tf.Tensor) => loss(labels, xi))(x);
    const softmax = x.arraySync() as number[][];
    const expected = softmax.flatMap((row, i) => {
      const m = Math.max(...row);
      const z = row.reduce((s, v) => s + Math.exp(v - m), 0);
      return row.map((v, c) => (Math.exp(v - m) / z - (c === [0, 4, 2, 2][i] ? 1 : 0)) / 4);
    });
    for (const [i, v] of g.dataSync().entries()) expect(v).toBeCloseTo(expected[i]!, 6);
    for (const reduction of ['mean', 'sum', 'none'] as const) {
      const f = sparseCategoricalCrossentropy({ fromLogits: true, reduction });
      const r = checkGradients((xi) => f(labels, xi), [x], { step: 1e-2, rtol: 2e-3 });
      expect(r.failures).toEqual([]);
      expect(r.checked).toBe(20);
    }
    tf.dispose([x, labels, g]);
  });

  it('a label out of range makes that sample NaN on the device, or a DataError when checked', () => {
    const y = tf.tensor2d(logits2);
    const bad = tf.tensor1d([0, 3], 'int32');
    const none = sparseCategoricalCrossentropy({ fromLogits: true, reduction: 'none' })(bad, y);
    const [ok, nan] = none.dataSync();
    expect(ok).toBeCloseTo(nll(logits2[0]!, 0), 6);
    expect(nan).toBeNaN();
    const checked = sparseCategoricalCrossentropy({ fromLogits: true, checkLabels: true });
    expect(() => checked(bad, y)).toThrow(
      new DataError(
        'sparseCategoricalCrossentropy',
        'label 3 at index 1 is not a class index in [0, 3); labels must be integers 0…2',
      ),
    );
    expect(() => checked(tf.tensor1d([0, 1.5]), y)).toThrow(/label 1.5 at index 1/);
    expect(() => checked(tf.tensor1d([-1, 1], 'int32'), y)).toThrow(/label -1 at index 0/);
    tf.dispose([y, bad, none]);
  });

  it('says what is wrong with shapes and options', () => {
    const y = tf.tensor2d(logits2);
    expect(() => loss(tf.tensor1d([0, 1, 2], 'int32'), y)).toThrow(
      new ShapeError(
        'sparseCategoricalCrossentropy',
        'labels must have shape [2] (or [2, 1]) to match yPred [2, 3], got [3]',
      ),
    );
    expect(() => loss(tf.tensor1d([0], 'int32'), tf.tensor1d([1, 2]))).toThrow(
      /yPred must be \[batch, ..., classes\]/,
    );
    expect(() => sparseCategoricalCrossentropy({ reduction: 'avg' as never })).toThrow(
      new ConfigError(
        'sparseCategoricalCrossentropy({reduction})',
        `must be one of 'mean', 'sum', 'none', got "avg"`,
      ),
    );
    expect(() => sparseCategoricalCrossentropy({ from_logits: true } as never)).toThrow(
      /unknown option 'from_logits'/,
    );
    y.dispose();
  });

  it('leaks no tensors, forward or backward', () => {
    const x = tf.tensor2d(logits2);
    const l = tf.tensor1d(labels2, 'int32');
    const step = () => {
      const { value, grad } = tf.valueAndGrad((xi: tf.Tensor) => loss(l, xi) as tf.Scalar)(x);
      tf.dispose([value, grad]);
    };
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, l]);
  });
});

describe('sparseCategoricalCrossentropy from probabilities (the Keras default)', () => {
  it('is -log p[label], renormalized and clipped', () => {
    const loss = sparseCategoricalCrossentropy({ reduction: 'none' });
    const v = loss(
      tf.tensor1d([1, 0, 2], 'int32'),
      tf.tensor2d([
        [0.2, 0.7, 0.1],
        [2, 1, 1],
        [0.5, 0.5, 0],
      ]),
    );
    const [a, b, c] = v.dataSync();
    expect(a).toBeCloseTo(-Math.log(0.7), 6);
    expect(b).toBeCloseTo(-Math.log(0.5), 6);
    expect(c).toBeCloseTo(-Math.log(1e-7), 4);
    v.dispose();
  });

  it('gradient matches central differences', () => {
    const p = tf.tensor2d([
      [0.2, 0.5, 0.3],
      [0.6, 0.1, 0.3],
    ]);
    const labels = tf.tensor1d([1, 2], 'int32');
    const loss = sparseCategoricalCrossentropy();
    const r = checkGradients((pi) => loss(labels, pi), [p], { step: 1e-3, rtol: 3e-3 });
    expect(r.failures).toEqual([]);
    tf.dispose([p, labels]);
  });
});

describe('sparseCategoricalCrossentropy labelSmoothing', () => {
  it('equals categorical cross-entropy on the same smoothed one-hot targets', () => {
    const y = tf.tensor2d(logits2);
    const onehot = tf.tensor2d([
      [1, 0, 0],
      [0, 0, 1],
    ]);
    for (const fromLogits of [true, false]) {
      const input = fromLogits ? y : tf.softmax(y);
      const sparse = sparseCategoricalCrossentropy({ fromLogits, labelSmoothing: 0.2, reduction: 'none' });
      const a = sparse(tf.tensor1d(labels2, 'int32'), input);
      // Hand computation: -Σ_c ((1 - s)·[c = label] + s/C)·log softmax(x)_c.
      const want = labels2.map((c, i) => {
        const row = logits2[i]!;
        return row.reduce((s, _, k) => s + ((k === c ? 0.8 : 0) + 0.2 / 3) * nll(row, k), 0);
      });
      expect(a.dataSync()[0]).toBeCloseTo(want[0]!, 5);
      expect(a.dataSync()[1]).toBeCloseTo(want[1]!, 5);
      const b = categoricalCrossentropy({ fromLogits, labelSmoothing: 0.2, reduction: 'none' })(
        onehot,
        input,
      );
      expect(b.dataSync()[0]).toBeCloseTo(want[0]!, 5);
      expect(b.dataSync()[1]).toBeCloseTo(want[1]!, 5);
      tf.dispose([a, b]);
    }
    tf.dispose([y, onehot]);
  });

  it('its gradient (softmax - smoothed targets) matches central differences', () => {
    const x = tf.mul(randomNormal(createRng(3), [4, 5]), 2);
    const l = tf.tensor1d([0, 4, 2, 2], 'int32');
    for (const reduction of ['mean', 'none'] as const) {
      const loss = sparseCategoricalCrossentropy({ fromLogits: true, labelSmoothing: 0.3, reduction });
      const r = checkGradients((p) => loss(l, p!), [x], { step: 1e-3, rtol: 2e-3 });
      expect(r.failures).toEqual([]);
    }
    tf.dispose([x, l]);
  });
});
