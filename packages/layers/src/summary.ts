import { countTree, createRng, disposeTree, formatShape, type Layer, type Shape } from '@strata/core';
import { located } from './internal/located.js';
import type { Sequential } from './sequential.js';

interface Row {
  readonly label: string;
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
export function summary(layer: Layer, inputShape: Shape): string {
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
  const trainable = rows.reduce((n, r) => n + r.trainable, 0);
  const nonTrainable = rows.reduce((n, r) => n + r.nonTrainable, 0);
  const total = trainable + nonTrainable;

  const w1 = Math.max(28, ...rows.map((r) => r.label.length + 2));
  const w2 = Math.max(24, ...rows.map((r) => r.shape.length + 2));
  const w3 = Math.max(9, ...rows.map((r) => fmt(r.trainable + r.nonTrainable).length));
  const width = 1 + w1 + w2 + w3;
  const line = (a: string, b: string, c: string) => ` ${a.padEnd(w1)}${b.padEnd(w2)}${c.padStart(w3)}`;
  const kb = ((total * 4) / 1024).toFixed(2);
  return [
    `Model: "${layer.name}"`,
    '_'.repeat(width),
    line('Layer (type)', 'Output Shape', 'Param #'),
    '='.repeat(width),
    ...rows.map((r) => line(r.label, r.shape, fmt(r.trainable + r.nonTrainable))),
    '='.repeat(width),
    `Total params: ${fmt(total)} (${kb} KB)`,
    `Trainable params: ${fmt(trainable)}`,
    `Non-trainable params: ${fmt(nonTrainable)}`,
    '_'.repeat(width),
  ].join('\n');
}
