import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerGradients } from '@strata/backends';
import {
  createRng,
  disposeTree,
  flattenTree,
  type Layer,
  type Loss,
  randomNormal,
  type TensorTree,
} from '@strata/core';
import { applyIfFinite, sgd } from '@strata/optim';
import { applyConstraints, nonNeg } from '@strata/regularize';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Batch } from './batch-source.js';
import { hasCheckpoint, loadCheckpoint } from './checkpoint.js';
import { disposeDeep } from './dispose.js';
import { evaluate, predict } from './evaluate.js';
import { fit } from './fit.js';
import { recordMetrics } from './run-directory.js';

beforeAll(() => {
  registerGradients();
});

/** y = x·W + b, written against the core contract only. */
const linear = (units: number): Layer => ({
  name: 'linear',
  init: (rng, shape) => ({
    params: { w: randomNormal(rng, [shape[1] as number, units], 0, 0.1), b: tf.zeros([units]) },
    state: {},
    outputShape: [shape[0] ?? null, units],
  }),
  apply: (p, x, ctx) => ({
    y: tf.tidy(() => tf.add(tf.matMul(x, p.w as tf.Tensor), p.b as tf.Tensor)),
    state: ctx.state,
  }),
});

const mse: Loss = (yTrue, yPred) => tf.tidy(() => tf.mean(tf.square(tf.sub(yTrue, yPred))) as tf.Scalar);

/** Batches of a noiseless linear problem y = 2·x0 − 3·x1 + 1, regenerated on each iteration. */
function regression(n: number, batch: number, seed: number): Iterable<Batch> & { cardinality(): number } {
  const xs = randomNormal(createRng(seed), [n, 2]);
  const x = Array.from(xs.dataSync());
  xs.dispose();
  return {
    cardinality: () => Math.ceil(n / batch),
    *[Symbol.iterator]() {
      for (let i = 0; i < n; i += batch) {
        const rows = x.slice(i * 2, Math.min(n, i + batch) * 2);
        const m = rows.length / 2;
        const y = Array.from({ length: m }, (_, j) => 2 * rows[2 * j]! - 3 * rows[2 * j + 1]! + 1);
        yield { x: tf.tensor2d(rows, [m, 2]), y: tf.tensor2d(y, [m, 1]) };
      }
    },
  };
}

const base = () => ({
  model: linear(1),
  inputShape: [null, 2] as const,
  loss: mse,
  optimizer: sgd({ learningRate: 0.1 }),
  data: regression(256, 32, 1),
  seed: 3,
});

const values = (tree: TensorTree) =>
  Object.fromEntries(Object.entries(flattenTree(tree)).map(([k, t]) => [k, Array.from(t.dataSync())]));

