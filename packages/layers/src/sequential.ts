import {
  assertKnownKeys,
  ConfigError,
  disposeTree,
  type Layer,
  type Rng,
  type Shape,
  type TensorTree,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { type FusedApply, fuseConvMaxPool } from './internal/fusion.js';
import { located } from './internal/located.js';
import { checkName } from './internal/options.js';
import type { LayerWithKind } from './layer-with-kind.js';

/** A child of a `sequential` under the unique name its params and state are kept at. */
export interface SequentialEntry {
  readonly name: string;
  readonly layer: Layer;
}

/** A `sequential` model: a layer whose children are listed (for `summary` and inspection). */
export interface Sequential extends LayerWithKind {
  readonly layers: readonly SequentialEntry[];
}

/**
 * Keras's naming: the first layer called `dense` keeps the name, later ones become `dense_1`, `dense_2`…
 * skipping any name already taken.
 */
export function uniqueNames(layers: readonly Layer[]): string[] {
  const taken = new Set<string>();
  const counters = new Map<string, number>();
  return layers.map((layer) => {
    let name = layer.name;
    if (taken.has(name)) {
      let n = counters.get(layer.name) ?? 1;
      while (taken.has(`${layer.name}_${n}`)) n++;
      counters.set(layer.name, n + 1);
      name = `${layer.name}_${n}`;
    }
    taken.add(name);
    return name;
  });
}

/**
 * Layers applied one after another. `init` infers each child's input shape from the one before and
 * nests the children's params and state under unique names (`{ conv2d: { kernel, bias }, conv2d_1: … }`,
 * flat keys `conv2d_1/kernel`); children without params take no entry. A child's shape error is rethrown
 * naming the model, the child's position and name. In `apply`, `ctx.rng` is split so each child gets
 * its own stream.
 *
 * A `conv2d` whose activation runs inside the convolution kernel (linear, relu, relu6, elu, sigmoid,
 * leaky relu) followed directly by a `maxPool2d` runs as one fused op: the same kernels forward, the
 * same params, outputs and gradients (up to float rounding of the bias gradient's sum), but a backward
 * pass that takes the activation's derivative on the pooled gradient (a quarter of the elements for a
 * 2×2 pool). Other pairs, and layers that are copies or wrappers of these, run one after the other.
 *
 * @example
 * ```ts
 * import { createRng } from '@strata/core';
 * import { conv2d, countParams, dense, flatten, maxPool2d, sequential } from '@strata/layers';
 *
 * const model = sequential([
 *   conv2d({ filters: 32, kernelSize: 3, activation: 'relu' }),
 *   maxPool2d({ poolSize: 2 }),
 *   flatten(),
 *   dense({ units: 10 }),
 * ]);
 * const { params, outputShape } = model.init(createRng(0), [null, 28, 28, 1]);
 * outputShape; // => [null, 10]
 * // 3·3·1·32 + 32, then 13·13·32·10 + 10:
 * countParams(params); // => 54410
 * ```
 */
export function sequential(layers: readonly Layer[], options: { readonly name?: string } = {}): Sequential {
  assertKnownKeys(options ?? {}, ['name'], 'sequential');
  const name = checkName(options.name, 'sequential', 'sequential({name})');
  if (!Array.isArray(layers) || layers.length === 0) {
    throw new ConfigError('sequential(layers)', 'must be a non-empty array of layers');
  }
  layers.forEach((layer, i) => {
    if (
      typeof layer !== 'object' ||
      layer === null ||
      typeof layer.init !== 'function' ||
      typeof layer.apply !== 'function' ||
      typeof layer.name !== 'string'
    ) {
      throw new ConfigError(
        `sequential(layers[${i}])`,
        'is not a layer (an object with name, init and apply)',
      );
    }
  });
  const names = uniqueNames(layers);
  const entries = layers.map((layer, i) => ({ name: names[i]!, layer }));
  const where = (i: number) => `sequential '${name}' layer ${i} '${names[i]}'`;
  // Adjacent conv2d + maxPool2d pairs run as one fused block (see fuseConvMaxPool).
  const plan: { readonly index: number; readonly fused?: FusedApply }[] = [];
  for (let i = 0; i < entries.length; i++) {
    const fused = fuseConvMaxPool(entries[i]!.layer, entries[i + 1]?.layer);
    plan.push(fused ? { index: i, fused } : { index: i });
    if (fused) i++;
  }

  return {
    name,
    kind: 'Sequential',
    layers: entries,
    init(rng: Rng, inputShape: Shape) {
      const rngs = rng.split(entries.length);
      const params: Record<string, TensorTree> = {};
      const state: Record<string, TensorTree> = {};
      let shape = inputShape;
      entries.forEach((entry, i) => {
        let out: ReturnType<Layer['init']>;
        try {
          out = entry.layer.init(rngs[i]!, shape);
        } catch (error) {
          disposeTree(params);
          disposeTree(state);
          throw located(error, where(i));
        }
        if (Object.keys(out.params).length > 0) params[entry.name] = out.params;
        if (Object.keys(out.state).length > 0) state[entry.name] = out.state;
        shape = out.outputShape;
      });
      return { params, state, outputShape: shape };
    },
    apply(params, x, ctx) {
      const rngs = ctx.rng ? ctx.rng.split(entries.length) : undefined;
      return tf.tidy(() => {
        const state: Record<string, TensorTree> = {};
        let y = x;
        for (const { index: i, fused } of plan) {
          const entry = entries[i]!;
          if (fused) {
            // Neither layer has state; the pool has no params.
            try {
              y = fused((params[entry.name] ?? {}) as TensorTree, y);
            } catch (error) {
              throw located(error, where(i));
            }
            continue;
          }
          const childCtx = {
            training: ctx.training,
            state: (ctx.state?.[entry.name] ?? {}) as TensorTree,
            ...(rngs ? { rng: rngs[i]! } : {}),
            ...(ctx.step === undefined ? {} : { step: ctx.step }),
          };
          let out: ReturnType<Layer['apply']>;
          try {
            out = entry.layer.apply((params[entry.name] ?? {}) as TensorTree, y, childCtx);
          } catch (error) {
            throw located(error, where(i));
          }
          if (Object.keys(out.state).length > 0) state[entry.name] = out.state;
          y = out.y;
        }
        // tidy keeps what is returned (the output and the new state) and frees the intermediates.
        return { y, state: state as TensorTree };
      });
    },
  };
}
