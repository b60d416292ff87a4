import {
  ConfigError,
  createRng,
  DataError,
  disposeTree,
  flattenTree,
  formatShape,
  type Layer,
  type Shape,
  ShapeError,
  sameShape,
  type TensorTree,
  unflattenTree,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { call } from '../graph/call.js';
import { input } from '../graph/input.js';
import { model as graphModel } from '../graph/model.js';
import type { SymbolicTensor } from '../graph/symbolic-tensor.js';
import { sequential } from '../sequential.js';
import { camel, type KerasConfig, TFJS_LAYERS } from './tfjs-layer-factories.js';

/** One weight as tfjs-layers lists it in `model.json`. */
export interface TfjsWeightSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: string;
  readonly quantization?: unknown;
}

/** The parts of a tfjs-layers `model.json` (or of the artifacts `model.save` hands a save handler). */
export interface TfjsModelJson {
  readonly modelTopology: unknown;
  /** As in `model.json`: groups of shard paths and the weights they hold, in order. */
  readonly weightsManifest?: readonly {
    readonly paths: readonly string[];
    readonly weights: readonly TfjsWeightSpec[];
  }[];
  /** As in save-handler artifacts: the weights in order. */
  readonly weightSpecs?: readonly TfjsWeightSpec[];
}

interface KerasLayer {
  readonly class_name: string;
  readonly config: KerasConfig;
  readonly name?: string;
  readonly inbound_nodes?: readonly (readonly (readonly unknown[])[])[];
}

const LABEL = 'importTfjsLayers';

/**
 * A tfjs-layers model (`model.json` and its weight shards) as a Strata model and params, so a model
 * trained with tfjs can be fine-tuned, evaluated or saved here. Sequential models become `sequential`,
 * functional ones a graph `model`; layers keep their Keras names, so a weight `conv2d_1/kernel` lands at
 * `params.conv2d_1.kernel` (snake_case params become camelCase: `recurrent_kernel` → `recurrentKernel`).
 * Supported classes: Dense, Conv2D, MaxPooling2D, AveragePooling2D, Flatten, Dropout, Activation,
 * Embedding, LSTM and GRU (tanh, sigmoid recurrent activation), BatchNormalization (its moving
 * statistics become `state`), LayerNormalization, Add, Multiply, Concatenate; anything
 * else is a ConfigError naming the layer and class. Weight data is the shards' bytes in manifest order
 * (one buffer or the list of shards). Each weight is checked against the Strata layer's shape.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { importTfjsLayers } from '@strata/layers';
 *
 * const modelJson = {
 *   modelTopology: {
 *     class_name: 'Sequential',
 *     config: { name: 'net', layers: [
 *       { class_name: 'Dense', config: { name: 'dense_1', units: 1, use_bias: true, activation: 'linear', batch_input_shape: [null, 2] } },
 *     ] },
 *   },
 *   weightsManifest: [{ paths: ['weights.bin'], weights: [
 *     { name: 'dense_1/kernel', shape: [2, 1], dtype: 'float32' },
 *     { name: 'dense_1/bias', shape: [1], dtype: 'float32' },
 *   ] }],
 * };
 * const shard = new Float32Array([2, -1, 0.5]);
 * const { model, params } = importTfjsLayers(modelJson, shard.buffer);
 * // 1·2 + 3·(−1) + 0.5:
 * model.apply(params, tf.tensor2d([[1, 3]]), { training: false, state: {} }).y; // => [[-0.5]]
 * ```
 */
