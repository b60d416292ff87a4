// The GPU parity suite, as plain functions that run the same way in Node (webgpu through Dawn) and
// in the browser page (webgl, webgpu): every layer's output and gradients, every loss and its
// gradient, and Adam's update, each computed on `cpu` and on the GPU backend and compared with a
// tolerance documented per case. No test framework here: the callers assert on the results.
import { createRng, flattenTree, type Layer, randomNormal, unflattenTree } from '@strata/core';
import {
  activation,
  add,
  avgPool1d,
  avgPool2d,
  batchNorm,
  bidirectional,
  concatenate,
  conv1d,
  conv2d,
  conv2dTranspose,
  cropping2d,
  dense,
  depthwiseConv2d,
  dropout,
  embedding,
  flatten,
  gaussianNoise,
  globalAvgPool1d,
  globalAvgPool2d,
  globalMaxPool1d,
  globalMaxPool2d,
  groupNorm,
  gru,
  isMultiInput,
  layerNorm,
  lstm,
  maxPool1d,
  maxPool2d,
  multiHeadAttention,
  multiply,
  permute,
  repeatVector,
  reshape,
  separableConv2d,
  sequential,
  simpleRNN,
  spatialDropout,
  timeDistributed,
  upSampling2d,
  zeroPadding2d,
} from '@strata/layers';
import {
  binaryCrossentropy,
  binaryFocalCrossentropy,
  categoricalCrossentropy,
  categoricalFocalCrossentropy,
  categoricalHinge,
  cosineSimilarity,
  hinge,
  huber,
  klDivergence,
  logCosh,
  meanAbsoluteError,
  meanSquaredError,
  poisson,
  sparseCategoricalCrossentropy,
  squaredHinge,
} from '@strata/losses';
import { adam, applyUpdates, disposeState } from '@strata/optim';
import * as tf from '@tensorflow/tfjs-core';

/**
 * A float32 tolerance: |gpu − cpu| ≤ atol + rtol · |cpu| element by element. GPU kernels sum in
 * another order than cpu's (tiled matmul and conv reductions) and WebGL/WGSL evaluate exp, log and
 * tanh with their own approximations, so results differ in the last bits; these bounds are what
 * float32 with reordered sums of ≤ a few hundred terms allows, with headroom.
 */
export interface Tolerance {
  readonly atol: number;
  readonly rtol: number;
}

/** Matmul/conv sums of up to ~100 products of unit-scale values: 1e-5 relative per term, summed. */
const LINEAR: Tolerance = { atol: 1e-4, rtol: 1e-3 };
/** Pure data movement (pooling picks, padding, reshapes, masks): exact up to the reduction of sums. */
const EXACT: Tolerance = { atol: 1e-5, rtol: 1e-5 };
/** Transcendentals (exp/log/tanh/erf) on GPU approximations, then a linear layer: 1e-3 of scale. */
const TRANSCENDENTAL: Tolerance = { atol: 5e-4, rtol: 3e-3 };
/** Recurrences: the transcendental error compounds over the time steps (≤ 5 here). */
const RECURRENT: Tolerance = { atol: 1e-3, rtol: 5e-3 };
/** Normalisations divide by a batch standard deviation: relative error grows by 1/σ. */
const NORMALISING: Tolerance = { atol: 5e-4, rtol: 3e-3 };

interface LayerCase {
  readonly name: string;
  readonly make: () => Layer;
  /** Input shapes (batch first); several for merge layers and attention. */
  readonly shapes: number[][];
  readonly tol: Tolerance;
  /** Integer ids in [0, n) instead of normal floats (embedding): no gradient for the input. */
  readonly ids?: number;
}

const c = (name: string, make: () => Layer, shapes: number[][], tol: Tolerance, ids?: number): LayerCase => ({
  name,
  make,
  shapes,
  tol,
  ...(ids === undefined ? {} : { ids }),
});

