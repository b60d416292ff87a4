import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, it } from 'vitest';
import { awayFrom, checkCase, distinct, type GradCase, ints, uniform } from './grad-check.test-util.js';
import { registerGradients } from './register-gradients.js';

// End-to-end paths that Strata's layers and losses take, each checked against finite differences
// with only Strata's registered gradients (plain Node registers none of tfjs's).

/** One LSTM step with gates i, f, c, o (Keras order) from a fused [in + units, 4·units] kernel. */
function lstmStep(x: tf.Tensor, h: tf.Tensor, c: tf.Tensor, kernel: tf.Tensor, bias: tf.Tensor) {
  const z = tf.add(tf.matMul(tf.concat([x, h], 1), kernel), bias);
  const [i, f, g, o] = tf.split(z, 4, 1) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
  const cNext = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g)));
  return { h: tf.mul(tf.sigmoid(o), tf.tanh(cNext)), c: cNext };
}

/** One GRU step with reset_after (TF2 Keras / PyTorch): n = tanh(W x + r ⊙ (U h + b_u)). */
function gruStep(x: tf.Tensor, h: tf.Tensor, w: tf.Tensor, u: tf.Tensor, bias: tf.Tensor) {
  const units = h.shape[1] as number;
  const xw = tf.matMul(x, w);
  const hu = tf.add(tf.matMul(h, u), bias);
  const xz = tf.slice(xw, [0, 0], [-1, units]);
  const xr = tf.slice(xw, [0, units], [-1, units]);
  const xn = tf.slice(xw, [0, 2 * units], [-1, units]);
  const [hz, hr, hn] = tf.split(hu, 3, 1) as [tf.Tensor, tf.Tensor, tf.Tensor];
  const z = tf.sigmoid(tf.add(xz, hz));
  const r = tf.sigmoid(tf.add(xr, hr));
  const n = tf.tanh(tf.add(xn, tf.mul(r, hn)));
  return tf.add(tf.mul(z, h), tf.mul(tf.sub(1, z), n));
}

