import { ConfigError, createRng, disposeTree, randomNormal, ShapeError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterEach, describe, expect, it } from 'vitest';
import { importTfjsLayers, type TfjsModelJson } from './import-tfjs-layers.js';

/** What `model.save` hands a save handler: the topology, the weight specs and the weight bytes. */
async function saveArtifacts(m: tfl.LayersModel): Promise<tf.io.ModelArtifacts> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await m.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return artifacts!;
}

/** The same artifacts as the files `model.save('file://...')` writes: model.json and two weight shards. */
function asFiles(a: tf.io.ModelArtifacts): { json: TfjsModelJson; shards: Uint8Array[] } {
  const all = new Uint8Array(a.weightData as ArrayBuffer);
  const half = Math.floor(all.byteLength / 8) * 4;
  const json = JSON.parse(
    JSON.stringify({
      format: 'layers-model',
      modelTopology: a.modelTopology,
      weightsManifest: [{ paths: ['group1-shard1of2.bin', 'group1-shard2of2.bin'], weights: a.weightSpecs }],
    }),
  );
  return { json, shards: [all.slice(0, half), all.slice(half)] };
}

/** Random weights (tfjs initializes biases to zero, which would hide a bias mix-up). */
function randomize(m: tfl.LayersModel, seed: number): void {
  const rng = createRng(seed);
  const names = m.weights.map((w) => w.originalName);
  // Moving variances must stay positive.
  m.setWeights(
    m.getWeights().map((w, i) =>
      tf.tidy(() => {
        const r = randomNormal(rng, w.shape, 0, 0.4);
        return names[i]!.endsWith('moving_variance') ? tf.add(tf.abs(r), 0.5) : r;
      }),
    ),
  );
}

function expectWithin(a: tf.Tensor, b: tf.Tensor, tol: number): void {
  expect(a.shape).toEqual(b.shape);
  const x = a.dataSync();
  const y = b.dataSync();
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i]! - y[i]!));
  expect(worst).toBeLessThanOrEqual(tol);
}

const ctx = { training: false, state: {} };
const made: tf.Tensor[] = [];
afterEach(() => {
  tf.dispose(made.splice(0));
});