/** Every layer @strata/layers exports, in configurations that exercise its GPU kernels. */
export const LAYER_CASES: readonly LayerCase[] = [
  c('dense relu', () => dense({ units: 5, activation: 'relu' }), [[4, 6]], LINEAR),
  c('dense sigmoid rank 3', () => dense({ units: 3, activation: 'sigmoid' }), [[2, 3, 6]], TRANSCENDENTAL),
  c(
    'conv2d valid relu',
    () => conv2d({ filters: 4, kernelSize: 3, activation: 'relu' }),
    [[2, 7, 7, 3]],
    LINEAR,
  ),
  c(
    'conv2d same s2',
    () => conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same' }),
    [[2, 7, 8, 3]],
    LINEAR,
  ),
  c(
    'conv2d dilated no bias',
    () => conv2d({ filters: 2, kernelSize: 3, dilationRate: 2, padding: 'same', useBias: false }),
    [[1, 8, 8, 2]],
    LINEAR,
  ),
  c(
    'conv2d relu + maxPool2d (fused in sequential)',
    () => sequential([conv2d({ filters: 4, kernelSize: 3, activation: 'relu' }), maxPool2d()]),
    [[2, 8, 8, 3]],
    LINEAR,
  ),
  c(
    'maxPool2d same 3/2',
    () => maxPool2d({ poolSize: 3, strides: 2, padding: 'same' }),
    [[2, 7, 7, 2]],
    EXACT,
  ),
  c('avgPool2d valid', () => avgPool2d(), [[2, 6, 6, 3]], EXACT),
  c('maxPool1d same 3/2', () => maxPool1d({ poolSize: 3, strides: 2, padding: 'same' }), [[2, 9, 3]], EXACT),
  c('avgPool1d same 3/2', () => avgPool1d({ poolSize: 3, strides: 2, padding: 'same' }), [[2, 9, 3]], EXACT),
  c('globalAvgPool1d', () => globalAvgPool1d(), [[2, 5, 3]], EXACT),
  c('globalMaxPool1d', () => globalMaxPool1d(), [[2, 5, 3]], EXACT),
  c('globalAvgPool2d', () => globalAvgPool2d(), [[2, 4, 3, 3]], EXACT),
  c('globalMaxPool2d keepDims', () => globalMaxPool2d({ keepDims: true }), [[2, 4, 3, 3]], EXACT),
  c('flatten', () => flatten(), [[2, 3, 3, 2]], EXACT),
  c('dropout', () => dropout({ rate: 0.4 }), [[3, 10]], EXACT),
  c('spatialDropout', () => spatialDropout({ rate: 0.4 }), [[3, 4, 4, 6]], EXACT),
  c('gaussianNoise', () => gaussianNoise({ stddev: 0.3 }), [[3, 5]], EXACT),
  ...(['relu', 'relu6', 'elu', 'selu', 'leakyRelu', 'linear', 'softplus'] as const).map((name) =>
    c(
      `activation ${name}`,
      () => activation(name),
      [[3, 7]],
      name === 'relu' || name === 'relu6' || name === 'linear' || name === 'leakyRelu'
        ? EXACT
        : TRANSCENDENTAL,
    ),
  ),
  ...(
    [
      'sigmoid',
      'tanh',
      'softmax',
      'logSoftmax',
      'gelu',
      'geluTanh',
      'silu',
      'swish',
      'mish',
      'hardSigmoid',
    ] as const
  ).map((name) => c(`activation ${name}`, () => activation(name), [[3, 7]], TRANSCENDENTAL)),
  c(
    'conv1d valid relu',
    () => conv1d({ filters: 3, kernelSize: 3, activation: 'relu' }),
    [[2, 9, 3]],
    LINEAR,
  ),
  c(
    'conv1d causal dilated',
    () => conv1d({ filters: 2, kernelSize: 2, dilationRate: 2, padding: 'causal' }),
    [[2, 8, 2]],
    LINEAR,
  ),
  c(
    'conv2dTranspose same s2 relu',
    () => conv2dTranspose({ filters: 2, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }),
    [[2, 3, 4, 3]],
    LINEAR,
  ),
  c(
    'depthwiseConv2d m2 same s2',
    () => depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, strides: 2, padding: 'same' }),
    [[2, 7, 7, 3]],
    LINEAR,
  ),
  c(
    'separableConv2d relu',
    () => separableConv2d({ filters: 4, kernelSize: 3, depthMultiplier: 2, activation: 'relu' }),
    [[2, 6, 6, 3]],
    LINEAR,
  ),
  c('upSampling2d 2×3', () => upSampling2d({ size: [2, 3] }), [[2, 3, 2, 2]], EXACT),
  c(
    'zeroPadding2d',
    () =>
      zeroPadding2d({
        padding: [
          [1, 2],
          [0, 1],
        ],
      }),
    [[2, 3, 3, 2]],
    EXACT,
  ),
  c(
    'cropping2d',
    () =>
      cropping2d({
        cropping: [
          [1, 0],
          [1, 2],
        ],
      }),
    [[2, 5, 5, 2]],
    EXACT,
  ),
  c('reshape', () => reshape({ targetShape: [3, -1] }), [[2, 12]], EXACT),
  c('permute', () => permute({ dims: [3, 1, 2] }), [[2, 2, 3, 4]], EXACT),
  c('repeatVector', () => repeatVector({ n: 3 }), [[2, 4]], EXACT),
  c(
    'add',
    () => add(),
    [
      [2, 3],
      [2, 3],
      [2, 3],
    ],
    EXACT,
  ),
  c(
    'multiply',
    () => multiply(),
    [
      [2, 4],
      [2, 4],
    ],
    EXACT,
  ),
  c(
    'concatenate',
    () => concatenate(),
    [
      [2, 3, 2],
      [2, 3, 1],
    ],
    EXACT,
  ),
  c('batchNorm (training)', () => batchNorm(), [[6, 5]], NORMALISING),
  c('layerNorm', () => layerNorm(), [[3, 4, 6]], NORMALISING),
  c('groupNorm 2 groups', () => groupNorm({ groups: 2 }), [[2, 3, 3, 4]], NORMALISING),
  c('embedding', () => embedding({ inputDim: 7, outputDim: 4 }), [[3, 5]], EXACT, 7),
  c('simpleRNN', () => simpleRNN({ units: 4 }), [[2, 5, 3]], RECURRENT),
  c('lstm sequences', () => lstm({ units: 4, returnSequences: true }), [[2, 5, 3]], RECURRENT),
  c('gru', () => gru({ units: 4 }), [[2, 5, 3]], RECURRENT),
  c('bidirectional lstm', () => bidirectional(lstm({ units: 3 })), [[2, 4, 3]], RECURRENT),
  c('timeDistributed dense', () => timeDistributed(dense({ units: 3 })), [[2, 4, 5]], LINEAR),
  c(
    'multiHeadAttention',
    () => multiHeadAttention({ numHeads: 2, keyDim: 3 }),
    [
      [2, 4, 6],
      [2, 5, 6],
    ],
    TRANSCENDENTAL,
  ),
];