export function importTfjsLayers(
  modelJson: TfjsModelJson,
  weightData: ArrayBuffer | Uint8Array | readonly (ArrayBuffer | Uint8Array)[],
): { model: Layer; params: TensorTree; state: TensorTree; inputShape: Shape } {
  const topology = (modelJson?.modelTopology as { model_config?: unknown }) ?? undefined;
  const root = (topology?.model_config ?? topology) as { class_name?: string; config?: unknown } | undefined;
  if (!root || typeof root.class_name !== 'string') {
    throw new ConfigError(
      LABEL,
      'modelTopology must be a Keras model config ({ class_name, config }) as in model.json',
    );
  }
  const specs = modelJson.weightSpecs ?? (modelJson.weightsManifest ?? []).flatMap((g) => g.weights);
  const { model, inputShapes } =
    root.class_name === 'Sequential'
      ? buildSequential(root.config)
      : buildFunctional(root.config, root.class_name);
  const weights = readWeights(specs, weightData);
  try {
    const template =
      'initAll' in model
        ? (model as ReturnType<typeof graphModel>).initAll(createRng(0), inputShapes)
        : model.init(createRng(0), inputShapes[0]!);
    const wantParams = flattenTree(template.params);
    const wantState = flattenTree(template.state);
    disposeTree(template.params);
    disposeTree(template.state);
    const params: Record<string, tf.Tensor> = {};
    const state: Record<string, tf.Tensor> = {};
    for (const [key, t] of Object.entries(weights)) {
      // Keras keeps moving statistics beside the weights; Strata threads them as state.
      const inParams = key in wantParams;
      const w = inParams ? wantParams[key] : wantState[key];
      if (!w) {
        throw new DataError(
          LABEL,
          `the weight '${key}' has no place in the Strata model (its params: ${Object.keys(wantParams).join(', ')})`,
        );
      }
      if (!sameShape(w.shape, t.shape)) {
        throw new ShapeError(
          LABEL,
          `the weight '${key}' has shape ${formatShape(t.shape)}, but the Strata layer expects ${formatShape(w.shape)}`,
        );
      }
      (inParams ? params : state)[key] = t;
    }
    const missing = [...Object.keys(wantParams), ...Object.keys(wantState)].find((k) => !(k in weights));
    if (missing !== undefined) throw new DataError(LABEL, `no weight in the file for '${missing}'`);
    return { model, params: unflattenTree(params), state: unflattenTree(state), inputShape: inputShapes[0]! };
  } catch (error) {
    tf.dispose(Object.values(weights));
    throw error;
  }
}

