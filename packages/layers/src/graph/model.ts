import {
  type ApplyContext,
  assertKnownKeys,
  ConfigError,
  disposeTree,
  formatShape,
  type Layer,
  type Rng,
  type Shape,
  ShapeError,
  type TensorTree,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { located } from '../internal/located.js';
import { checkName } from '../internal/options.js';
import { uniqueNames } from '../sequential.js';
import { inferShape } from './call.js';
import { isMultiInput, type MultiInputLayer } from './multi-input.js';
import { isSymbolic, type SymbolicTensor } from './symbolic-tensor.js';

/** One call of a layer in a graph model, in the order the model runs them. */
export interface GraphNode {
  /** The layer's unique name in the model: its params and state live under it (`params[name]`). */
  readonly name: string;
  readonly layer: Layer;
  /** What it reads: the names of model inputs and of earlier nodes (`name#k` for a shared layer's k-th call). */
  readonly inputs: readonly string[];
  /** `name` for a layer's first call, `name#k` for its k-th further call (shared layers). */
  readonly id: string;
  /** Its output, the symbolic tensor `call` returned. */
  readonly output: SymbolicTensor;
}

/**
 * A model made of a graph of layer calls. It is a `Layer` and a several-input layer:
 * - one input, one output: `init(rng, shape)` / `apply(params, x, ctx)` as any layer, so it nests in
 *   `sequential`, trains with `fit` and can be `call`ed inside another graph;
 * - several inputs, one output: `initMany(rng, shapes)` / `applyMany(params, [x1, x2], ctx)`, the
 *   tensors in the order of `inputs`;
 * - several outputs: `initAll(rng, shapes?)` / `applyAll(params, xs, ctx)` return `outputShapes` and
 *   `ys`, arrays in the order of `outputs` (`init`/`apply` then throw, pointing here).
 * Params and state are trees keyed by layer name, as in `sequential`.
 */
export interface GraphModel extends MultiInputLayer {
  readonly inputs: readonly SymbolicTensor[];
  readonly outputs: readonly SymbolicTensor[];
  /** The inputs' unique names (`input`, `input_1`, or the names given to `input`). */
  readonly inputNames: readonly string[];
  /** The layer calls, in the order they run (each after the ones it reads). */
  readonly nodes: readonly GraphNode[];
  /** Inits every layer once; `inputShapes` default to the shapes the inputs were declared with. */
  initAll(
    rng: Rng,
    inputShapes?: readonly Shape[],
  ): { params: TensorTree; state: TensorTree; outputShapes: Shape[]; nodeShapes: Shape[] };
  applyAll(
    params: TensorTree,
    xs: readonly tf.Tensor[],
    ctx: ApplyContext,
  ): { ys: tf.Tensor[]; state: TensorTree };
}

interface Visit {
  readonly nodes: { layer: Layer; inputs: readonly SymbolicTensor[]; output: SymbolicTensor }[];
  readonly inputsSeen: Set<SymbolicTensor>;
}

/** The call nodes reachable from `outputs`, each after everything it reads (depth-first post-order). */
function walk(outputs: readonly SymbolicTensor[]): Visit {
  const done = new Set<SymbolicTensor>();
  const onPath = new Set<SymbolicTensor>();
  const visit: Visit = { nodes: [], inputsSeen: new Set() };
  const go = (t: SymbolicTensor) => {
    if (done.has(t)) return;
    if (onPath.has(t)) throw new ConfigError('model', 'the graph has a cycle');
    const src = t.source;
    if (src.kind === 'input') {
      visit.inputsSeen.add(t);
    } else {
      onPath.add(t);
      for (const x of src.inputs) go(x);
      onPath.delete(t);
      visit.nodes.push({ layer: src.layer, inputs: src.inputs, output: t });
    }
    done.add(t);
  };
  for (const t of outputs) go(t);
  return visit;
}

/** `actual` fits `declared` when the ranks agree and every known declared dimension is equal. */
function fits(declared: Shape, actual: Shape): boolean {
  return declared.length === actual.length && declared.every((d, i) => d === null || d === actual[i]);
}

/** What `model` takes. */
export interface ModelOptions {
  readonly inputs: SymbolicTensor | readonly SymbolicTensor[];
  readonly outputs: SymbolicTensor | readonly SymbolicTensor[];
  /** Default 'model'. */
  readonly name?: string;
}

/**
 * Builds the graph model; `fixedNames` keeps the names a larger model gave its layers (for `cutAt`,
 * whose sub-model then reads the same params).
 */
export function buildGraph(options: ModelOptions, fixedNames?: ReadonlyMap<Layer, string>): GraphModel {
  assertKnownKeys(options ?? {}, ['inputs', 'outputs', 'name'], 'model');
  const name = checkName(options.name, 'model', 'model({name})');
  const label = `model '${name}'`;
  const asList = (v: unknown, what: string): SymbolicTensor[] => {
    const list = Array.isArray(v) ? v : [v];
    if (list.length === 0)
      throw new ConfigError(`model({${what}})`, 'must name at least one symbolic tensor');
    list.forEach((t, i) => {
      if (!isSymbolic(t)) {
        throw new ConfigError(
          `model({${what}})[${i}]`,
          'is not a symbolic tensor; pass what input() or call() returned',
        );
      }
    });
    return list as SymbolicTensor[];
  };
  const inputs = asList(options.inputs, 'inputs');
  const outputs = asList(options.outputs, 'outputs');
  inputs.forEach((t, i) => {
    if (t.source.kind !== 'input') {
      throw new ConfigError(
        `model({inputs})[${i}]`,
        'is a layer output, not an input; pass what input() returned',
      );
    }
    if (inputs.indexOf(t) !== i) throw new ConfigError(`model({inputs})[${i}]`, 'is listed twice');
  });
  const { nodes: raw, inputsSeen } = walk(outputs);
  for (const t of inputsSeen) {
    if (!inputs.includes(t)) {
      throw new ConfigError(
        label,
        `an output depends on an input of shape ${formatShape(t.shape)} that is not in inputs; add it to model({inputs})`,
      );
    }
  }
  const inputNames = uniqueNames(
    inputs.map((t) => ({ name: (t.source.kind === 'input' && t.source.name) || 'input' }) as Layer),
  );

  // One name per distinct layer object, Keras-style (dense, dense_1, ...), in the order they first run.
  const distinct: Layer[] = [];
  for (const n of raw) if (!distinct.includes(n.layer)) distinct.push(n.layer);
  const fresh = uniqueNames(distinct);
  const layerName = new Map(distinct.map((l, i) => [l, fixedNames?.get(l) ?? fresh[i]!]));
  const calls = new Map<Layer, number>();
  const idOf = new Map<SymbolicTensor, string>(inputs.map((t, i) => [t, inputNames[i]!]));
  const nodes: GraphNode[] = raw.map((n) => {
    const lname = layerName.get(n.layer)!;
    const k = calls.get(n.layer) ?? 0;
    calls.set(n.layer, k + 1);
    const id = k === 0 ? lname : `${lname}#${k}`;
    idOf.set(n.output, id);
    return { name: lname, layer: n.layer, inputs: n.inputs.map((t) => idOf.get(t)!), id, output: n.output };
  });
  const where = (node: GraphNode) => `${label} layer '${node.id}'`;

  const checkInputs = (shapes: readonly Shape[], what: string) => {
    if (shapes.length !== inputs.length) {
      throw new ConfigError(label, `has ${inputs.length} input(s), got ${shapes.length} ${what}`);
    }
    shapes.forEach((s, i) => {
      if (!fits(inputs[i]!.shape, s)) {
        throw new ShapeError(
          label,
          `input '${inputNames[i]}' was declared ${formatShape(inputs[i]!.shape)}, got ${formatShape(s)}`,
        );
      }
    });
  };

  const initAll: GraphModel['initAll'] = (rng, inputShapes = inputs.map((t) => t.shape)) => {
    checkInputs(inputShapes, 'shapes');
    const rngs = rng.split(distinct.length);
    const params: Record<string, TensorTree> = {};
    const state: Record<string, TensorTree> = {};
    const shapeOf = new Map<SymbolicTensor, Shape>(inputs.map((t, i) => [t, inputShapes[i]!]));
    const initialised = new Set<Layer>();
    const nodeShapes: Shape[] = [];
    for (const node of nodes) {
      const shapes = (node.output.source.kind === 'call' ? node.output.source.inputs : []).map(
        (t) => shapeOf.get(t)!,
      );
      let outputShape: Shape;
      try {
        if (initialised.has(node.layer)) {
          outputShape = inferShape(node.layer, shapes);
        } else {
          const r = rngs[distinct.indexOf(node.layer)]!;
          const out = isMultiInput(node.layer)
            ? node.layer.initMany(r, shapes)
            : node.layer.init(r, shapes[0]!);
          initialised.add(node.layer);
          if (Object.keys(out.params).length > 0) params[node.name] = out.params;
          if (Object.keys(out.state).length > 0) state[node.name] = out.state;
          outputShape = out.outputShape;
        }
      } catch (error) {
        disposeTree(params);
        disposeTree(state);
        throw located(error, where(node));
      }
      shapeOf.set(node.output, outputShape);
      nodeShapes.push(outputShape);
    }
    return { params, state, outputShapes: outputs.map((t) => shapeOf.get(t)!), nodeShapes };
  };

  const applyAll: GraphModel['applyAll'] = (params, xs, ctx) => {
    checkInputs(
      xs.map((x) => x.shape),
      'tensors',
    );
    const rngs = ctx.rng ? ctx.rng.split(nodes.length) : undefined;
    return tf.tidy(() => {
      const values = new Map<SymbolicTensor, tf.Tensor>(inputs.map((t, i) => [t, xs[i]!]));
      const state: Record<string, TensorTree> = {};
      nodes.forEach((node, i) => {
        const ins = (node.output.source.kind === 'call' ? node.output.source.inputs : []).map(
          (t) => values.get(t)!,
        );
        const childCtx: ApplyContext = {
          training: ctx.training,
          // A shared layer's calls all read the state it started with; the last call's new state is kept.
          state: (ctx.state?.[node.name] ?? {}) as TensorTree,
          ...(rngs ? { rng: rngs[i]! } : {}),
          ...(ctx.step === undefined ? {} : { step: ctx.step }),
        };
        const p = (params[node.name] ?? {}) as TensorTree;
        let out: { y: tf.Tensor; state: TensorTree };
        try {
          out = isMultiInput(node.layer)
            ? node.layer.applyMany(p, ins, childCtx)
            : node.layer.apply(p, ins[0]!, childCtx);
        } catch (error) {
          throw located(error, where(node));
        }
        if (Object.keys(out.state).length > 0) state[node.name] = out.state;
        values.set(node.output, out.y);
      });
      // The caller owns every output: an input passed straight through, or an output listed twice, is copied.
      const given = new Set<tf.Tensor>(xs);
      const ys = outputs.map((t) => {
        const y = values.get(t)!;
        if (given.has(y)) return tf.clone(y);
        given.add(y);
        return y;
      });
      return { ys, state: state as TensorTree };
    });
  };

  const oneOutput = (what: string) => {
    if (outputs.length !== 1) {
      throw new ConfigError(
        label,
        `has ${outputs.length} outputs; use ${what}, which returns one per output`,
      );
    }
  };
  const oneInput = (what: string) => {
    if (inputs.length !== 1) {
      throw new ConfigError(label, `has ${inputs.length} inputs; use ${what} with one tensor per input`);
    }
  };

  return {
    name,
    kind: 'Functional',
    inputCount: { min: inputs.length, max: inputs.length },
    inputs,
    outputs,
    inputNames,
    nodes,
    initAll,
    applyAll,
    init(rng, inputShape) {
      oneInput('initMany(rng, shapes)');
      oneOutput('initAll');
      const { params, state, outputShapes } = initAll(rng, [inputShape]);
      return { params, state, outputShape: outputShapes[0]! };
    },
    initMany(rng, inputShapes) {
      oneOutput('initAll');
      const { params, state, outputShapes } = initAll(rng, inputShapes);
      return { params, state, outputShape: outputShapes[0]! };
    },
    apply(params, x, ctx) {
      oneInput('applyMany(params, xs, ctx)');
      oneOutput('applyAll');
      const { ys, state } = applyAll(params, [x], ctx);
      return { y: ys[0]!, state };
    },
    applyMany(params, xs, ctx) {
      oneOutput('applyAll');
      const { ys, state } = applyAll(params, xs, ctx);
      return { y: ys[0]!, state };
    },
  };
}

/**
 * A model from a graph of layer calls: any number of inputs and outputs, branches and merges (residual
 * blocks, encoder–decoder, two towers), as Keras's functional API. See `GraphModel` for how `apply`
 * takes and returns several tensors. Layers are named as in `sequential` (`dense`, `dense_1`, in the
 * order they run) and a layer called twice shares its params.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { call, countParams, dense, input, model } from '@strata/layers';
 *
 * const x = input([null, 4]);
 * const h = call(dense({ units: 8, activation: 'relu' }), x);
 * const a = call(dense({ units: 1 }), h);
 * const b = call(dense({ units: 3 }), h);
 * const net = model({ inputs: x, outputs: [a, b] });
 * const { params, outputShapes } = net.initAll(createRng(0));
 * outputShapes; // => [[null, 1], [null, 3]]
 * // 4·8 + 8, then 8 + 1 and 8·3 + 3:
 * countParams(params); // => 76
 * const { ys } = net.applyAll(params, [tf.zeros([2, 4])], { training: false, state: {} });
 * ys.map((y) => y.shape); // => [[2, 1], [2, 3]]
 * ```
 */
export function model(options: ModelOptions): GraphModel {
  return buildGraph(options);
}

/** True when `layer` is a graph model made by `model`. */
export function isGraphModel(layer: Layer): layer is GraphModel {
  const l = layer as Partial<GraphModel>;
  return Array.isArray(l.nodes) && typeof l.applyAll === 'function';
}