// Results are read with the asynchronous `data()`: tfjs-backend-webgpu's synchronous read goes
// through an OffscreenCanvas, which Node does not have.
async function read(tensors: tf.Tensor[]): Promise<number[][]> {
  const values = await Promise.all(tensors.map(async (t) => Array.from(await t.data())));
  tf.dispose(tensors);
  return values;
}

/** Output and gradients (inputs, then params) for a fixed upstream gradient, as plain arrays. */
export function runLayerCase(kase: LayerCase): Promise<number[][]> {
  return read(layerTensors(kase));
}

function layerTensors(kase: LayerCase): tf.Tensor[] {
  return tf.tidy(() => {
    const layer = kase.make();
    const inShapes = kase.shapes.map((s) => [null, ...s.slice(1)]);
    const init = isMultiInput(layer)
      ? layer.initMany(createRng(1), inShapes)
      : layer.init(createRng(1), inShapes[0] as (number | null)[]);
    const flat = flattenTree(init.params);
    const names = Object.keys(flat);
    const state = init.state ?? {};
    const ids = kase.ids;
    const xs = kase.shapes.map((s, i) =>
      ids === undefined
        ? randomNormal(createRng(2 + i), s)
        : tf.tensor(
            Array.from({ length: s.reduce((a, b) => a * b, 1) }, (_, j) => (j * 5 + 3) % ids),
            s,
            'int32',
          ),
    );
    const n = xs.length;
    const apply = (inputs: tf.Tensor[], leaves: tf.Tensor[]) => {
      const params = unflattenTree(
        Object.fromEntries(names.map((name, i) => [name, leaves[i] as tf.Tensor])),
      );
      const ctx = { training: true, rng: createRng(3), state };
      return isMultiInput(layer)
        ? layer.applyMany(params, inputs, ctx).y
        : layer.apply(params, inputs[0] as tf.Tensor, ctx).y;
    };
    const leaves = Object.values(flat) as tf.Tensor[];
    const y = apply(xs, leaves);
    const dy = randomNormal(createRng(9), y.shape);
    let grads: tf.Tensor[];
    if (ids === undefined) {
      grads = tf.grads((...all: tf.Tensor[]) => apply(all.slice(0, n), all.slice(n)))([...xs, ...leaves], dy);
    } else {
      grads = tf.grads((...all: tf.Tensor[]) => apply(xs, all))(leaves, dy);
    }
    return [y, ...grads];
  });
}

