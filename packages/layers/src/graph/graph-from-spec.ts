import { ConfigError, type Layer, type Shape } from '@strata/core';
import { call } from './call.js';
import { input } from './input.js';
import { buildGraph, type GraphModel } from './model.js';
import type { SymbolicTensor } from './symbolic-tensor.js';

/**
 * A graph model as plain JSON: inputs with shapes, layer calls by registry id, and outputs, each
 * referred to by name. A call's `inputs` name model inputs or earlier calls; its `name` is where its
 * params live (`params[name]`). What `strata/graph` takes and what a saved graph model records.
 */
export interface GraphSpec {
  readonly name?: string;
  readonly inputs: readonly { readonly name: string; readonly shape: Shape }[];
  readonly layers: readonly {
    readonly name: string;
    readonly id: string;
    readonly options?: unknown;
    readonly inputs: readonly string[];
  }[];
  readonly outputs: readonly string[];
}

/**
 * Builds the graph model a `GraphSpec` describes, making each layer with `create(id, options)` (a
 * registry's `create`, or a table of factories). Names are checked as the graph is read: a call may
 * only read inputs and calls written before it, and every name is unique.
 *
 * @example
 * ```ts
 * import { createRng } from '@strata/core';
 * import { add, dense, graphFromSpec } from '@strata/layers';
 *
 * const factories: Record<string, (o: never) => ReturnType<typeof dense>> = { 'strata/dense': dense, 'strata/add': add };
 * const net = graphFromSpec(
 *   {
 *     inputs: [{ name: 'x', shape: [null, 4] }],
 *     layers: [
 *       { name: 'h', id: 'strata/dense', options: { units: 4, activation: 'relu' }, inputs: ['x'] },
 *       { name: 'sum', id: 'strata/add', inputs: ['x', 'h'] },
 *     ],
 *     outputs: ['sum'],
 *   },
 *   (id, options) => factories[id]!(options as never),
 * );
 * Object.keys(net.init(createRng(0), [null, 4]).params); // => ['h']
 * ```
 */
export function graphFromSpec(spec: GraphSpec, create: (id: string, options: unknown) => Layer): GraphModel {
  const label = 'graphFromSpec';
  if (!spec || !Array.isArray(spec.inputs) || !Array.isArray(spec.layers) || !Array.isArray(spec.outputs)) {
    throw new ConfigError(
      label,
      'expects { inputs: [{ name, shape }], layers: [{ name, id, options, inputs }], outputs: [names] }',
    );
  }
  const tensors = new Map<string, SymbolicTensor>();
  const names = new Map<Layer, string>();
  const define = (name: unknown, t: SymbolicTensor, where: string) => {
    if (typeof name !== 'string' || name === '' || name.includes('/')) {
      throw new ConfigError(`${label}(${where})`, `needs a name without '/', got ${JSON.stringify(name)}`);
    }
    if (tensors.has(name)) throw new ConfigError(`${label}(${where})`, `the name '${name}' is used twice`);
    tensors.set(name, t);
  };
  const read = (name: unknown, where: string) => {
    const t = tensors.get(String(name));
    if (!t) {
      throw new ConfigError(
        `${label}(${where})`,
        `reads '${String(name)}', which is not an input or an earlier layer (known: ${[...tensors.keys()].join(', ')})`,
      );
    }
    return t;
  };
  spec.inputs.forEach((i, k) => {
    define(i?.name, input(i?.shape, { name: i?.name }), `inputs[${k}]`);
  });
  spec.layers.forEach((l, k) => {
    const where = `layers[${k}]`;
    if (typeof l?.id !== 'string' || !Array.isArray(l.inputs) || l.inputs.length === 0) {
      throw new ConfigError(`${label}(${where})`, 'must be { name, id, options?, inputs: [names] }');
    }
    const ins = l.inputs.map((n: string) => read(n, where));
    const layer = create(l.id, l.options ?? {});
    names.set(layer, l.name);
    define(l.name, call(layer, ins.length === 1 ? ins[0]! : ins), where);
  });
  const outputs = spec.outputs.map((n, k) => read(n, `outputs[${k}]`));
  const inputs = spec.inputs.map((i) => tensors.get(i.name)!);
  return buildGraph({ inputs, outputs, name: spec.name ?? 'model' }, names);
}
