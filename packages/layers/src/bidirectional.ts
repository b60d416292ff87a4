import {
  type ApplyContext,
  assertKnownKeys,
  assertOneOf,
  ConfigError,
  customOp,
  formatShape,
  type Rng,
  type Shape,
  ShapeError,
  type TensorTree,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { located } from './internal/located.js';
import { checkName } from './internal/options.js';
import type { RecurrentCallOptions, RecurrentLayer, RecurrentResult } from './internal/recurrent-layer.js';

export type MergeMode = 'concat' | 'sum' | 'mul' | 'ave';

export interface BidirectionalOptions {
  /** How the two directions' outputs combine (default 'concat', as Keras: [forward, backward] on the last axis). */
  readonly mergeMode?: MergeMode;
  /** Default `bidirectional_<layer name>`. */
  readonly name?: string;
}

/** A bidirectional wrapper: a recurrent layer whose `call` returns both directions' final states. */
export interface Bidirectional extends RecurrentLayer {
  readonly forward: RecurrentLayer;
  readonly backward: RecurrentLayer;
}

/** Reverses axis 1 (time), with the gradient reversed back. */
const reverseTime = customOp(([x]) => ({ value: tf.reverse(x!, 1), gradFunc: (dy) => [tf.reverse(dy, 1)] }));

function merge(mode: MergeMode, a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return customOp(([p, q], save) => {
    const last = p!.rank - 1;
    switch (mode) {
      case 'concat': {
        const n = p!.shape[last]!;
        return {
          value: tf.concat([p!, q!], last),
          gradFunc: (dy) => tf.split(dy, [n, q!.shape[last]!], last),
        };
      }
      case 'sum':
        return { value: tf.add(p!, q!), gradFunc: (dy) => [dy, dy] };
      case 'ave':
        return { value: tf.mul(tf.add(p!, q!), 0.5), gradFunc: (dy) => [tf.mul(dy, 0.5), tf.mul(dy, 0.5)] };
      default:
        save([p!, q!]);
        return { value: tf.mul(p!, q!), gradFunc: (dy, [ps, qs]) => [tf.mul(dy, qs!), tf.mul(dy, ps!)] };
    }
  })(a, b);
}

/**
 * Runs a recurrent layer over the sequence in both directions and merges the outputs, as Keras'
 * `Bidirectional`: the backward copy is the same layer with `goBackwards` flipped (its own params),
 * and with `returnSequences` its outputs are put back in input order before merging, so step t
 * combines the forward state after x₀…x_t with the backward state after x_T…x_t. Params
 * `{ forward, backward }`. `call` takes initial states (the forward layer's, then the backward's) and
 * a mask, and with `returnState` returns the forward states then the backward ones.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@strata/core';
 * import { bidirectional, lstm } from '@strata/layers';
 *
 * const layer = bidirectional(lstm({ units: 4, returnSequences: true }));
 * const { params, outputShape } = layer.init(createRng(0), [null, 10, 3]);
 * outputShape; // => [null, 10, 8]
 * Object.keys(params); // => ['forward', 'backward']
 * ```
 */
export function bidirectional(layer: RecurrentLayer, options: BidirectionalOptions = {}): Bidirectional {
  assertKnownKeys(options ?? {}, ['mergeMode', 'name'], 'bidirectional');
  if (typeof layer?.reversed !== 'function' || typeof layer.call !== 'function') {
    throw new ConfigError('bidirectional(layer)', 'must be a recurrent layer (simpleRNN, lstm or gru)');
  }
  const mergeMode = options.mergeMode ?? 'concat';
  assertOneOf(mergeMode, ['concat', 'sum', 'mul', 'ave'], 'bidirectional({mergeMode})');
  const name = checkName(options.name, `bidirectional_${layer.name}`, 'bidirectional({name})');
  const forward = layer;
  const backward = layer.reversed(`backward_${layer.name}`);
  const units = mergeMode === 'concat' ? 2 * layer.units : layer.units;
  const n = layer.stateCount;

  const call = (
    params: TensorTree,
    x: tf.Tensor,
    ctx: ApplyContext,
    callOptions: RecurrentCallOptions = {},
  ): RecurrentResult => {
    assertKnownKeys(callOptions ?? {}, ['initialState', 'mask'], `bidirectional '${name}' call`);
    const initial = callOptions.initialState;
    if (initial !== undefined && (!Array.isArray(initial) || initial.length !== 2 * n)) {
      throw new ConfigError(
        `bidirectional '${name}' call({initialState})`,
        `must be ${2 * n} tensors (the forward layer's ${n}, then the backward layer's), got ${Array.isArray(initial) ? initial.length : typeof initial}`,
      );
    }
    const run = (which: RecurrentLayer, key: 'forward' | 'backward', from: number) => {
      try {
        return which.call((params?.[key] ?? {}) as TensorTree, x, ctx, {
          ...(initial ? { initialState: initial.slice(from, from + n) } : {}),
          ...(callOptions.mask ? { mask: callOptions.mask } : {}),
        });
      } catch (error) {
        throw located(error, `bidirectional '${name}' ${key}`);
      }
    };
    const f = run(forward, 'forward', 0);
    const b = run(backward, 'backward', n);
    const y = tf.tidy(() => merge(mergeMode, f.y, layer.returnSequences ? reverseTime(b.y) : b.y));
    tf.dispose([f.y, b.y]);
    return { y, states: [...f.states, ...b.states], state: {} };
  };

  return {
    name,
    kind: 'Bidirectional',
    units,
    returnSequences: layer.returnSequences,
    returnState: layer.returnState,
    goBackwards: false,
    stateCount: 2 * n,
    forward,
    backward,
    init(rng: Rng, inputShape: Shape) {
      const [rf, rb] = rng.split(2) as [Rng, Rng];
      const f = forward.init(rf, inputShape);
      let b: ReturnType<RecurrentLayer['init']>;
      try {
        b = backward.init(rb, inputShape);
      } catch (error) {
        tf.dispose(Object.values(f.params) as tf.Tensor[]);
        throw error;
      }
      const outputShape = [...f.outputShape.slice(0, -1), units];
      if (f.outputShape.length < 2) {
        throw new ShapeError(
          `bidirectional '${name}'`,
          `unexpected inner output ${formatShape(f.outputShape)}`,
        );
      }
      return { params: { forward: f.params, backward: b.params }, state: {}, outputShape };
    },
    apply(params, x, ctx) {
      const { y, states } = call(params, x, ctx);
      tf.dispose(states);
      return { y, state: {} };
    },
    call,
    reversed: () => {
      throw new ConfigError(
        `bidirectional '${name}'`,
        'is already bidirectional; wrap the recurrent layer itself',
      );
    },
  };
}
