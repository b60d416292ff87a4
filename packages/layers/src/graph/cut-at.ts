import { ConfigError, type Layer } from '@strata/core';
import { type Sequential, sequential } from '../sequential.js';
import { buildGraph, type GraphModel, isGraphModel } from './model.js';
import type { SymbolicTensor } from './symbolic-tensor.js';

/**
 * The part of a model up to (and including) the layer named `name`, whose output becomes the model's
 * output; with several names, a graph model with one output per name (read them with `applyAll`). The
 * layers keep their names, so the full model's params (and state) work unchanged: this is how a
 * layer's output is read, and how a trained network becomes a feature extractor for transfer learning.
 * A `sequential` is cut to the stack of its first layers; a graph model keeps only the inputs the cut
 * part reads.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { cutAt, dense, sequential } from '@strata/layers';
 *
 * const net = sequential([dense({ units: 8 }), dense({ units: 4 }), dense({ units: 1 })]);
 * const { params } = net.init(createRng(0), [null, 3]);
 * const features = cutAt(net, 'dense_1');
 * // The full model's params; the output of the second layer:
 * features.apply(params, tf.ones([2, 3]), { training: false, state: {} }).y.shape; // => [2, 4]
 * ```
 */
export function cutAt(model: Layer, name: string | readonly string[]): Layer {
  const names = typeof name === 'string' ? [name] : [...name];
  if (names.length === 0 || !names.every((n) => typeof n === 'string')) {
    throw new ConfigError('cutAt(name)', 'must be a layer name or a non-empty array of them');
  }
  if (isGraphModel(model)) return cutGraph(model, names);
  if (Array.isArray((model as Partial<Sequential>).layers)) {
    const seq = model as Sequential;
    if (names.length > 1) {
      throw new ConfigError(
        `cutAt(${model.name})`,
        'a sequential is cut at one layer; to read several layers at once, build the model with model()',
      );
    }
    const index = seq.layers.findIndex((e) => e.name === names[0]);
    if (index < 0)
      throw unknown(
        model.name,
        names[0]!,
        seq.layers.map((e) => e.name),
      );
    // The first layers get the same unique names as before, so the full params fit.
    return sequential(
      seq.layers.slice(0, index + 1).map((e) => e.layer),
      { name: model.name },
    );
  }
  if (names.length === 1 && names[0] === model.name) return model;
  throw unknown(model.name, names[0]!, [model.name]);
}

function unknown(model: string, name: string, known: readonly string[]): ConfigError {
  return new ConfigError(
    `cutAt(${model}, '${name}')`,
    `has no layer '${name}'; its layers are ${known.map((k) => `'${k}'`).join(', ')}`,
  );
}

function cutGraph(model: GraphModel, names: readonly string[]): GraphModel {
  const outputs: SymbolicTensor[] = names.map((n) => {
    const node = model.nodes.find((x) => x.name === n);
    if (!node) throw unknown(model.name, n, [...new Set(model.nodes.map((x) => x.name))]);
    return node.output;
  });
  // Only the inputs the cut part reads, in the model's order.
  const reached = new Set<SymbolicTensor>();
  const go = (t: SymbolicTensor) => {
    if (t.source.kind === 'input') reached.add(t);
    else for (const x of t.source.inputs) go(x);
  };
  for (const t of outputs) go(t);
  const fixed = new Map(model.nodes.map((n) => [n.layer, n.name]));
  return buildGraph({ inputs: model.inputs.filter((t) => reached.has(t)), outputs, name: model.name }, fixed);
}
