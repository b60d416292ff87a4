import { createRng, randomNormal, ShapeError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { reshape } from './reshape.js';
import { expectGradients, expectNoLeaks, expectShapeInference } from './testing/layer-checks.test-util.js';

const ctx = { training: false, state: {} };

describe('reshape', () => {
  it.each([
    [
      [2, 12],
      [3, 4],
      [2, 3, 4],
    ],
    [[2, 3, 4], [-1], [2, 12]],
    [
      [3, 2, 6],
      [4, -1, 1],
      [3, 4, 3, 1],
    ],
  ] as const)('%j to %j keeps row-major order', (from, target, want) => {
    const x = randomNormal(createRng(1), [...from]);
    const layer = reshape({ targetShape: [...target] });
    const { y } = layer.apply({}, x, ctx);
    expect(y.shape).toEqual(want);
    expect(Array.from(y.dataSync())).toEqual(Array.from(x.dataSync()));
    expectShapeInference(layer, [x]).dispose();
    tf.dispose([x, y]);
  });

  it('infers -1 when the input size is known, and leaves it unknown when not', () => {
    expect(reshape({ targetShape: [7, 7, -1] }).init(createRng(0), [null, 7, 7, 8]).outputShape).toEqual([
      null,
      7,
      7,
      8,
    ]);
    expect(reshape({ targetShape: [-1, 4] }).init(createRng(0), [null, null, 8]).outputShape).toEqual([
      null,
      null,
      4,
    ]);
  });

  it('gradient matches central differences and nothing leaks', () => {
    const x = randomNormal(createRng(2), [2, 6]);
    expectGradients(reshape({ targetShape: [3, 2] }), [x], { step: 0.5 });
    x.dispose();
    expectNoLeaks(reshape({ targetShape: [-1] }), [[2, 3, 2]]);
  });

  it('says what is wrong', () => {
    expect(() => reshape({ targetShape: [-1, -1] })).toThrow(/at most one -1/);
    expect(() => reshape({ targetShape: [0] })).toThrow(/positive integers/);
    expect(() => reshape({ targetShape: [5], name: 'r' }).init(createRng(0), [null, 2, 3])).toThrow(
      new ShapeError("reshape 'r'", 'cannot reshape input [?, 2, 3] (6 entries per example) to [5]'),
    );
    expect(() => reshape({ targetShape: [4, -1] }).apply({}, tf.zeros([1, 6]), ctx)).toThrow(
      /cannot reshape input \[1, 6\]/,
    );
  });
});
