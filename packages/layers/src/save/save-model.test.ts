import {
  createRegistry,
  createRng,
  DataError,
  definePlugin,
  disposeTree,
  flattenTree,
  type Layer,
  randomNormal,
  ShapeError,
  type TensorTree,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { add } from '../add.js';
import { conv2d } from '../conv2d.js';
import { dense } from '../dense.js';
import { flatten } from '../flatten.js';
import { type GraphSpec, graphFromSpec } from '../graph/graph-from-spec.js';
import type { GraphModel } from '../graph/model.js';
import { maxPool2d } from '../max-pool2d.js';
import { type MultiHeadAttentionOptions, multiHeadAttention } from '../multi-head-attention.js';
import { sequential } from '../sequential.js';
import { loadModel } from './load-model.js';
import { loadWeights } from './load-weights.js';
import { saveModel } from './save-model.js';

/** A layer with state, to check that state is saved beside the params: y = x·scale, state counts calls. */
const counter = (): Layer => ({
  name: 'counter',
  init: (_rng, shape) => ({
    params: { scale: tf.ones([shape[1] as number]) },
    state: { calls: tf.scalar(0, 'int32') },
    outputShape: shape,
  }),
  apply: (p, x, ctx) => ({
    y: tf.mul(x, p.scale as tf.Tensor),
    state: { calls: tf.add(ctx.state.calls as tf.Tensor, tf.scalar(1, 'int32')) },
  }),
});

const registry = createRegistry().use(
  definePlugin({
    meta: { name: 'save-test', version: '1.0.0', namespace: 'test' },
    strata: '*',
    architectures: {
      cnn: (o: { filters: number }) =>
        sequential([
          conv2d({ filters: o.filters, kernelSize: 3, activation: 'relu' }),
          maxPool2d(),
          flatten(),
          dense({ units: 3 }),
        ]),
    },
    layers: { counter },
  }),
);
const factories: Record<string, (o: never) => Layer> = {
  'strata/dense': dense,
  'strata/add': add,
  'strata/multi-head-attention': (o: MultiHeadAttentionOptions) => multiHeadAttention(o),
};
registry.use(
  definePlugin({
    meta: { name: 'save-test-graph', version: '1.0.0', namespace: 'testgraph' },
    strata: '*',
    architectures: {
      graph: (o: GraphSpec) => graphFromSpec(o, (id, options) => factories[id]!(options as never)),
    },
  }),
);

const ctx = { training: false, state: {} };
const bits = (t: tf.Tensor) => Array.from(new Uint32Array(Float32Array.from(t.dataSync()).buffer));

/** An independent safetensors writer for float32 tensors: header JSON, u64 length, raw LE data. */
function writeF32(tensors: Record<string, { shape: number[]; values: number[] }>): Uint8Array {
  const header: Record<string, unknown> = {};
  const parts: Buffer[] = [];
  let off = 0;
  for (const [name, t] of Object.entries(tensors)) {
    const buf = Buffer.alloc(t.values.length * 4);
    t.values.forEach((v, i) => {
      buf.writeFloatLE(v, i * 4);
    });
    header[name] = { dtype: 'F32', shape: t.shape, data_offsets: [off, off + buf.length] };
    parts.push(buf);
    off += buf.length;
  }
  const json = Buffer.from(JSON.stringify(header));
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  return new Uint8Array(Buffer.concat([len, json, ...parts]));
}

describe('saveModel / loadModel / loadWeights', () => {
  it('a saved and loaded CNN predicts bit-identically', () => {
    const spec = { id: 'test/cnn', options: { filters: 4 }, inputShape: [null, 8, 8, 1] };
    const model = registry.create('test/cnn', { filters: 4 }) as Layer;
    const { params } = model.init(createRng(3), spec.inputShape);
    const saved = saveModel(spec, { params });
    const loaded = loadModel(registry, saved);
    expect(loaded.inputShape).toEqual([null, 8, 8, 1]);
    const x = randomNormal(createRng(4), [5, 8, 8, 1]);
    const a = model.apply(params, x, ctx).y;
    const b = loaded.model.apply(loaded.params, x, ctx).y;
    expect(bits(b)).toEqual(bits(a));
    expect(Object.keys(flattenTree(loaded.params))).toEqual(Object.keys(flattenTree(params)));
    tf.dispose([x, a, b]);
    disposeTree(params);
    disposeTree(loaded.params);
  });

  it('a two-input graph (cross-attention, residual add) saved by its JSON spec loads and predicts bit-identically', () => {
    const spec: GraphSpec = {
      inputs: [
        { name: 'target', shape: [null, 4, 6] },
        { name: 'source', shape: [null, 5, 3] },
      ],
      layers: [
        {
          name: 'attend',
          id: 'strata/multi-head-attention',
          options: { numHeads: 2, keyDim: 3 },
          inputs: ['target', 'source'],
        },
        { name: 'residual', id: 'strata/add', inputs: ['target', 'attend'] },
        { name: 'head', id: 'strata/dense', options: { units: 2 }, inputs: ['residual'] },
      ],
      outputs: ['head'],
    };
    const net = registry.create('testgraph/graph', spec) as GraphModel;
    const { params } = net.initAll(createRng(5));
    expect(Object.keys(params)).toEqual(['attend', 'head']);
    const saved = saveModel({ id: 'testgraph/graph', options: spec }, { params });
    const loaded = loadModel(registry, saved);
    const xs = [randomNormal(createRng(6), [2, 4, 6]), randomNormal(createRng(7), [2, 5, 3])];
    const a = net.applyMany(params, xs, ctx).y;
    const b = (loaded.model as GraphModel).applyMany(loaded.params, xs, ctx).y;
    expect(bits(b)).toEqual(bits(a));
    tf.dispose([...xs, a, b]);
    disposeTree(params);
    disposeTree(loaded.params);
  });

  it('saves state beside params with its dtype, and the architecture as registry-id JSON', () => {
    const spec = { id: 'test/counter', inputShape: [null, 2] };
    const layer = counter();
    const init = layer.init(createRng(0), [null, 2]);
    const stepped = layer.apply(init.params, tf.ones([1, 2]), { training: true, state: init.state });
    const saved = saveModel(spec, { params: init.params, state: stepped.state });
    expect(JSON.parse(saved.architecture)).toEqual({
      format: 'strata-model',
      version: 1,
      id: 'test/counter',
      options: {},
      inputShape: [null, 2],
    });
    const loaded = loadModel(registry, saved);
    const calls = loaded.state.calls as tf.Tensor;
    expect(calls.dtype).toBe('int32');
    expect(calls.dataSync()[0]).toBe(1);
    disposeTree(init as unknown as TensorTree);
    tf.dispose([stepped.y]);
    disposeTree(stepped.state);
    disposeTree(loaded.params);
    disposeTree(loaded.state);
  });

  it('a file written by an independent writer loads into a dense layer and gives x·W + b', () => {
    const bytes = writeF32({
      'params/bias': { shape: [2], values: [0.5, -1] },
      'params/kernel': { shape: [3, 2], values: [1, 2, 3, 4, 5, 6] },
    });
    const layer = dense({ units: 2 });
    const template = layer.init(createRng(0), [null, 3]);
    const { params } = loadWeights(bytes, template);
    const y = layer.apply(params, tf.tensor2d([[1, 0, -1]]), ctx).y;
    // [1, 0, -1]·[[1,2],[3,4],[5,6]] = [-4, -4], plus the bias.
    expect(Array.from(y.dataSync())).toEqual([-3.5, -5]);
    disposeTree(template.params);
    disposeTree(params);
    y.dispose();
  });

  it('names the first mismatch: a missing tensor, a shape (both shapes), a dtype, an extra tensor; frees what it read', () => {
    const template = dense({ units: 2 }).init(createRng(0), [null, 3]);
    const before = tf.memory().numTensors;
    const wrongShape = writeF32({
      'params/kernel': { shape: [2, 2], values: [1, 2, 3, 4] },
      'params/bias': { shape: [2], values: [0, 0] },
    });
    expect(() => loadWeights(wrongShape, template)).toThrow(ShapeError);
    expect(() => loadWeights(wrongShape, template)).toThrow(
      "loadWeights: 'params/kernel' has shape [2, 2] in the file but the model expects [3, 2]",
    );
    const missing = writeF32({ 'params/kernel': { shape: [3, 2], values: [1, 2, 3, 4, 5, 6] } });
    expect(() => loadWeights(missing, template)).toThrow(/no tensor 'params\/bias' \(shape \[2\]\)/);
    const extra = writeF32({
      'params/kernel': { shape: [3, 2], values: [1, 2, 3, 4, 5, 6] },
      'params/bias': { shape: [2], values: [0, 0] },
      'params/gamma': { shape: [1], values: [1] },
    });
    expect(() => loadWeights(extra, template)).toThrow(/'params\/gamma' that the model does not/);
    const counterTemplate = counter().init(createRng(0), [null, 2]);
    const floatState = writeF32({
      'params/scale': { shape: [2], values: [1, 1] },
      'state/calls': { shape: [], values: [1] },
    });
    expect(() => loadWeights(floatState, counterTemplate)).toThrow(DataError);
    expect(() => loadWeights(floatState, counterTemplate)).toThrow(
      /'state\/calls' is float32 in the file but the model expects int32/,
    );
    disposeTree(counterTemplate.params);
    disposeTree(counterTemplate.state);
    expect(tf.memory().numTensors).toBe(before);
    disposeTree(template.params);
  });
});
