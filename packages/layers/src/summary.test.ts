import { createRng } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { dense } from './dense.js';
import { summary } from './summary.js';
import { convParams, denseParams, seedCnn } from './testing/seed-cnn.test-util.js';

describe('summary', () => {
  it("prints the seed CNN as Keras does, with each layer's params and the total", () => {
    const before = tf.memory().numTensors;
    const text = summary(seedCnn(), [null, 28, 28, 1]);
    expect(tf.memory().numTensors).toBe(before);
    const lines = text.split('\n');
    expect(lines[0]).toBe('Model: "cnn"');
    // 28 → conv 26 → pool 13 → conv 11 → pool 5 → conv 3; 3·3·64 = 576 features.
    const expected: [string, string, number][] = [
      ['conv2d (Conv2D)', '[?, 26, 26, 32]', convParams(3, 1, 32)],
      ['max_pooling2d (MaxPooling2D)', '[?, 13, 13, 32]', 0],
      ['conv2d_1 (Conv2D)', '[?, 11, 11, 64]', convParams(3, 32, 64)],
      ['max_pooling2d_1 (MaxPooling2D)', '[?, 5, 5, 64]', 0],
      ['conv2d_2 (Conv2D)', '[?, 3, 3, 64]', convParams(3, 64, 64)],
      ['flatten (Flatten)', '[?, 576]', 0],
      ['dense (Dense)', '[?, 64]', denseParams(576, 64)],
      ['dense_1 (Dense)', '[?, 10]', denseParams(64, 10)],
    ];
    const rows = lines.slice(4, 4 + expected.length).map((l) => l.trim().split(/\s{2,}/));
    expect(rows).toEqual(expected.map(([a, b, n]) => [a, b, n.toLocaleString('en-US')]));
    expect(expected.map((e) => e[2])).toEqual([320, 0, 18_496, 0, 36_928, 0, 36_928, 650]);
    const total = expected.reduce((s, e) => s + e[2], 0);
    expect(total).toBe(93_322);
    expect(lines).toContain(`Total params: 93,322 (${((total * 4) / 1024).toFixed(2)} KB)`);
    expect(lines).toContain('Trainable params: 93,322');
    expect(lines).toContain('Non-trainable params: 0');
  });

  it('describes a single layer as one row', () => {
    const text = summary(dense({ units: 5, name: 'head' }), [null, 7]);
    expect(text).toContain('Model: "head"');
    expect(
      text
        .split('\n')[4]!
        .trim()
        .split(/\s{2,}/),
    ).toEqual(['head (Dense)', '[?, 5]', '40']);
    expect(text).toContain('Total params: 40 (0.16 KB)');
  });

  it('passes on a shape error', () => {
    expect(() => summary(seedCnn(), [null, 784])).toThrow(/layer 0 'conv2d'/);
  });

  it('counts the same params as init makes', () => {
    const { params } = dense({ units: 3 }).init(createRng(0), [null, 4]);
    expect(summary(dense({ units: 3 }), [null, 4])).toContain(`Total params: ${denseParams(4, 3)} `);
    tf.dispose(Object.values(params) as tf.Tensor[]);
  });
});