describe('fit', () => {
  it('recovers the closed-form solution of a linear regression', async () => {
    const { params, state, optState, history } = await fit({ ...base(), epochs: 20 });
    const p = values(params);
    expect(p.w![0]).toBeCloseTo(2, 3);
    expect(p.w![1]).toBeCloseTo(-3, 3);
    expect(p.b![0]).toBeCloseTo(1, 3);
    expect(history).toHaveLength(20);
    expect(history[19]!.loss).toBeLessThan(1e-6);
    expect(history[19]!.loss).toBeLessThan(history[0]!.loss!);
    disposeTree(params);
    disposeTree(state);
    disposeDeep(optState);
  });

  it('keeps tf.memory().numTensors flat across epochs and frees everything it does not return', async () => {
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    const result = await fit({
      ...base(),
      epochs: 3,
      validationData: regression(64, 32, 2),
      callbacks: [{ onEpochEnd: () => void counts.push(tf.memory().numTensors) }],
    });
    expect(counts[0]).toBe(counts[2]);
    disposeTree(result.params);
    disposeDeep(result.optState);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is reproducible: the same seed gives the same losses, another seed other ones', async () => {
    const run = async (seed: number) => {
      const r = await fit({ ...base(), seed, epochs: 2 });
      disposeTree(r.params);
      disposeDeep(r.optState);
      return r.history.map((h) => h.loss);
    };
    const a = await run(5);
    expect(await run(5)).toEqual(a);
    expect(await run(6)).not.toEqual(a);
  });

  it('resumes from the last checkpoint after a crash and ends where an uninterrupted run ends', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-fit-'));
    const full = await fit({ ...base(), epochs: 4 });
    const crash = {
      onEpochEnd: (epoch: number) => {
        if (epoch === 1) throw new Error('power cut');
      },
    };
    await expect(fit({ ...base(), epochs: 4, checkpointDir: dir, callbacks: [crash] })).rejects.toThrow(
      'power cut',
    );
    expect(hasCheckpoint(dir)).toBe(true);
    // The crash came in epoch 1's callbacks, before its checkpoint: the last one is epoch 0's.
    const saved = loadCheckpoint(dir);
    expect(saved.epoch).toBe(0);
    disposeDeep(saved);
    const resumed = await fit({ ...base(), epochs: 4, checkpointDir: dir, resume: true });
    expect(resumed.history).toHaveLength(4);
    expect(values(resumed.params)).toEqual(values(full.params));
    for (const r of [full, resumed]) {
      disposeTree(r.params);
      disposeDeep(r.optState);
    }
  });

  it("carries callbacks' state (getState / setState) over a crash and resume, Infinity and tensors included", async () => {
    /** Counts epochs, keeps the lowest loss (Infinity before any) and a copy of the params at the last epoch. */
    const tracker = () => {
      let state = { epochs: 0, best: Number.POSITIVE_INFINITY, last: null as tf.Tensor | null };
      return {
        onEpochEnd(epoch: number, logs: { loss?: number }, ctx: { params: TensorTree }) {
          if (epoch === 1 && crashNow) throw new Error('power cut');
          state.last?.dispose();
          state = {
            epochs: state.epochs + 1,
            best: Math.min(state.best, logs.loss ?? Number.NaN),
            last: tf.clone(flattenTree(ctx.params).w!),
          };
        },
        getState: () => ({ ...state, last: state.last ? tf.clone(state.last) : null }),
        setState: (s: unknown) => {
          state = s as typeof state;
        },
        read: () => ({
          epochs: state.epochs,
          best: state.best,
          last: Array.from(state.last?.dataSync() ?? []),
        }),
        dispose: () => state.last?.dispose(),
      };
    };
    let crashNow = false;
    const full = tracker();
    const uninterrupted = await fit({ ...base(), epochs: 4, callbacks: [full] });
    const dir = mkdtempSync(join(tmpdir(), 'strata-fit-'));
    crashNow = true;
    const first = tracker();
    await expect(fit({ ...base(), epochs: 4, checkpointDir: dir, callbacks: [first] })).rejects.toThrow(
      'power cut',
    );
    // Epoch 1's callbacks crashed before its checkpoint: the resume redoes epoch 1 from epoch 0's.
    expect(first.read().epochs).toBe(1);
    crashNow = false;
    const second = tracker();
    const resumed = await fit({
      ...base(),
      epochs: 4,
      checkpointDir: dir,
      resume: true,
      callbacks: [second],
    });
    // The resumed callback starts from the count saved with epoch 0's checkpoint and ends where one run ends.
    expect(second.read()).toEqual(full.read());
    expect(second.read().epochs).toBe(4);
    // A resumed run with other callbacks cannot be matched to the saved states.
    await expect(fit({ ...base(), epochs: 5, checkpointDir: dir, resume: true })).rejects.toThrow(
      'fit({resume}): the checkpoint holds the state of 1 callbacks, but this run has 0',
    );
    for (const r of [uninterrupted, resumed]) {
      disposeTree(r.params);
      disposeDeep(r.optState);
    }
    for (const t of [full, first, second]) t.dispose();
  });

  it('projects the params after every update with constrain (a non-negative kernel)', async () => {
    // y = 2·x0 − 3·x1 + 1 with w ≥ 0: w1 pinned at 0, and (x0, x1 independent) w0 → 2, b → 1.
    const { params, optState } = await fit({
      ...base(),
      epochs: 20,
      constrain: (p) => applyConstraints(p, { w: nonNeg() }),
    });
    const w = Array.from(flattenTree(params).w!.dataSync());
    expect(w[1]).toBe(0);
    expect(w[0]).toBeCloseTo(2, 1);
    expect(flattenTree(params).b!.dataSync()[0]).toBeCloseTo(1, 1);
    disposeTree(params);
    disposeDeep(optState);
  });

  it('stops a diverging run with a labelled error naming the step and the first non-finite param, saving nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-fit-'));
    const before = tf.memory().numTensors;
    // A rate of 1e30 sends the params past float32's range within a few steps.
    const run = fit({ ...base(), optimizer: sgd({ learningRate: 1e30 }), epochs: 3, checkpointDir: dir });
    await expect(run).rejects.toThrow(
      /^fit: training diverged: step (\d+) \(batch \1 of this epoch\) gave a non-finite loss; the first non-finite parameter is '(w|b)'/,
    );
    // Diverged in epoch 0: no checkpoint was written, so nothing non-finite was saved.
    expect(hasCheckpoint(dir)).toBe(false);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('calls onBatchEnd every logEvery steps with the running loss, and stops on { stop: true }', async () => {
    const steps: number[] = [];
    const r = await fit({
      ...base(),
      epochs: 5,
      logEvery: 4,
      callbacks: [
        { onBatchEnd: (s) => void steps.push(s), onEpochEnd: (e) => (e === 1 ? { stop: true } : undefined) },
      ],
    });
    expect(r.history).toHaveLength(2);
    expect(steps).toEqual([4, 8, 12, 16]);
    disposeTree(r.params);
    disposeDeep(r.optState);
  });

  it('writes one metrics.jsonl line per epoch', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-run-'));
    const r = await fit({ ...base(), epochs: 2, callbacks: [recordMetrics(dir)] });
    const lines = readFileSync(join(dir, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.loss)).toEqual(r.history.map((h) => h.loss));
    disposeTree(r.params);
    disposeDeep(r.optState);
  });

  it('says what is wrong with bad options and batches', async () => {
    await expect(fit({ ...base(), epochs: 0 })).rejects.toThrow(
      'fit({epochs}): must be a positive integer, got 0',
    );
    await expect(fit({ ...base(), epochs: 1, epoch: 3 } as never)).rejects.toThrow(
      "fit: unknown option 'epoch'",
    );
    const bad = [{ input: tf.zeros([1, 2]), y: tf.zeros([1, 1]) }];
    await expect(fit({ ...base(), data: bad, epochs: 1 })).rejects.toThrow(
      "each batch needs tensors 'x' and 'y', got keys 'input', 'y'",
    );
  });
});

