import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { defineMetric } from './define-metric.js';
import { readState } from './read-state.js';

// A custom metric with 'max' and 'cat' fields: the largest absolute error, and every error seen.
const errors = () =>
  defineMetric({
    name: 'errors',
    higherIsBetter: false,
    reductions: { worst: 'max', all: 'cat' },
    init: () => ({ worst: tf.scalar(Number.NEGATIVE_INFINITY), all: tf.zeros([0]) }),
    batch: (yTrue, yPred) => {
      const e = tf.abs(tf.sub(yTrue, yPred));
      return { worst: tf.max(e), all: e };
    },
    compute: (state) => {
      const { worst, all } = readState(state);
      return { worst: worst[0]!, all: Array.from(all) };
    },
  });

describe('defineMetric', () => {
  it('derives update as merge(state, batch stats), for max and cat fields (by hand)', () => {
    const m = errors();
    const s0 = m.init();
    const [y1, p1, y2, p2] = [tf.tensor1d([1, 2]), tf.tensor1d([1.5, 0]), tf.tensor1d([4]), tf.tensor1d([1])];
    const s1 = m.update(s0, y1, p1);
    const s2 = m.update(s1, y2, p2);
    expect(m.compute(s2)).toEqual({ worst: 3, all: [0.5, 2, 3] });
    // merge of separately accumulated states equals streaming, order kept for 'cat'.
    const other = m.update(s0, y2, p2);
    const merged = m.merge(s1, other);
    expect(m.compute(merged)).toEqual(m.compute(s2));
    for (const s of [s0, s1, s2, other, merged]) m.dispose(s);
    tf.dispose([y1, p1, y2, p2]);
  });

  it('runs batch statistics inside tidy: only the new state survives an update', () => {
    const m = errors();
    const s0 = m.init();
    const y = tf.ones([4]);
    const before = tf.memory().numTensors;
    const s1 = m.update(s0, y, y);
    expect(tf.memory().numTensors).toBe(before + 2);
    m.dispose(s1);
    m.dispose(s0);
    y.dispose();
  });

  it('rejects an unknown reduction, naming the field', () => {
    expect(() =>
      defineMetric({
        name: 'bad',
        higherIsBetter: true,
        reductions: { x: 'mean' as never },
        init: () => ({ x: tf.scalar(0) }),
        batch: () => ({ x: tf.scalar(0) }),
        compute: () => 0,
      }),
    ).toThrow(/defineMetric\(bad\): field 'x' declares reduction "mean"; use one of 'sum'/);
  });
});