interface LossCase {
  readonly name: string;
  readonly loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;
  readonly yTrue: () => tf.Tensor;
  readonly yPred: () => tf.Tensor;
  readonly tol: Tolerance;
}

// Targets and predictions of the kind each loss expects: probabilities, one-hot rows, ±1 labels.
const logits = () => randomNormal(createRng(21), [4, 5]);
const probs = () => tf.softmax(randomNormal(createRng(22), [4, 5]));
const oneHot = () => tf.cast(tf.oneHot(tf.tensor1d([0, 3, 1, 4], 'int32'), 5), 'float32');
const binary = () =>
  tf.tensor2d([
    [1, 0, 1],
    [0, 0, 1],
    [1, 1, 0],
    [0, 1, 0],
  ]);
const binaryProbs = () => tf.sigmoid(randomNormal(createRng(23), [4, 3]));
const signs = () =>
  tf.tensor2d([
    [1, -1, 1],
    [-1, -1, 1],
    [1, 1, -1],
    [-1, 1, -1],
  ]);
const reals = (seed: number) => () => randomNormal(createRng(seed), [4, 3]);

/** Every loss @strata/losses exports, with inputs of the kind it expects. */
export const LOSS_CASES: readonly LossCase[] = [
  { name: 'meanSquaredError', loss: meanSquaredError(), yTrue: reals(31), yPred: reals(32), tol: LINEAR },
  { name: 'meanAbsoluteError', loss: meanAbsoluteError(), yTrue: reals(31), yPred: reals(32), tol: EXACT },
  { name: 'huber', loss: huber({ delta: 0.7 }), yTrue: reals(31), yPred: reals(32), tol: LINEAR },
  { name: 'logCosh', loss: logCosh(), yTrue: reals(31), yPred: reals(32), tol: TRANSCENDENTAL },
  {
    name: 'binaryCrossentropy',
    loss: binaryCrossentropy(),
    yTrue: binary,
    yPred: binaryProbs,
    tol: TRANSCENDENTAL,
  },
  {
    name: 'binaryCrossentropy fromLogits',
    loss: binaryCrossentropy({ fromLogits: true }),
    yTrue: binary,
    yPred: reals(33),
    tol: TRANSCENDENTAL,
  },
  {
    name: 'binaryFocalCrossentropy',
    loss: binaryFocalCrossentropy(),
    yTrue: binary,
    yPred: binaryProbs,
    tol: TRANSCENDENTAL,
  },
  {
    name: 'categoricalCrossentropy',
    loss: categoricalCrossentropy(),
    yTrue: oneHot,
    yPred: probs,
    tol: TRANSCENDENTAL,
  },
  {
    name: 'categoricalCrossentropy fromLogits',
    loss: categoricalCrossentropy({ fromLogits: true }),
    yTrue: oneHot,
    yPred: logits,
    tol: TRANSCENDENTAL,
  },
  {
    name: 'categoricalFocalCrossentropy',
    loss: categoricalFocalCrossentropy(),
    yTrue: oneHot,
    yPred: probs,
    tol: TRANSCENDENTAL,
  },
  {
    name: 'sparseCategoricalCrossentropy fromLogits',
    loss: sparseCategoricalCrossentropy({ fromLogits: true }),
    yTrue: () => tf.tensor1d([0, 3, 1, 4], 'int32'),
    yPred: logits,
    tol: TRANSCENDENTAL,
  },
  {
    name: 'klDivergence',
    loss: klDivergence(),
    yTrue: probs,
    yPred: () => tf.softmax(logits()),
    tol: TRANSCENDENTAL,
  },
  {
    name: 'poisson',
    loss: poisson(),
    yTrue: () => tf.abs(reals(34)()),
    yPred: () => tf.exp(reals(35)()),
    tol: TRANSCENDENTAL,
  },
  {
    name: 'cosineSimilarity',
    loss: cosineSimilarity(),
    yTrue: reals(31),
    yPred: reals(32),
    tol: NORMALISING,
  },
  { name: 'hinge', loss: hinge(), yTrue: signs, yPred: reals(36), tol: EXACT },
  { name: 'squaredHinge', loss: squaredHinge(), yTrue: signs, yPred: reals(36), tol: LINEAR },
  { name: 'categoricalHinge', loss: categoricalHinge(), yTrue: oneHot, yPred: logits, tol: EXACT },
];