describe('importTfjsLayers', () => {
  it('a Sequential CNN (conv2d, pools, flatten, dropout, dense) from model.json + shards predicts as tfjs-layers does', async () => {
    const m = tfl.sequential({
      layers: [
        tfl.layers.conv2d({ inputShape: [9, 9, 2], filters: 4, kernelSize: 3, activation: 'relu' }),
        tfl.layers.maxPooling2d({ poolSize: 2 }),
        tfl.layers.conv2d({ filters: 3, kernelSize: 2, strides: 1, padding: 'same', activation: 'elu' }),
        tfl.layers.averagePooling2d({ poolSize: 2, strides: 1, padding: 'same' }),
        tfl.layers.flatten(),
        tfl.layers.dropout({ rate: 0.3 }),
        tfl.layers.dense({ units: 5, activation: 'tanh' }),
        tfl.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    });
    randomize(m, 1);
    const { json, shards } = asFiles(await saveArtifacts(m));
    const { model, params, inputShape } = importTfjsLayers(json, shards);
    expect(inputShape).toEqual([null, 9, 9, 2]);
    const x = randomNormal(createRng(2), [4, 9, 9, 2]);
    const want = m.predict(x) as tf.Tensor;
    const got = model.apply(params, x, ctx).y;
    expectWithin(got, want, 1e-5);
    made.push(x, want, got);
    disposeTree(params);
    m.dispose();
  });

  it('a functional model with two inputs, add, multiply and concatenate predicts as tfjs-layers does', async () => {
    const a = tfl.input({ shape: [6], name: 'a' });
    const b = tfl.input({ shape: [4], name: 'b' });
    const ha = tfl.layers.dense({ units: 4, activation: 'relu', name: 'ha' }).apply(a) as tfl.SymbolicTensor;
    const hb = tfl.layers
      .dense({ units: 4, activation: 'sigmoid', name: 'hb' })
      .apply(b) as tfl.SymbolicTensor;
    const sum = tfl.layers.add().apply([ha, hb]) as tfl.SymbolicTensor;
    const prod = tfl.layers.multiply().apply([sum, hb]) as tfl.SymbolicTensor;
    const cat = tfl.layers.concatenate().apply([prod, a]) as tfl.SymbolicTensor;
    const out = tfl.layers.dense({ units: 2, name: 'out' }).apply(cat) as tfl.SymbolicTensor;
    const m = tfl.model({ inputs: [a, b], outputs: out });
    randomize(m, 3);
    const art = await saveArtifacts(m);
    const { model, params } = importTfjsLayers(
      { modelTopology: art.modelTopology, weightSpecs: art.weightSpecs! },
      art.weightData as ArrayBuffer,
    );
    const xa = randomNormal(createRng(4), [3, 6]);
    const xb = randomNormal(createRng(5), [3, 4]);
    const want = m.predict([xa, xb]) as tf.Tensor;
    const got = (
      model as unknown as { applyMany: (p: unknown, xs: tf.Tensor[], c: typeof ctx) => { y: tf.Tensor } }
    ).applyMany(params, [xa, xb], ctx).y;
    expectWithin(got, want, 1e-5);
    made.push(xa, xb, want, got);
    disposeTree(params);
    m.dispose();
  });

  it('embedding → lstm (sequences) → gru → dense predicts as tfjs-layers does', async () => {
    const m = tfl.sequential({
      layers: [
        tfl.layers.embedding({ inputDim: 20, outputDim: 5, inputLength: 7, inputShape: [7] }),
        // glorotNormal: tfjs' default orthogonal initializer needs chained ops plain Node does not load.
        tfl.layers.lstm({
          units: 6,
          returnSequences: true,
          recurrentActivation: 'sigmoid',
          recurrentInitializer: 'glorotNormal',
        }),
        tfl.layers.gru({ units: 4, recurrentActivation: 'sigmoid', recurrentInitializer: 'glorotNormal' }),
        tfl.layers.dense({ units: 1 }),
      ],
    });
    randomize(m, 6);
    const { json, shards } = asFiles(await saveArtifacts(m));
    const { model, params } = importTfjsLayers(json, shards);
    const ids = [3, 0, 19, 7, 7, 1, 12, 5, 5, 2, 18, 11, 0, 4];
    const want = m.predict(tf.tensor2d(ids, [2, 7])) as tf.Tensor;
    const x = tf.tensor2d(ids, [2, 7], 'int32');
    const got = model.apply(params, x, ctx).y;
    expectWithin(got, want, 1e-5);
    made.push(x, want, got);
    disposeTree(params);
    m.dispose();
  });

  it('batch and layer normalization (moving statistics as state) predict as tfjs-layers does', async () => {
    const m = tfl.sequential({
      layers: [
        tfl.layers.dense({ inputShape: [5], units: 6, activation: 'relu' }),
        tfl.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-2 }),
        tfl.layers.layerNormalization({ epsilon: 1e-3 }),
        tfl.layers.dense({ units: 2 }),
      ],
    });
    randomize(m, 8);
    const { json, shards } = asFiles(await saveArtifacts(m));
    const { model, params, state } = importTfjsLayers(json, shards);
    const bn = Object.keys(state)[0]!;
    expect(Object.keys(state[bn] as object).sort()).toEqual(['movingMean', 'movingVariance']);
    const x = randomNormal(createRng(9), [4, 5]);
    const want = m.predict(x) as tf.Tensor;
    const out = model.apply(params, x, { training: false, state });
    expectWithin(out.y, want, 1e-5);
    made.push(x, want, out.y);
    disposeTree(params);
    disposeTree(state);
    m.dispose();
  });

  it('names an unsupported class, a recurrent activation it cannot run, and a weight of the wrong shape', async () => {
    const m = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [3], units: 2, name: 'd' })] });
    const art = await saveArtifacts(m);
    const topo = art.modelTopology as {
      config: { layers: { class_name: string; config: Record<string, unknown> }[] };
    };
    const renamed = JSON.parse(JSON.stringify(topo));
    renamed.config.layers[0].class_name = 'ConvLSTM2D';
    expect(() =>
      importTfjsLayers(
        { modelTopology: renamed, weightSpecs: art.weightSpecs! },
        art.weightData as ArrayBuffer,
      ),
    ).toThrow(/layer 'd'.*class ConvLSTM2D is not supported/);
    const wrong = art.weightSpecs!.map((s) => (s.name === 'd/kernel' ? { ...s, shape: [2, 3] } : s));
    expect(() =>
      importTfjsLayers({ modelTopology: topo, weightSpecs: wrong }, art.weightData as ArrayBuffer),
    ).toThrow(ShapeError);
    expect(() =>
      importTfjsLayers({ modelTopology: topo, weightSpecs: wrong }, art.weightData as ArrayBuffer),
    ).toThrow("the weight 'd/kernel' has shape [2, 3], but the Strata layer expects [3, 2]");
    const hard = tfl.sequential({
      layers: [tfl.layers.lstm({ inputShape: [4, 2], units: 2, recurrentInitializer: 'glorotNormal' })],
    });
    const hardArt = await saveArtifacts(hard);
    expect(() =>
      importTfjsLayers(
        { modelTopology: hardArt.modelTopology, weightSpecs: hardArt.weightSpecs! },
        hardArt.weightData as ArrayBuffer,
      ),
    ).toThrow(ConfigError);
    m.dispose();
    hard.dispose();
  });
});