describe('evaluate and predict', () => {
  it('compute the mean loss and the predictions of known params', async () => {
    const params = { w: tf.tensor2d([[2], [-3]]), b: tf.tensor1d([1]) };
    const data = [
      {
        x: tf.tensor2d([
          [1, 1],
          [0, 0],
        ]),
        y: tf.tensor2d([[0], [0]]),
      },
      { x: tf.tensor2d([[1, 0]]), y: tf.tensor2d([[3]]) },
    ];
    // predictions 0, 1, 3 → squared errors 0, 1, 0; batch means 0.5 and 0 weighted by size → 1/3
    const { logs } = await evaluate({ model: linear(1), params, data, loss: mse });
    expect(logs.loss).toBeCloseTo(1 / 3, 6);
    const again = [
      {
        x: tf.tensor2d([
          [1, 1],
          [0, 0],
        ]),
        y: tf.zeros([2, 1]),
      },
      { x: tf.tensor2d([[1, 0]]), y: tf.zeros([1, 1]) },
    ];
    const y = await predict({ model: linear(1), params, data: again });
    expect(Array.from(y.dataSync())).toEqual([0, 1, 3]);
    y.dispose();
    disposeTree(params);
  });
});

describe("fit({ nonFinite: 'skip' })", () => {
  /** The regression batches with a NaN planted in one row of batch `bad` (or none). */
  const planted = (bad: number | null): Iterable<Batch> & { cardinality(): number } => {
    const clean = regression(256, 32, 1);
    return {
      cardinality: () => (bad === null ? 7 : 8),
      *[Symbol.iterator]() {
        let i = 0;
        for (const b of clean) {
          if (i === bad) {
            const x = b.x!.bufferSync();
            x.set(Number.NaN, 3, 1);
            yield { x: x.toTensor(), y: b.y! };
            b.x!.dispose();
          } else if (bad !== null || i !== 3) yield b;
          else tf.dispose(Object.values(b));
          i++;
        }
      },
    };
  };

  it('leaves a non-finite step out and counts it; with applyIfFinite the params equal a run without that batch', async () => {
    const skipped = await fit({
      ...base(),
      data: planted(3),
      optimizer: applyIfFinite(sgd({ learningRate: 0.1 })),
      nonFinite: 'skip',
      epochs: 2,
    });
    const reference = await fit({ ...base(), data: planted(null), epochs: 2 });
    expect(skipped.history.map((h) => h.skipped)).toEqual([1, 1]);
    // The loss averages the 7 finite batches' rows only, as the run without the bad batch does.
    expect(skipped.history[1]!.loss).toBe(reference.history[1]!.loss);
    expect(values(skipped.params)).toEqual(values(reference.params));
    for (const r of [skipped, reference]) {
      disposeTree(r.params);
      disposeDeep(r.optState);
    }
  });

  it('still stops when the optimizer applied the non-finite step and the params went NaN', async () => {
    // Batch 3 poisons the params; batches 4 to 7 then give NaN too, all skipped, then the read stops.
    await expect(fit({ ...base(), data: planted(3), nonFinite: 'skip', epochs: 2 })).rejects.toThrow(
      /parameter '(w|b)' is not finite \(5 step\(s\) skipped this epoch\).*applyIfFinite/,
    );
  });

  it("refuses a mode other than 'stop' or 'skip'", async () => {
    await expect(fit({ ...base(), epochs: 1, nonFinite: 'ignore' as 'skip' })).rejects.toThrow(
      /fit\(\{nonFinite\}\).*must be one of 'stop', 'skip'/,
    );
  });
});