/** The loss value and its gradient with respect to the prediction. */
export function runLossCase(kase: LossCase): Promise<number[][]> {
  return read(
    tf.tidy(() => {
      const yTrue = kase.yTrue();
      const yPred = kase.yPred();
      const { value, grad } = tf.valueAndGrad((p: tf.Tensor) => kase.loss(yTrue, p) as tf.Scalar)(yPred);
      return [value, grad];
    }),
  );
}

/** Adam's moment and bias-correction arithmetic, one element-wise pass per step: float32 rounding only. */
export const ADAM_TOLERANCE: Tolerance = { atol: 1e-6, rtol: 1e-5 };

/** Five Adam steps (learning rate 1e-2) on fixed gradients of two params: the params after each. */
export async function runAdamCase(): Promise<number[][]> {
  const opt = adam({ learningRate: 1e-2 });
  let params: Record<string, tf.Tensor> = {
    w: randomNormal(createRng(41), [3, 4]),
    b: randomNormal(createRng(42), [4]),
  };
  let state = opt.init(params);
  const out: number[][] = [];
  for (let step = 0; step < 5; step++) {
    const grads = {
      w: randomNormal(createRng(50 + step), [3, 4]),
      b: randomNormal(createRng(60 + step), [4]),
    };
    const { updates, state: next } = opt.update(grads, state, params);
    const moved = applyUpdates(params, updates) as Record<string, tf.Tensor>;
    tf.dispose([
      ...Object.values(grads),
      ...Object.values(params),
      ...(Object.values(updates) as tf.Tensor[]),
    ]);
    disposeState(state);
    params = moved;
    state = next;
    out.push([...(await (params.w as tf.Tensor).data()), ...(await (params.b as tf.Tensor).data())]);
  }
  tf.dispose(Object.values(params));
  disposeState(state);
  return out;
}