const cases: GradCase[] = [
  {
    name: 'dense + relu + dense + softmax cross-entropy (tf.losses)',
    kernels: [tf.BatchMatMul, tf.Relu],
    inputs: (r) => [
      uniform(r, [3, 4]),
      uniform(r, [4, 5]),
      uniform(r, [5]),
      uniform(r, [5, 3]),
      tf.tidy(() => tf.oneHot(tf.tensor1d([0, 2, 1], 'int32'), 3)),
    ],
    f: (x, w1, b1, w2, labels) => {
      const hidden = tf.relu(tf.add(tf.matMul(x, w1), b1));
      return tf.losses.softmaxCrossEntropy(labels as tf.Tensor, tf.matMul(hidden, w2));
    },
    wrt: [0, 1, 2, 3],
  },
  {
    // tf.fused ops either run the fused kernel under their own customGrad or, on a gradient tape
    // with a non-linear activation, fall back to matMul/conv2d + add + relu; neither needs a
    // gradient for _FusedMatMul or FusedConv2D.
    name: 'tf.fused.matMul and tf.fused.conv2d with bias, linear and relu',
    kernels: [],
    inputs: (r) => [
      uniform(r, [2, 3]),
      uniform(r, [3, 4]),
      uniform(r, [4]),
      uniform(r, [1, 4, 4, 2]),
      uniform(r, [2, 2, 2, 3]),
      uniform(r, [3]),
    ],
    f: (a, b, bias, x, w, bias2) => [
      tf.fused.matMul({ a, b, bias, activation: 'linear' }),
      tf.fused.matMul({ a, b, bias, activation: 'relu' }),
      tf.fused.conv2d({
        x: x as tf.Tensor4D,
        filter: w as tf.Tensor4D,
        strides: 1,
        pad: 'same',
        bias: bias2,
      }),
      tf.fused.conv2d({
        x: x as tf.Tensor4D,
        filter: w as tf.Tensor4D,
        strides: 2,
        pad: 'valid',
        bias: bias2,
        activation: 'relu',
      }),
    ],
    // relu's kink: the sums stay away from 0 for this seed; a finer step keeps the check local.
    step: 1e-4,
    rtol: 2e-2,
  },
  {
    name: 'conv2d + relu + maxPool + flatten + dense (a small CNN)',
    kernels: [tf.Conv2D, tf.MaxPool, tf.Reshape, tf.BatchMatMul],
    inputs: (r) => [distinct(r, [2, 4, 4, 1], 0.05), uniform(r, [3, 3, 1, 2]), uniform(r, [8, 2])],
    f: (x, k, w) => {
      const y = tf.maxPool(tf.relu(tf.conv2d(x as tf.Tensor4D, k as tf.Tensor4D, 1, 'same')), 2, 2, 'valid');
      return tf.matMul(tf.reshape(y, [2, 8]), w);
    },
    wrt: [1, 2],
  },
  {
    name: 'two LSTM steps over an unstacked sequence',
    kernels: [tf.Unpack, tf.Concat, tf.SplitV, tf.Sigmoid, tf.Tanh],
    inputs: (r) => [uniform(r, [2, 2, 3]), uniform(r, [5, 8], -0.5, 0.5), uniform(r, [8], -0.5, 0.5)],
    f: (xs, kernel, bias) => {
      let h = tf.zeros([2, 2]);
      let c = tf.zeros([2, 2]);
      for (const x of tf.unstack(xs, 1)) ({ h, c } = lstmStep(x, h, c, kernel, bias));
      return h;
    },
  },
  {
    name: 'two GRU steps (reset_after) over a strided-sliced sequence',
    kernels: [tf.StridedSlice, tf.Slice, tf.SplitV, tf.Sigmoid, tf.Tanh],
    inputs: (r) => [
      uniform(r, [2, 2, 3]),
      uniform(r, [3, 6], -0.5, 0.5),
      uniform(r, [2, 6], -0.5, 0.5),
      uniform(r, [6]),
    ],
    f: (xs, w, u, bias) => {
      let h = tf.zeros([2, 2]);
      for (let t = 0; t < 2; t++) {
        const x = tf.stridedSlice(xs, [0, t, 0], [2, t + 1, 3], [1, 1, 1], 0, 0, 0, 0, 0b010);
        h = gruStep(x, h, w, u, bias);
      }
      return h;
    },
  },
  {
    name: 'layer normalization from tf.moments',
    kernels: [tf.Mean, tf.Sub, tf.Square, tf.Rsqrt],
    inputs: (r) => [uniform(r, [2, 5], -2, 2), uniform(r, [5], 0.5, 1.5), uniform(r, [5])],
    f: (x, gamma, beta) => {
      const { mean, variance } = tf.moments(x, -1, true);
      return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-3))), gamma), beta);
    },
  },
  {
    name: 'embedding lookup + mean over the sequence + dense',
    kernels: [tf.GatherV2, tf.Mean],
    inputs: (r) => [uniform(r, [6, 3]), ints([1, 4, 4, 0, 5, 1], [2, 3]), uniform(r, [3, 2])],
    f: (table, ids, w) => tf.matMul(tf.mean(tf.gather(table, ids as tf.Tensor2D), 1), w),
    wrt: [0, 2],
  },
  {
    name: 'dropout with a fixed seed (same mask in every evaluation)',
    kernels: [tf.Multiply, tf.RealDiv, tf.Floor],
    inputs: (r) => [uniform(r, [4, 5])],
    f: (x) => tf.dropout(tf.tanh(x), 0.4, undefined, 7),
  },
  {
    name: 'losses: sigmoid cross-entropy, Huber, log loss, MSE, absolute difference, hinge',
    kernels: [tf.Relu, tf.Abs, tf.Log1p, tf.Minimum, tf.Log],
    inputs: (r) => [
      awayFrom(r, [3, 2], [-1, 0, 1], -3, 3, 0.1),
      tf.tensor2d([
        [1, 0],
        [0, 1],
        [1, 1],
      ]),
    ],
    f: (pred, labels) => [
      tf.losses.sigmoidCrossEntropy(labels as tf.Tensor, pred),
      tf.losses.huberLoss(labels as tf.Tensor, pred, undefined, 1),
      tf.losses.logLoss(labels as tf.Tensor, tf.sigmoid(pred)),
      tf.losses.meanSquaredError(labels as tf.Tensor, pred),
      tf.losses.absoluteDifference(labels as tf.Tensor, pred),
      tf.losses.hingeLoss(labels as tf.Tensor, pred),
    ],
    wrt: [0],
  },
  {
    name: 'activations composed: elu, selu, leakyRelu, relu6, softplus, logSigmoid, gelu (erf form)',
    kernels: [tf.Elu, tf.Selu, tf.LeakyRelu, tf.Relu6, tf.Erf],
    inputs: (r) => [awayFrom(r, [3, 3], [0, 6], -3, 7, 0.05)],
    f: (x) => [
      tf.elu(x),
      tf.selu(x),
      tf.leakyRelu(x, 0.3),
      tf.relu6(x),
      tf.logSigmoid(x),
      tf.mul(tf.mul(0.5, x), tf.add(1, tf.erf(tf.div(x, Math.SQRT2)))),
    ],
  },
];

describe('training paths through Strata gradients only', () => {
  beforeAll(() => {
    registerGradients();
  });

  cases.forEach((c, i) => {
    it(c.name, async () => {
      await checkCase(c, 5000 + i);
    });
  });
});
