import { ConfigError, createRng, disposeTree, randomNormal, ShapeError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { add } from './add.js';
import { concatenate } from './concatenate.js';
import { dense } from './dense.js';
import { call } from './graph/call.js';
import { input } from './graph/input.js';
import { model } from './graph/model.js';
import { expectGradients, expectNoLeaks, expectShapeInference } from './testing/layer-checks.test-util.js';

const ctx = { training: false, state: {} };

describe('add', () => {
  it('sums two or three inputs entry by entry', () => {
    const xs = [1, 2, 3].map((s) => randomNormal(createRng(s), [2, 3, 4]));
    const { y } = add().applyMany({}, xs, ctx);
    const data = xs.map((x) => x.dataSync());
    expect(y.shape).toEqual([2, 3, 4]);
    expect(Array.from(y.dataSync())).toEqual(
      Array.from(data[0]!, (_, i) => Math.fround(Math.fround(data[0]![i]! + data[1]![i]!) + data[2]![i]!)),
    );
    expectShapeInference(add(), xs).dispose();
    tf.dispose([...xs, y]);
  });

  it('fills unknown sizes from the other inputs', () => {
    expect(
      add().initMany(createRng(0), [
        [null, null, 4],
        [null, 3, 4],
      ]).outputShape,
    ).toEqual([null, 3, 4]);
  });

  it('gradients match central differences and nothing leaks', () => {
    const xs = [1, 2].map((s) => randomNormal(createRng(s), [2, 3]));
    expectGradients(add(), xs, { step: 0.5 });
    tf.dispose(xs);
    expectNoLeaks(add(), [
      [2, 3],
      [2, 3],
      [2, 3],
    ]);
  });

  it('makes a residual block and a two-tower join in a graph', () => {
    const x = input([null, 3]);
    const h = call(dense({ units: 3, name: 'inner' }), x);
    const residual = call(add(), [x, h]);
    const joined = call(concatenate(), [residual, call(dense({ units: 2, name: 'side' }), x)]);
    const net = model({ inputs: x, outputs: joined });
    const { params, outputShapes } = net.initAll(createRng(0));
    expect(outputShapes).toEqual([[null, 5]]);
    const xs = randomNormal(createRng(1), [2, 3]);
    const { ys } = net.applyAll(params, [xs], ctx);
    // x + x·W + b, then the side tower's x·V + c, by hand.
    const p = params as Record<string, Record<string, tf.Tensor>>;
    const [W, b, V, c] = [p.inner!.kernel!, p.inner!.bias!, p.side!.kernel!, p.side!.bias!].map((t) =>
      t.arraySync(),
    ) as [number[][], number[], number[][], number[]];
    const rows = xs.arraySync() as number[][];
    const want = rows.map((r) => [
      ...[0, 1, 2].map((j) => r[j]! + r.reduce((acc, v, i) => acc + v * W[i]![j]!, b[j]!)),
      ...[0, 1].map((j) => r.reduce((acc, v, i) => acc + v * V[i]![j]!, c[j]!)),
    ]);
    expect(ys[0]!.shape).toEqual([2, 5]);
    const got = ys[0]!.arraySync() as number[][];
    got.flat().forEach((v, i) => {
      expect(v).toBeCloseTo(want.flat()[i]!, 5);
    });
    tf.dispose([xs, ...ys]);
    disposeTree(params);
  });

  it('says what is wrong', () => {
    expect(() =>
      add({ name: 'a' }).initMany(createRng(0), [
        [null, 3],
        [null, 4],
      ]),
    ).toThrow(new ShapeError("Add 'a'", 'inputs must have the same shape, got [?, 3] and [?, 4]'));
    expect(() => add().applyMany({}, [tf.zeros([1, 2])], ctx)).toThrow(ConfigError);
    expect(() => add().apply({}, tf.zeros([1, 2]), ctx)).toThrow(/takes several inputs/);
  });
});
