import { useBackend } from '@strata/backends';
import { createRng, disposeTree } from '@strata/core';
import { mnistArrays } from '@strata/datasets';
import { adam } from '@strata/optim';
import { fit } from '@strata/train';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { denseAutoencoder } from './dense-autoencoder.js';
import { reconstruct } from './reconstruct.js';
import { reconstructStep } from './reconstruct-step.js';

// Bounded so it runs in about half a minute on two loaded cores: the first TRAIN training images,
// the first TEST test images, a 16-number code. README.md has the numbers of a run.
const TRAIN = 4000;
const TEST = 1000;
const LATENT = 16;
const EPOCHS = 6;
const BATCH = 50;

/** Images [n, 28, 28, 1] in [0, 1] from MNIST's uint8 pixels. */
const images = (pixels: Uint8Array, n: number) =>
  tf.tidy(() => tf.div(tf.tensor4d(pixels.subarray(0, n * 784), [n, 28, 28, 1], 'float32'), 255));

/**
 * PCA's reconstruction with k components: centre on the training mean, project on the top-k
 * eigenvectors of the training covariance, map back. The eigenvectors come from orthogonal iteration
 * (Q ← orthonormalise(C·Q), which converges to the dominant k-dimensional eigenspace) in float64 on the
 * host, run until the variance it captures, trace(QᵀCQ), stops changing.
 */
function pcaReconstruction(train: tf.Tensor, test: tf.Tensor, k: number): tf.Tensor {
  const d = train.size / train.shape[0]!;
  const [meanValues, covValues] = tf.tidy(() => {
    const x = tf.reshape(train, [train.shape[0]!, d]);
    const mean = tf.mean(x, 0, true);
    const centred = tf.sub(x, mean);
    return [mean.dataSync(), tf.div(tf.matMul(centred, centred, true, false), x.shape[0]! - 1).dataSync()];
  });
  const cov = Float64Array.from(covValues);
  const rng = createRng(0);
  let q = Array.from({ length: k }, () => Float64Array.from({ length: d }, () => rng.next() - 0.5));
  let captured = 0;
  for (let iter = 0; iter < 500; iter++) {
    // C·q for each column, then Gram–Schmidt (twice, for float64 orthogonality).
    const next = q.map((col) => {
      const out = new Float64Array(d);
      for (let i = 0; i < d; i++) {
        let s = 0;
        const row = i * d;
        for (let j = 0; j < d; j++) s += cov[row + j]! * col[j]!;
        out[i] = s;
      }
      return out;
    });
    const trace = next.reduce((sum, v, c) => sum + v.reduce((a, x, i) => a + x * q[c]![i]!, 0), 0);
    for (let pass = 0; pass < 2; pass++) {
      for (let c = 0; c < k; c++) {
        const v = next[c]!;
        for (let p = 0; p < c; p++) {
          const u = next[p]!;
          const dot = v.reduce((a, x, i) => a + x * u[i]!, 0);
          for (let i = 0; i < d; i++) v[i] = v[i]! - dot * u[i]!;
        }
        const norm = Math.sqrt(v.reduce((a, x) => a + x * x, 0));
        for (let i = 0; i < d; i++) v[i] = v[i]! / norm;
      }
    }
    q = next;
    if (iter > 10 && Math.abs(trace - captured) < 1e-7 * trace) break;
    captured = trace;
  }
  return tf.tidy(() => {
    const basis = tf.tensor2d(Float32Array.from(q.flatMap((col) => Array.from(col))), [k, d]);
    const mean = tf.tensor2d(meanValues, [1, d]);
    const t = tf.sub(tf.reshape(test, [test.shape[0]!, d]), mean);
    const back = tf.add(tf.matMul(tf.matMul(t, basis, false, true), basis), mean);
    return tf.reshape(back, test.shape);
  });
}

const mse = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.mean(tf.squaredDifference(a, b)).dataSync()[0]!);

beforeAll(async () => {
  await useBackend('cpu');
});

describe('autoencoder/dense on MNIST', () => {
  it(`reconstructs the test images with a lower MSE than PCA with the same ${LATENT} numbers`, async () => {
    const { train, test } = await mnistArrays();
    const xTrain = images(train.images, TRAIN);
    const xTest = images(test.images, TEST);
    const before = tf.memory().numTensors;
    const pca = pcaReconstruction(xTrain, xTest, LATENT);
    const pcaMse = mse(pca, xTest);
    pca.dispose();

    const model = denseAutoencoder({ imageShape: [28, 28, 1], latent: LATENT, hidden: [128] });
    const data = {
      cardinality: () => TRAIN / BATCH,
      *[Symbol.iterator]() {
        for (let i = 0; i < TRAIN; i += BATCH)
          yield { x: tf.slice(xTrain, [i, 0, 0, 0], [BATCH, 28, 28, 1]) };
      },
    };
    const run = await fit({
      step: reconstructStep({
        model,
        inputShape: [null, 28, 28, 1],
        optimizer: adam({ learningRate: 3e-3 }),
      }),
      data,
      epochs: EPOCHS,
      seed: 1,
    });
    const out = reconstruct({ model, params: run.params, state: run.state }, xTest);
    const aeMse = mse(out, xTest);
    out.dispose();
    console.log(
      `test MSE per pixel: autoencoder ${aeMse.toFixed(5)}, PCA ${pcaMse.toFixed(5)} (latent ${LATENT})`,
    );
    // PCA is the best linear code of this size (Eckart–Young), so beating it needs the non-linear decoder.
    expect(aeMse).toBeLessThan(pcaMse);
    expect(run.history.at(-1)!.loss!).toBeLessThan(run.history[0]!.loss!);
    disposeTree([run.params, run.state, run.optState as never]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([xTrain, xTest]);
  }, 180_000);
});
