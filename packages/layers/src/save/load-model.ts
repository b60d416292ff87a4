import {
  ConfigError,
  createRng,
  disposeTree,
  type Layer,
  type Registry,
  type Shape,
  type TensorTree,
} from '@strata/core';
import { isGraphModel } from '../graph/model.js';
import { loadWeights } from './load-weights.js';
import type { SavedModel } from './save-model.js';

/**
 * Rebuilds a model saved by `saveModel`: the layer from its registry id and options (so the registry
 * needs the plugin that provides it), its params and state from the safetensors file, checked against
 * what the layer's `init` makes for the saved input shape, or a graph model's `initAll` for its
 * declared inputs (names, shapes, dtypes; the first mismatch is named with both shapes). The caller
 * owns the returned tensors.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRegistry, createRng, definePlugin } from '@strata/core';
 * import { dense, loadModel, saveModel } from '@strata/layers';
 *
 * const registry = createRegistry().use(
 *   definePlugin({
 *     meta: { name: 'my-layers', version: '1.0.0', namespace: 'my' },
 *     strata: '*',
 *     layers: { dense: (o) => dense(o) },
 *   }),
 * );
 * const trained = dense({ units: 2 }).init(createRng(0), [null, 3]);
 * const saved = saveModel({ id: 'my/dense', options: { units: 2 }, inputShape: [null, 3] }, trained);
 * const { model, params } = loadModel(registry, saved);
 * const x = tf.ones([1, 3]);
 * const a = model.apply(params, x, { training: false, state: {} }).y.dataSync();
 * const b = dense({ units: 2 }).apply(trained.params, x, { training: false, state: {} }).y.dataSync();
 * // Bit-identical predictions:
 * Array.from(a).every((v, i) => Object.is(v, b[i])); // => true
 * ```
 */
export function loadModel(
  registry: Registry,
  saved: SavedModel,
): { model: Layer; params: TensorTree; state: TensorTree; inputShape?: Shape } {
  const label = 'loadModel';
  let arch: { format?: unknown; id?: unknown; options?: unknown; inputShape?: unknown };
  try {
    arch = typeof saved.architecture === 'string' ? JSON.parse(saved.architecture) : saved.architecture;
  } catch (error) {
    throw new ConfigError(label, `the architecture is not JSON: ${(error as Error).message}`);
  }
  if (
    arch?.format !== 'strata-model' ||
    typeof arch.id !== 'string' ||
    (arch.inputShape !== undefined && !Array.isArray(arch.inputShape))
  ) {
    throw new ConfigError(
      label,
      "the architecture must be saveModel's JSON ({ format: 'strata-model', id, options, inputShape })",
    );
  }
  const model = registry.create(arch.id, arch.options ?? {}) as Layer;
  if (typeof model?.init !== 'function' || typeof model.apply !== 'function') {
    throw new ConfigError(
      label,
      `'${arch.id}' does not build a layer (init/apply); only single-layer architectures load`,
    );
  }
  const inputShape = arch.inputShape as Shape | undefined;
  // The template: what init makes, for its names, shapes and dtypes only. A graph model knows its inputs.
  let template: { params: TensorTree; state: TensorTree };
  if (isGraphModel(model)) template = model.initAll(createRng(0), inputShape && [inputShape]);
  else if (inputShape === undefined) {
    throw new ConfigError(label, `the architecture has no inputShape, which '${arch.id}' needs to be built`);
  } else template = model.init(createRng(0), inputShape);
  try {
    return { model, ...loadWeights(saved.weights, template), ...(inputShape ? { inputShape } : {}) };
  } finally {
    disposeTree(template.params);
    disposeTree(template.state);
  }
}
