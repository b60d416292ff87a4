import {
  ConfigError,
  countTree,
  createRng,
  disposeTree,
  formatShape,
  type Layer,
  type Shape,
  type TensorTree,
} from '@strata/core';
import { type GraphModel, isGraphModel } from './graph/model.js';
import { located } from './internal/located.js';
import type { Sequential } from './sequential.js';

interface Row {
  readonly label: string;
  /** For graph models: the names of what the layer reads. */
  readonly connected?: readonly string[];
  readonly shape: string;
  readonly trainable: number;
  readonly nonTrainable: number;
}

const fmt = (n: number) => n.toLocaleString('en-US');

function isSequential(layer: Layer): layer is Sequential {
  return Array.isArray((layer as Partial<Sequential>).layers);
}

function describe(name: string, layer: Layer): string {
  const kind = (layer as { kind?: unknown }).kind;
  return typeof kind === 'string' ? `${name} (${kind})` : name;
}

/**
 * A printable table of a model, as Keras's `model.summary()`: each layer's name and kind, output shape
 * and parameter count, then the totals (trainable = params, non-trainable = state such as moving
 * averages) and their size as float32. Runs `init` once with a fixed seed to learn the shapes, and frees
 * what it made.
 *
 * @example
 * ```ts
 * import { dense, sequential, summary } from '@strata/layers';
 *
 * const model = sequential([dense({ units: 4 }), dense({ units: 2 })]);
 * const text = summary(model, [null, 3]);
 * // 26 float32 params, 104 bytes:
 * text.split('\n').find((line) => line.startsWith('Total params')); // => 'Total params: 26 (0.10 KB)'
 * ```
 */
export function summary(layer: Layer, inputShape?: Shape): string {
  if (isGraphModel(layer)) return table(layer.name, graphRows(layer, inputShape));
  if (inputShape === undefined) {
    throw new ConfigError(`summary(${layer.name})`, 'needs the input shape, e.g. [null, 28, 28, 1]');
  }
  const entries = isSequential(layer) ? layer.layers : [{ name: layer.name, layer }];
  const rng = createRng(0);
  const rows: Row[] = [];
  let shape = inputShape;
  for (const [i, { name, layer: child }] of entries.entries()) {
    let out: ReturnType<Layer['init']>;
    try {
      out = child.init(rng, shape);
    } catch (error) {
      throw entries.length > 1 ? located(error, `summary '${layer.name}' layer ${i} '${name}'`) : error;
    }
    const { params, state, outputShape } = out;
    rows.push({
      label: describe(name, child),
      shape: formatShape(outputShape),
      trainable: countTree(params),
      nonTrainable: countTree(state),
    });
    disposeTree(params);
    disposeTree(state);
    shape = outputShape;
  }
  return table(layer.name, rows);
}

/** One row per input and per layer call; a shared layer's params are counted at its first call. */
function graphRows(model: GraphModel, inputShape: Shape | undefined): Row[] {
  const shapes = inputShape === undefined ? undefined : [inputShape];
  const { params, state, nodeShapes } = model.initAll(createRng(0), shapes);
  const rows: Row[] = model.inputNames.map((name, i) => ({
    label: `${name} (InputLayer)`,
    shape: formatShape(shapes?.[i] ?? model.inputs[i]!.shape),
    trainable: 0,
    nonTrainable: 0,
    connected: [],
  }));
  model.nodes.forEach((node, i) => {
    const first = node.id === node.name;
    rows.push({
      label: describe(node.id, node.layer),
      shape: formatShape(nodeShapes[i]!),
      trainable: first && params[node.name] ? countTree(params[node.name] as TensorTree) : 0,
      nonTrainable: first && state[node.name] ? countTree(state[node.name] as TensorTree) : 0,
      connected: node.inputs,
    });
  });
  disposeTree(params);
  disposeTree(state);
  return rows;
}

function table(name: string, rows: readonly Row[]): string {
  const trainable = rows.reduce((n, r) => n + r.trainable, 0);
  const nonTrainable = rows.reduce((n, r) => n + r.nonTrainable, 0);
  const total = trainable + nonTrainable;

  const w1 = Math.max(28, ...rows.map((r) => r.label.length + 2));
  const w2 = Math.max(24, ...rows.map((r) => r.shape.length + 2));
  const w3 = Math.max(9, ...rows.map((r) => fmt(r.trainable + r.nonTrainable).length));
  const graph = rows.some((r) => r.connected !== undefined);
  const w4 = graph ? Math.max(14, ...rows.map((r) => (r.connected ?? []).join(', ').length + 2)) : 0;
  const width = 1 + w1 + w2 + w3 + w4;
  const line = (a: string, b: string, c: string, d = '') =>
    ` ${a.padEnd(w1)}${b.padEnd(w2)}${c.padStart(w3)}${graph ? `  ${d}`.padEnd(w4) : ''}`.trimEnd();
  const kb = ((total * 4) / 1024).toFixed(2);
  return [
    `Model: "${name}"`,
    '_'.repeat(width),
    line('Layer (type)', 'Output Shape', 'Param #', 'Connected to'),
    '='.repeat(width),
    ...rows.map((r) =>
      line(r.label, r.shape, fmt(r.trainable + r.nonTrainable), (r.connected ?? []).join(', ')),
    ),
    '='.repeat(width),
    `Total params: ${fmt(total)} (${kb} KB)`,
    `Trainable params: ${fmt(trainable)}`,
    `Non-trainable params: ${fmt(nonTrainable)}`,
    '_'.repeat(width),
  ].join('\n');
}
