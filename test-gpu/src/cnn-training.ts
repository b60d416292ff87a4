// The seed CNN trained for a fixed number of steps, identically on any backend, for the GPU suite
// (Node and the browser page) and the GPU benchmark.
import { createRng, type Rng, type TensorTree, treeLeaves } from '@strata/core';
import { conv2d, dense, flatten, maxPool2d, sequential } from '@strata/layers';
import { sparseCategoricalCrossentropy } from '@strata/losses';
import { adam, disposeState } from '@strata/optim';
import { disposeDeep, trainStep } from '@strata/train';
import * as tf from '@tensorflow/tfjs-core';

/**
 * The `strata/cnn` architecture of @strata/cli with its defaults (conv32-pool-conv64-pool-conv64,
 * 3×3 VALID relu, dense 64 relu, dense 10 logits), built from the same layers here so that this
 * file also bundles for the browser (the CLI package is Node-only).
 */
export function seedCnn() {
  return sequential(
    [
      conv2d({ filters: 32, kernelSize: 3, activation: 'relu' }),
      maxPool2d({ poolSize: 2 }),
      conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
      maxPool2d({ poolSize: 2 }),
      conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
      flatten(),
      dense({ units: 64, activation: 'relu' }),
      dense({ units: 10 }),
    ],
    { name: 'cnn' },
  );
}

/**
 * 18×18 is the smallest input the architecture takes (three VALID 3×3 convolutions and two 2×2
 * pools: 18 → 16 → 8 → 6 → 3 → 1); software GPUs are slow, so the images stay this small.
 */
export const SIDE = 18;

/**
 * A learnable task without files: ten fixed random templates, each sample one of them plus noise,
 * labelled by its template. The same host arrays on every backend.
 */
export function syntheticBatches(count: number, size: number): { x: Float32Array; labels: Int32Array }[] {
  const rng = createRng(7);
  const pixels = SIDE * SIDE;
  const normal = () => {
    const u = Math.max(rng.next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
  };
  const templates = Array.from({ length: 10 }, () => Float32Array.from({ length: pixels }, normal));
  return Array.from({ length: count }, () => {
    const x = new Float32Array(size * pixels);
    const labels = new Int32Array(size);
    for (let i = 0; i < size; i++) {
      const label = Math.floor(rng.next() * 10);
      labels[i] = label;
      const t = templates[label] as Float32Array;
      for (let p = 0; p < pixels; p++) x[i * pixels + p] = (t[p] as number) + 0.5 * normal();
    }
    return { x, labels };
  });
}

export interface CnnRun {
  /** The loss of every step (read after the run: no device read inside the loop). */
  readonly losses: number[];
  /** `tf.memory().numTensors` after step 1 and after the last step. */
  readonly tensorsAfterFirst: number;
  readonly tensorsAtEnd: number;
  /** The final params, flattened by path. */
  readonly params: Record<string, number[]>;
  /** Wall-clock milliseconds of the steps (the first one included), measured with `performance.now()`. */
  readonly ms: number;
}

/** Disposes the leaves of `old` that `next` does not reuse (as `fit` does). */
function replaceTree(old: TensorTree, next: TensorTree): void {
  const keep = new Set(treeLeaves(next));
  for (const t of treeLeaves(old)) if (!keep.has(t) && !t.isDisposed) t.dispose();
}

/** Trains the seed CNN `steps` steps with Adam 1e-3 on the active backend, batch `batch`. */
export async function trainCnn(steps: number, batch: number): Promise<CnnRun> {
  const model = seedCnn();
  const loss = sparseCategoricalCrossentropy({ fromLogits: true });
  const optimizer = adam({ learningRate: 1e-3 });
  const host = syntheticBatches(8, batch);
  const data = host.map((b) => ({
    x: tf.tensor4d(b.x, [batch, SIDE, SIDE, 1]),
    y: tf.tensor1d(b.labels, 'int32'),
  }));
  let { params, state } = model.init(createRng(0), [null, SIDE, SIDE, 1]);
  let optState = optimizer.init(params);
  // Dropout-free model: the step's rng only has to be a fixed one.
  const rng: Rng = createRng(1);
  const lossTensors: tf.Scalar[] = [];
  let tensorsAfterFirst = 0;
  const start = performance.now();
  for (let step = 0; step < steps; step++) {
    const { x, y } = data[step % data.length] as { x: tf.Tensor; y: tf.Tensor };
    const out = trainStep(model, loss, optimizer, params, state, optState, x, y, rng);
    replaceTree(params, out.params);
    replaceTree(state, out.state);
    disposeDeep(optState);
    params = out.params;
    state = out.state;
    optState = out.optState;
    lossTensors.push(out.loss);
    out.yPred.dispose();
    // The loss scalars are kept for reading at the end; count tensors without them.
    if (step === 0) tensorsAfterFirst = tf.memory().numTensors - lossTensors.length;
  }
  const tensorsAtEnd = tf.memory().numTensors - lossTensors.length;
  const losses = await Promise.all(lossTensors.map(async (t) => (await t.data())[0] as number));
  const ms = performance.now() - start;
  const flat: Record<string, number[]> = {};
  const leaves = treeLeaves(params);
  for (const [i, t] of leaves.entries()) flat[`${i}:${t.shape.join('x')}`] = Array.from(await t.data());
  tf.dispose(lossTensors);
  disposeDeep(params);
  disposeDeep(state);
  disposeState(optState);
  tf.dispose(data.flatMap((d) => [d.x, d.y]));
  return { losses, tensorsAfterFirst, tensorsAtEnd, params: flat, ms };
}

/**
 * How far two sets of params are apart: the largest |a − b| and the largest |b|, and the relative
 * Euclidean distance ‖a − b‖ / ‖b‖ over all params together.
 */
export function paramDistance(
  a: Record<string, number[]>,
  b: Record<string, number[]>,
): { maxAbs: number; scale: number; relativeL2: number } {
  let maxAbs = 0;
  let scale = 0;
  let diff2 = 0;
  let norm2 = 0;
  for (const [key, values] of Object.entries(b)) {
    const other = a[key];
    if (other === undefined || other.length !== values.length) {
      return { maxAbs: Number.POSITIVE_INFINITY, scale: 0, relativeL2: Number.POSITIVE_INFINITY };
    }
    values.forEach((v, i) => {
      const d = (other[i] as number) - v;
      maxAbs = Math.max(maxAbs, Math.abs(d));
      scale = Math.max(scale, Math.abs(v));
      diff2 += d * d;
      norm2 += v * v;
    });
  }
  return { maxAbs, scale, relativeL2: norm2 === 0 ? Number.POSITIVE_INFINITY : Math.sqrt(diff2 / norm2) };
}
