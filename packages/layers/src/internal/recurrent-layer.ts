import {
  type ApplyContext,
  assertInteger,
  assertKnownKeys,
  ConfigError,
  formatShape,
  type Rng,
  type Shape,
  ShapeError,
  type TensorTree,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { zeros } from '../initializers/constant.js';
import { type Initializer, initialize } from '../initializers/initializer.js';
import { orthogonal } from '../initializers/orthogonal.js';
import { glorotUniform } from '../initializers/variance-scaling.js';
import type { LayerWithKind } from '../layer-with-kind.js';
import { maskOf } from './mask.js';
import { checkFunction, checkName } from './options.js';
import { layerLabel, param } from './params.js';
import { type CellKind, gateCount, runSequence, stateCount } from './recurrent-core.js';
import { sliceWithGrad } from './slice-with-grad.js';

/** Options every recurrent layer takes (Keras' names). */
export interface RecurrentOptions {
  /** Size of the state and of each output step. */
  readonly units: number;
  /** Default false: only the last output [batch, units]; true: every step's [batch, time, units]. */
  readonly returnSequences?: boolean;
  /**
   * Default false. True: `call` also returns the final states (h, and c for the LSTM), as Keras'
   * `return_state`; `apply` (the `Layer` contract) returns only the output.
   */
  readonly returnState?: boolean;
  /** Default false. True: the sequence is read last step first, and the outputs come in that order. */
  readonly goBackwards?: boolean;
  /** Default true. */
  readonly useBias?: boolean;
  /** Default `glorotUniform()`, as Keras. */
  readonly kernelInitializer?: Initializer;
  /** Default `orthogonal()`, as Keras. */
  readonly recurrentInitializer?: Initializer;
  /** Default `zeros()`. */
  readonly biasInitializer?: Initializer;
  /** Defaults to the layer's kind ('lstm', 'gru', 'simple_rnn'). */
  readonly name?: string;
}

export const RECURRENT_KEYS = [
  'units',
  'returnSequences',
  'returnState',
  'goBackwards',
  'useBias',
  'kernelInitializer',
  'recurrentInitializer',
  'biasInitializer',
  'name',
];

/** Extra inputs of a recurrent layer's `call`. */
export interface RecurrentCallOptions {
  /** The initial states, [batch, units] each: [h] ([h, c] for the LSTM). Default zeros. */
  readonly initialState?: readonly tf.Tensor[];
  /**
   * [batch, time], true/1 where the step is real and false/0 where it is padding: a padded step
   * leaves the states unchanged and repeats the previous step's output (zeros before the first real
   * step), as Keras. Default: the mask an `embedding` with
   * `maskZero` recorded on `x`, else none.
   */
  readonly mask?: tf.Tensor;
}

/** What a recurrent layer's `call` returns. */
export interface RecurrentResult {
  readonly y: tf.Tensor;
  /** The final states (h, and c for the LSTM) with `returnState`, else empty. */
  readonly states: tf.Tensor[];
  readonly state: TensorTree;
}

/** A recurrent layer: a `Layer` over [batch, time, features] with `call` for states and masks. */
export interface RecurrentLayer extends LayerWithKind {
  readonly units: number;
  readonly returnSequences: boolean;
  readonly returnState: boolean;
  readonly goBackwards: boolean;
  /** How many states the cell has (1, or 2 for the LSTM). */
  readonly stateCount: number;
  /** The same layer reading the sequence the other way (`goBackwards` flipped) under `name`. */
  reversed(name: string): RecurrentLayer;
  /** `apply` with initial states, an explicit mask, and the final states (`returnState`). */
  call(params: TensorTree, x: tf.Tensor, ctx: ApplyContext, options?: RecurrentCallOptions): RecurrentResult;
}

export interface CellConfig {
  readonly cell: CellKind;
  /** The factory's name, for labels: 'lstm'. */
  readonly fn: string;
  /** What `summary` prints: 'LSTM'. */
  readonly kind: string;
  /** The simple cell's activation. */
  readonly activation?: 'tanh' | 'relu';
  /** The bias's shape for `units` (GRU reset_after: [2, 3u]). */
  readonly biasShape: (units: number) => number[];
  /** Replaces the bias initializer (the LSTM's unit forget bias). */
  readonly biasInitializer?: (units: number, init: Initializer) => Initializer;
}

function checkBoolean(value: unknown, label: string): boolean {
  if (typeof value !== 'boolean') throw new ConfigError(label, `must be a boolean, got ${typeof value}`);
  return value;
}

/** Builds the layer for one cell from checked options (each cell's file documents its options). */
export function recurrentLayer(
  config: CellConfig,
  options: RecurrentOptions,
  extraKeys: readonly string[] = [],
): RecurrentLayer {
  const { fn, cell } = config;
  assertKnownKeys(options ?? {}, [...RECURRENT_KEYS, ...extraKeys], fn);
  const { units } = options;
  assertInteger(units, `${fn}({units})`);
  const returnSequences = checkBoolean(options.returnSequences ?? false, `${fn}({returnSequences})`);
  const returnState = checkBoolean(options.returnState ?? false, `${fn}({returnState})`);
  const goBackwards = checkBoolean(options.goBackwards ?? false, `${fn}({goBackwards})`);
  const useBias = checkBoolean(options.useBias ?? true, `${fn}({useBias})`);
  const name = checkName(options.name, fn === 'simpleRNN' ? 'simple_rnn' : fn, `${fn}({name})`);
  const kernelInit = options.kernelInitializer ?? glorotUniform();
  const recurrentInit = options.recurrentInitializer ?? orthogonal();
  const givenBiasInit = options.biasInitializer ?? zeros();
  checkFunction(kernelInit, `${fn}({kernelInitializer})`, 'pass e.g. glorotUniform()');
  checkFunction(recurrentInit, `${fn}({recurrentInitializer})`, 'pass e.g. orthogonal()');
  checkFunction(givenBiasInit, `${fn}({biasInitializer})`, 'pass e.g. zeros()');
  const biasInit = config.biasInitializer ? config.biasInitializer(units, givenBiasInit) : givenBiasInit;
  const label = layerLabel(fn, name);
  const gates = gateCount(cell);
  const nStates = stateCount(cell);
  const spec = {
    kind: cell,
    units,
    goBackwards,
    ...(config.activation ? { activation: config.activation } : {}),
  };

  const call = (
    params: TensorTree,
    x: tf.Tensor,
    _ctx: ApplyContext,
    callOptions: RecurrentCallOptions = {},
  ): RecurrentResult => {
    assertKnownKeys(callOptions ?? {}, ['initialState', 'mask'], `${label} call`);
    const kernel = param(params, 'kernel', label);
    const recurrentKernel = param(params, 'recurrentKernel', label);
    const inDim = kernel.shape[0]!;
    if (x.rank !== 3 || x.shape[2] !== inDim || x.shape[1] === 0) {
      throw new ShapeError(
        label,
        `expected input shape [?, ?, ${inDim}] (batch, time, features), got ${formatShape(x.shape)}`,
      );
    }
    const [batch, time] = x.shape as [number, number];
    const initial = callOptions.initialState;
    if (initial !== undefined) {
      if (!Array.isArray(initial) || initial.length !== nStates) {
        throw new ConfigError(
          `${label} call({initialState})`,
          `must be an array of ${nStates} tensor${nStates > 1 ? 's (h, c)' : ' (h)'}, got ${Array.isArray(initial) ? `${initial.length}` : typeof initial}`,
        );
      }
      initial.forEach((s, i) => {
        if (s.rank !== 2 || s.shape[0] !== batch || s.shape[1] !== units) {
          throw new ShapeError(
            `${label} call({initialState})`,
            `state ${i} must have shape [${batch}, ${units}], got ${formatShape(s.shape)}`,
          );
        }
      });
    }
    if (callOptions.mask !== undefined) {
      const m = callOptions.mask;
      if (m.rank !== 2 || m.shape[0] !== batch || m.shape[1] !== time) {
        throw new ShapeError(
          `${label} call({mask})`,
          `must have shape [${batch}, ${time}] like the input's first two axes, got ${formatShape(m.shape)}`,
        );
      }
    }
    const bias = useBias ? param(params, 'bias', label) : undefined;
    const recorded = callOptions.mask === undefined ? maskOf(x, label) : undefined;
    const out = tf.tidy(() => {
      const b = bias ?? tf.zeros(config.biasShape(units));
      const s0 = initial ? [...initial] : Array.from({ length: nStates }, () => tf.zeros([batch, units]));
      const mask = callOptions.mask ?? recorded;
      const packed = runSequence(spec, x, kernel, recurrentKernel, b, s0, mask);
      const y = returnSequences
        ? sliceWithGrad(packed, [0, 0, 0], [batch, time, units])
        : sliceWithGrad(packed, [0, time - 1, 0], [batch, 1, units], [batch, units]);
      const states = returnState
        ? Array.from({ length: nStates }, (_, k) =>
            sliceWithGrad(packed, [0, time + k, 0], [batch, 1, units], [batch, units]),
          )
        : [];
      return { y, states };
    });
    recorded?.dispose();
    return { ...out, state: {} };
  };

  return {
    name,
    kind: config.kind,
    units,
    returnSequences,
    returnState,
    goBackwards,
    stateCount: nStates,
    init(rng: Rng, inputShape: Shape) {
      const inDim = inputShape[2];
      if (inputShape.length !== 3 || typeof inDim !== 'number' || inDim < 1) {
        throw new ShapeError(
          label,
          `expected an input shape [batch, time, features] with known features, got ${formatShape(inputShape)}`,
        );
      }
      const [rk, rr, rb] = rng.split(3) as [Rng, Rng, Rng];
      const kernel = initialize(kernelInit, rk, [inDim, gates * units], `${label} kernelInitializer`);
      const recurrentKernel = initialize(
        recurrentInit,
        rr,
        [units, gates * units],
        `${label} recurrentInitializer`,
      );
      const params: TensorTree = useBias
        ? {
            kernel,
            recurrentKernel,
            bias: initialize(biasInit, rb, config.biasShape(units), `${label} biasInitializer`),
          }
        : { kernel, recurrentKernel };
      const outputShape: Shape = returnSequences
        ? [inputShape[0] ?? null, inputShape[1] ?? null, units]
        : [inputShape[0] ?? null, units];
      return { params, state: {}, outputShape };
    },
    apply(params, x, ctx) {
      const { y, states } = call(params, x, ctx);
      tf.dispose(states);
      return { y, state: {} };
    },
    call,
    reversed: (newName: string) =>
      recurrentLayer(config, { ...options, goBackwards: !goBackwards, name: newName }, extraKeys),
  };
}
