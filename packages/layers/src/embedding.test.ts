import { unregisterTrainingKernels, useBackend } from '@strata/backends';
import { ConfigError, createRng, ShapeError } from '@strata/core';
import { checkGradients } from '@strata/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { embedding } from './embedding.js';
import { lstm } from './lstm.js';
import { sequential } from './sequential.js';
import { values } from './testing/recurrent-reference.test-util.js';
import { expectClose } from './testing/reference.test-util.js';

const ctx = { training: true, state: {} };
const [V, D] = [6, 3];
const table = values(V * D, 7);
const IDS = [
  [1, 4, 4, 0],
  [5, 0, 0, 2],
];

/** Row lookup by loops. */
function lookup(ids: number[][]): number[] {
  return ids.flatMap((row) => row.flatMap((id) => table.slice(id * D, id * D + D)));
}

/** d/dE of Σ dy·E[ids]: each id's row gathers the dy rows that looked it up (repeats add). */
function tableGrad(ids: number[][], dy: number[]): number[] {
  const g = new Array<number>(V * D).fill(0);
  ids.flat().forEach((id, k) => {
    for (let j = 0; j < D; j++) g[id * D + j]! += dy[k * D + j]!;
  });
  return g;
}

describe('embedding', () => {
  it('looks rows up for any id shape, and infers that shape', () => {
    const layer = embedding({ inputDim: V, outputDim: D });
    const embeddings = tf.tensor2d(table, [V, D]);
    const ids = tf.tensor2d(IDS, [2, 4], 'int32');
    const { y } = layer.apply({ embeddings }, ids, ctx);
    expect(y.shape).toEqual([2, 4, D]);
    expectClose(y.dataSync(), lookup(IDS).map(Math.fround), 0);
    const floatIds = tf.tensor1d([3, 1]);
    const y1 = layer.apply({ embeddings }, floatIds, ctx).y;
    expectClose(y1.dataSync(), lookup([[3, 1]]).map(Math.fround), 0);
    const { params, outputShape } = layer.init(createRng(0), [null, 4]);
    expect(outputShape).toEqual([null, 4, D]);
    expect(y.shape).toEqual(outputShape.map((d, i) => d ?? y.shape[i]));
    const e = params.embeddings as tf.Tensor;
    expect(e.shape).toEqual([V, D]);
    expect(Math.max(...e.dataSync().map(Math.abs))).toBeLessThanOrEqual(0.05);
    tf.dispose([embeddings, ids, y, floatIds, y1, e]);
  });

  it('its gradient adds the upstream rows of repeated ids (loop reference) and matches central differences', () => {
    const layer = embedding({ inputDim: V, outputDim: D });
    const embeddings = tf.tensor2d(table, [V, D]);
    const ids = tf.tensor2d(IDS, [2, 4], 'int32');
    const dyValues = values(2 * 4 * D, 8);
    const dy = tf.tensor3d(dyValues, [2, 4, D]);
    const [g] = tf.grads((e: tf.Tensor) => layer.apply({ embeddings: e }, ids, ctx).y)([embeddings], dy);
    expectClose(g!.dataSync(), tableGrad(IDS, dyValues), 1e-6);
    const r = checkGradients((e: tf.Tensor) => layer.apply({ embeddings: e }, ids, ctx).y, [embeddings], {
      step: 0.5,
    });
    expect(r.failures).toEqual([]);
    expect(r.checked).toBe(V * D);
    tf.dispose([embeddings, ids, dy, g!]);
  });

  it('maskZero: an lstm after it skips the padded steps, as with the explicit mask ids ≠ 0', () => {
    const ids = tf.tensor2d(IDS, [2, 4], 'int32');
    const rnn = lstm({ units: 2, returnSequences: true });
    const model = sequential([embedding({ inputDim: V, outputDim: D, maskZero: true }), rnn]);
    const { params } = model.init(createRng(3), [null, 4]);
    const masked = model.apply(params, ids, ctx).y;
    // The same by hand: embed without a mask, run the lstm with the mask written out.
    const plain = embedding({ inputDim: V, outputDim: D }).apply(params.embedding as never, ids, ctx).y;
    const mask = tf.tensor2d(
      IDS.map((r) => r.map((id) => (id === 0 ? 0 : 1))),
      [2, 4],
    );
    const want = rnn.call(params.lstm as never, plain, ctx, { mask }).y;
    const unmasked = rnn.apply(params.lstm as never, plain, ctx).y;
    expectClose(masked.dataSync(), want.dataSync(), 1e-6);
    // Padded steps repeat the previous output; without the mask they would not.
    const m = masked.arraySync() as number[][][];
    expect(m[1]![1]).toEqual(m[1]![0]);
    expect(m[1]![2]).toEqual(m[1]![0]);
    expect(Array.from(unmasked.dataSync())).not.toEqual(Array.from(want.dataSync()));
    tf.dispose([
      ids,
      masked,
      plain,
      mask,
      want,
      unmasked,
      ...(Object.values(params).flatMap((p) => Object.values(p)) as tf.Tensor[]),
    ]);
  });

  it('leaks no tensors across init, apply and gradient steps', () => {
    const layer = embedding({ inputDim: V, outputDim: D, maskZero: true });
    const ids = tf.tensor2d(IDS, [2, 4], 'int32');
    const step = () => {
      const { params } = layer.init(createRng(1), [null, 4]);
      const e = params.embeddings as tf.Tensor;
      const [g] = tf.grads((t: tf.Tensor) => layer.apply({ embeddings: t }, ids, ctx).y)([e]);
      tf.dispose([e, g!]);
    };
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    ids.dispose();
  });

  describe('the same forward and gradient on wasm as on cpu (stock kernels)', () => {
    afterAll(async () => {
      await useBackend('cpu');
    });
    it('lookup and scatter-add of repeated ids', async () => {
      const run = () =>
        tf.tidy(() => {
          const layer = embedding({ inputDim: 50, outputDim: 8 });
          const e = tf.tensor2d(values(400, 3), [50, 8]);
          const ids = tf.tensor2d(
            values(60, 4).map((v) => Math.floor((v + 1) * 25)),
            [6, 10],
            'int32',
          );
          const f = (t: tf.Tensor) => layer.apply({ embeddings: t }, ids, ctx).y;
          const dy = tf.tensor3d(values(480, 5), [6, 10, 8]);
          return [f(e), tf.grads(f)([e], dy)[0]!].map((t) => Array.from(t.dataSync()));
        });
      await useBackend('cpu');
      unregisterTrainingKernels({ backend: 'cpu' });
      const want = run();
      await useBackend('wasm');
      const got = run();
      got.forEach((v, i) => {
        expectClose(v, want[i]!, 1e-4);
      });
    });
  });

  it('says what is wrong with bad options and inputs', () => {
    expect(() => embedding({ inputDim: 0, outputDim: 2 })).toThrow(
      new ConfigError('embedding({inputDim})', 'must be a positive integer, got 0'),
    );
    expect(() => embedding({ inputDim: 1, outputDim: 2, maskZero: true })).toThrow(/at least 2/);
    expect(() => embedding({ inputDim: 3, outputDim: 2, maskZero: 'yes' as never })).toThrow(/maskZero/);
    const e = tf.zeros([4, 2]);
    const ids = tf.tensor1d([1], 'int32');
    expect(() =>
      embedding({ inputDim: 3, outputDim: 2, name: 'tok' }).apply({ embeddings: e }, ids, ctx),
    ).toThrow(new ShapeError("embedding 'tok'", 'expected embeddings of shape [3, 2], got [4, 2]'));
    tf.dispose([e, ids]);
  });
});