/** One comparison: the worst element, against its tolerance. */
export interface ParityResult {
  readonly name: string;
  readonly ok: boolean;
  /** max over elements of |gpu − cpu| / (atol + rtol·|cpu|): ≤ 1 passes. */
  readonly worst: number;
  readonly detail: string;
  readonly tol: Tolerance;
}

/** Compares each array of `got` with `want` element by element. */
export function compare(name: string, got: number[][], want: number[][], tol: Tolerance): ParityResult {
  if (got.length !== want.length) {
    return {
      name,
      ok: false,
      worst: Number.POSITIVE_INFINITY,
      detail: `${got.length} results, cpu has ${want.length}`,
      tol,
    };
  }
  let worst = 0;
  let detail = 'all equal within tolerance';
  for (let i = 0; i < got.length; i++) {
    const g = got[i] as number[];
    const w = want[i] as number[];
    if (g.length !== w.length) {
      return {
        name,
        ok: false,
        worst: Number.POSITIVE_INFINITY,
        detail: `result ${i}: ${g.length} values, cpu has ${w.length}`,
        tol,
      };
    }
    for (let j = 0; j < g.length; j++) {
      const a = g[j] as number;
      const b = w[j] as number;
      const ratio =
        Number.isNaN(a) !== Number.isNaN(b)
          ? Number.POSITIVE_INFINITY
          : Number.isNaN(a)
            ? 0
            : Math.abs(a - b) / (tol.atol + tol.rtol * Math.abs(b));
      if (ratio > worst) {
        worst = ratio;
        detail = `result ${i} (${i === 0 ? 'output' : `gradient ${i}`}) element ${j}: ${a} vs cpu ${b}`;
      }
    }
  }
  return { name, ok: worst <= 1, worst, detail, tol };
}

/**
 * The whole parity table on `backend`: each case run on `cpu` first (the reference), then on
 * `backend`, with `numTensors` checked flat across the GPU run. `select` switches backends.
 */
export async function runParity(
  backend: string,
  select: (name: string) => Promise<unknown>,
): Promise<ParityResult[]> {
  type Job = { name: string; run: () => Promise<number[][]>; tol: Tolerance };
  const jobs: Job[] = [
    ...LAYER_CASES.map((k) => ({ name: `layer ${k.name}`, run: () => runLayerCase(k), tol: k.tol })),
    ...LOSS_CASES.map((k) => ({ name: `loss ${k.name}`, run: () => runLossCase(k), tol: k.tol })),
    { name: 'optim adam (5 steps)', run: runAdamCase, tol: ADAM_TOLERANCE },
  ];
  await select('cpu');
  const reference: number[][][] = [];
  for (const job of jobs) reference.push(await job.run());
  await select(backend);
  const results: ParityResult[] = [];
  const before = tf.memory().numTensors;
  for (const [i, job] of jobs.entries()) {
    let got: number[][];
    try {
      got = await job.run();
    } catch (error) {
      results.push({
        name: job.name,
        ok: false,
        worst: Number.POSITIVE_INFINITY,
        detail: `threw: ${(error as Error).message}`,
        tol: job.tol,
      });
      continue;
    }
    results.push(compare(job.name, got, reference[i] as number[][], job.tol));
  }
  const leaked = tf.memory().numTensors - before;
  results.push({
    name: 'no tensors leaked by the parity run',
    ok: leaked === 0,
    worst: leaked === 0 ? 0 : Number.POSITIVE_INFINITY,
    detail: `${leaked} tensors left`,
    tol: EXACT,
  });
  await select('cpu');
  return results;
}