/** The weights as tensors by Strata key (`layer/param`), read from the concatenated shards. */
function readWeights(
  specs: readonly TfjsWeightSpec[],
  data: ArrayBuffer | Uint8Array | readonly (ArrayBuffer | Uint8Array)[],
): Record<string, tf.Tensor> {
  const parts = (Array.isArray(data) ? data : [data]) as (ArrayBuffer | Uint8Array)[];
  const bytes = concat(parts.map((p) => (p instanceof Uint8Array ? p : new Uint8Array(p))));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Record<string, tf.Tensor> = {};
  let at = 0;
  try {
    for (const spec of specs) {
      if (spec.quantization !== undefined)
        throw new DataError(LABEL, `'${spec.name}' is quantized; save the model unquantized`);
      if (spec.dtype !== 'float32' && spec.dtype !== 'int32') {
        throw new DataError(
          LABEL,
          `'${spec.name}' is ${spec.dtype}; only float32 and int32 weights are read`,
        );
      }
      const n = spec.shape.reduce((a, b) => a * b, 1);
      if (at + n * 4 > bytes.byteLength) {
        throw new DataError(
          LABEL,
          `the weight data ends at byte ${bytes.byteLength}, before '${spec.name}' (needs ${at + n * 4})`,
        );
      }
      const values = spec.dtype === 'float32' ? new Float32Array(n) : new Int32Array(n);
      for (let i = 0; i < n; i++) {
        values[i] =
          spec.dtype === 'float32' ? view.getFloat32(at + i * 4, true) : view.getInt32(at + i * 4, true);
      }
      at += n * 4;
      // 'lstm_1/recurrent_kernel' → 'lstm_1/recurrentKernel'; the layer name is everything before the last '/'.
      const cut = spec.name.lastIndexOf('/');
      if (cut < 0) throw new DataError(LABEL, `the weight name '${spec.name}' has no '<layer>/' prefix`);
      const layer = spec.name.slice(0, cut).split('/')[0]!;
      const key = `${layer}/${camel(spec.name.slice(cut + 1))}`;
      if (out[key]) throw new DataError(LABEL, `two weights map to '${key}'`);
      out[key] = tf.tensor(values, [...spec.shape], spec.dtype);
    }
    if (at !== bytes.byteLength) {
      throw new DataError(
        LABEL,
        `the manifest accounts for ${at} of the ${bytes.byteLength} bytes of weight data`,
      );
    }
  } catch (error) {
    tf.dispose(Object.values(out));
    throw error;
  }
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

function build(layer: KerasLayer): Layer {
  const name = String(layer.config?.name ?? layer.name ?? '');
  const make = TFJS_LAYERS[layer.class_name];
  if (!make) {
    throw new ConfigError(
      `${LABEL} layer '${name}'`,
      `class ${layer.class_name} is not supported; supported: ${Object.keys(TFJS_LAYERS).join(', ')}`,
    );
  }
  return make(layer.config ?? {}, name);
}

function batchShape(config: KerasConfig | undefined): Shape | undefined {
  const s = config?.batch_input_shape ?? config?.batch_shape;
  return Array.isArray(s) ? (s as Shape) : undefined;
}

function buildSequential(config: unknown): { model: Layer; inputShapes: Shape[] } {
  const c = config as { name?: string; layers?: KerasLayer[] } | KerasLayer[];
  const list = (Array.isArray(c) ? c : c?.layers) ?? [];
  const layers = list.filter((l) => l.class_name !== 'InputLayer');
  const inputShape = list.map((l) => batchShape(l.config)).find((s) => s !== undefined);
  if (inputShape === undefined) {
    throw new ConfigError(
      LABEL,
      'the Sequential model declares no input shape (batch_input_shape on its first layer)',
    );
  }
  const name = (!Array.isArray(c) && c?.name) || 'sequential';
  return { model: sequential(layers.map(build), { name }), inputShapes: [inputShape] };
}

function buildFunctional(config: unknown, className: string): { model: Layer; inputShapes: Shape[] } {
  const c = config as {
    name?: string;
    layers?: KerasLayer[];
    input_layers?: unknown[][];
    output_layers?: unknown[][];
  };
  if (!Array.isArray(c?.layers) || !Array.isArray(c.input_layers) || !Array.isArray(c.output_layers)) {
    throw new ConfigError(LABEL, `a ${className} config needs layers, input_layers and output_layers`);
  }
  const tensors = new Map<string, SymbolicTensor>();
  const ref = (layerName: unknown, node: unknown, index: unknown) =>
    `${String(layerName)}:${Number(node)}:${Number(index)}`;
  const built = new Map<string, Layer>();
  const inputShapes: Shape[] = [];
  for (const l of c.layers) {
    const name = String(l.config?.name ?? l.name);
    if (l.class_name === 'InputLayer') {
      const shape = batchShape(l.config);
      if (!shape) throw new ConfigError(`${LABEL} layer '${name}'`, 'an InputLayer needs batch_input_shape');
      tensors.set(ref(name, 0, 0), input(shape, { name }));
      continue;
    }
    const layer = built.get(name) ?? build(l);
    built.set(name, layer);
    (l.inbound_nodes ?? []).forEach((node, k) => {
      const ins = node.map((entry) => {
        const t = tensors.get(ref(entry[0], entry[1], entry[2]));
        if (!t)
          throw new ConfigError(
            `${LABEL} layer '${name}'`,
            `reads '${String(entry[0])}' before it is defined`,
          );
        return t;
      });
      tensors.set(ref(name, k, 0), call(layer, ins.length === 1 ? ins[0]! : ins));
    });
  }
  const pick = (list: unknown[][]) =>
    list.map((e) => {
      const t = tensors.get(ref(e[0], e[1], e[2]));
      if (!t) throw new ConfigError(LABEL, `the model names '${String(e[0])}', which it does not define`);
      return t;
    });
  const inputs = pick(c.input_layers);
  for (const t of inputs) inputShapes.push(t.shape);
  const model = graphModel({ inputs, outputs: pick(c.output_layers), name: c.name ?? 'model' });
  return { model, inputShapes };
}
