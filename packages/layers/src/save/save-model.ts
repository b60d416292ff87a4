import { ConfigError, encodeSafetensors, type Shape, type TensorTree, unflattenTree } from '@strata/core';
import { prefixed, type Weights } from './load-weights.js';

/**
 * A model by registry id: what `registry.create(id, options)` builds, and the input shape `init` takes
 * (a graph model declares its inputs, e.g. `strata/graph`, and needs none).
 */
export interface ModelSpec {
  readonly id: string;
  readonly options?: unknown;
  readonly inputShape?: Shape;
}

/** The two files of a saved model. */
export interface SavedModel {
  /** JSON: `{ format: 'strata-model', version: 1, id, options, inputShape? }`. */
  readonly architecture: string;
  /** A safetensors file: params under `params/...`, state under `state/...`. */
  readonly weights: Uint8Array;
}

/**
 * A model as two files any tool can read: the architecture as JSON naming registry ids (the config
 * `strata train` reads), and the params and state as safetensors (the format PyTorch and others read),
 * the architecture repeated in its `__metadata__`. Bytes in, bytes out: write them with `fs` in Node
 * or offer them for download in a browser. Reads each tensor once; takes no ownership.
 *
 * @example
 * ```ts
 * import { createRng } from '@strata/core';
 * import { dense, saveModel } from '@strata/layers';
 *
 * const spec = { id: 'strata/dense', options: { units: 2 }, inputShape: [null, 3] };
 * const saved = saveModel(spec, dense({ units: 2 }).init(createRng(0), [null, 3]));
 * JSON.parse(saved.architecture).id; // => 'strata/dense'
 * // 8 + header + (3·2 + 2) float32:
 * saved.weights.byteLength > 32; // => true
 * ```
 */
export function saveModel(spec: ModelSpec, weights: Weights): SavedModel {
  if (typeof spec?.id !== 'string' || (spec.inputShape !== undefined && !Array.isArray(spec.inputShape))) {
    throw new ConfigError(
      'saveModel(spec)',
      'must be { id, options?, inputShape? }, the registry id the model is built from',
    );
  }
  const architecture = JSON.stringify({
    format: 'strata-model',
    version: 1,
    id: spec.id,
    options: spec.options ?? {},
    ...(spec.inputShape === undefined ? {} : { inputShape: spec.inputShape }),
  });
  const tree: TensorTree = unflattenTree({
    ...prefixed('params', weights.params),
    ...prefixed('state', weights.state ?? {}),
  });
  return { architecture, weights: encodeSafetensors(tree, { format: 'strata-model', architecture }) };
}
