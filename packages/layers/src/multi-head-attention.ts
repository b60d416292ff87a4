import {
  type ApplyContext,
  assertInteger,
  assertKnownKeys,
  assertNumber,
  bernoulli,
  ConfigError,
  formatShape,
  type Rng,
  type Shape,
  ShapeError,
  type TensorTree,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { type MultiInputLayer, multiInputLayer } from './graph/multi-input.js';
import { zeros } from './initializers/constant.js';
import { type Initializer, initialize } from './initializers/initializer.js';
import { glorotUniform } from './initializers/variance-scaling.js';
import { checkFunction, checkName } from './internal/options.js';
import { layerLabel, param } from './internal/params.js';

export interface MultiHeadAttentionOptions {
  readonly numHeads: number;
  /** Size of each head for query and key. */
  readonly keyDim: number;
  /** Size of each head for value; default `keyDim`. */
  readonly valueDim?: number;
  /** Dropout rate on the attention probabilities while training; default 0. */
  readonly dropout?: number;
  /** Default true: biases on the four projections. */
  readonly useBias?: boolean;
  /** Features of the output; default the query's last dimension. */
  readonly outputDim?: number;
  /** Each query position attends only to key positions at or before it (a decoder); default false. */
  readonly useCausalMask?: boolean;
  /** Default `glorotUniform()`, as Keras. */
  readonly kernelInitializer?: Initializer;
  /** Default `zeros()`. */
  readonly biasInitializer?: Initializer;
  /** Default 'multi_head_attention'. */
  readonly name?: string;
}

/** The inputs of one attention call, by name. */
export interface AttentionInputs {
  /** [batch, targetLength, queryFeatures]. */
  readonly query: tf.Tensor;
  /** [batch, sourceLength, valueFeatures]. */
  readonly value: tf.Tensor;
  /** [batch, sourceLength, keyFeatures]; default `value`. */
  readonly key?: tf.Tensor;
  /** [batch, targetLength, sourceLength] (or broadcastable), `true`/1 where a query may attend to a key. */
  readonly attentionMask?: tf.Tensor;
}

/** A multi-head attention layer: a several-input layer with a named-input form. */
export interface MultiHeadAttention extends MultiInputLayer {
  /** `apply` with the inputs by name; also returns the attention probabilities [b, heads, T, S]. */
  attend(
    params: TensorTree,
    inputs: AttentionInputs,
    ctx: ApplyContext,
  ): { y: tf.Tensor; scores: tf.Tensor; state: TensorTree };
}

const KEYS = [
  'numHeads',
  'keyDim',
  'valueDim',
  'dropout',
  'useBias',
  'outputDim',
  'useCausalMask',
  'kernelInitializer',
  'biasInitializer',
  'name',
];

/** Keras adds this to the scores of masked positions, so they get (almost) zero probability. */
const MASKED_SCORE = -1e9;

/**
 * Multi-head attention (Vaswani et al. 2017) with Keras's `MultiHeadAttention` weights and call order.
 * Params: `query`, `key`, `value` each `{ kernel [features, numHeads, keyDim (valueDim for value)],
 * bias [numHeads, keyDim] }` and `attention_output` `{ kernel [numHeads, valueDim, outputDim], bias
 * [outputDim] }`. For each head, softmax(q·kᵀ / √keyDim + mask) · v, the heads projected back together.
 *
 * In a graph it takes `call(mha, [query, value])`, `[query, value, key]` or
 * `[query, value, key, attentionMask]` (the key defaults to the value; to pass a mask without a
 * separate key, pass the value again). The mask is boolean (or 0/1), `true` where a query position may
 * attend to a key position; masked scores get −1e9 as in Keras, so a fully masked row attends
 * uniformly. `useCausalMask` further restricts query i to keys j ≤ i. With one input (`call(mha, x)`,
 * `apply`, or in `sequential`) it is self-attention. Inputs are rank 3: [batch, length, features].
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng, flattenTree } from '@strata/core';
 * import { multiHeadAttention } from '@strata/layers';
 *
 * const mha = multiHeadAttention({ numHeads: 2, keyDim: 4 });
 * const { params, outputShape } = mha.initMany(createRng(0), [[null, 5, 8], [null, 7, 6]]);
 * outputShape; // => [null, 5, 8]
 * flattenTree(params)['query/kernel']!.shape; // => [8, 2, 4]
 * const query = tf.ones([1, 5, 8]);
 * const value = tf.ones([1, 7, 6]);
 * const { y, scores } = mha.attend(params, { query, value }, { training: false, state: {} });
 * y.shape; // => [1, 5, 8]
 * scores.shape; // => [1, 2, 5, 7]
 * ```
 */
export function multiHeadAttention(options: MultiHeadAttentionOptions): MultiHeadAttention {
  assertKnownKeys(options ?? {}, KEYS, 'multiHeadAttention');
  const { numHeads, keyDim, useBias = true, useCausalMask = false, dropout: rate = 0 } = options;
  assertInteger(numHeads, 'multiHeadAttention({numHeads})');
  assertInteger(keyDim, 'multiHeadAttention({keyDim})');
  const valueDim = options.valueDim ?? keyDim;
  assertInteger(valueDim, 'multiHeadAttention({valueDim})');
  if (options.outputDim !== undefined) assertInteger(options.outputDim, 'multiHeadAttention({outputDim})');
  assertNumber(rate, 'multiHeadAttention({dropout})', { min: 0, max: 1 });
  if (rate >= 1) throw new ConfigError('multiHeadAttention({dropout})', `must be below 1, got ${rate}`);
  for (const [key, v] of [
    ['useBias', useBias],
    ['useCausalMask', useCausalMask],
  ] as const) {
    if (typeof v !== 'boolean')
      throw new ConfigError(`multiHeadAttention({${key}})`, `must be a boolean, got ${typeof v}`);
  }
  const name = checkName(options.name, 'multi_head_attention', 'multiHeadAttention({name})');
  const kernelInit = options.kernelInitializer ?? glorotUniform();
  const biasInit = options.biasInitializer ?? zeros();
  checkFunction(kernelInit, 'multiHeadAttention({kernelInitializer})', 'pass e.g. glorotUniform()');
  checkFunction(biasInit, 'multiHeadAttention({biasInitializer})', 'pass e.g. zeros()');
  const label = layerLabel('multiHeadAttention', name);

  const features = (shape: Shape, what: string): number => {
    const d = shape[shape.length - 1];
    if (shape.length !== 3 || typeof d !== 'number' || d < 1) {
      throw new ShapeError(
        label,
        `expected ${what} of shape [batch, length, features], got ${formatShape(shape)}`,
      );
    }
    return d;
  };

  const initMany = (rng: Rng, shapes: readonly Shape[]) => {
    // One input is self-attention: the value (and key) default to the query.
    const [qShape, vShape = qShape, kShape = vShape, maskShape] = shapes as [Shape, Shape?, Shape?, Shape?];
    const qDim = features(qShape, 'the query');
    const vDim = features(vShape, 'the value');
    const kDim = features(kShape!, 'the key');
    if (vShape[1] !== null && kShape![1] !== null && vShape[1] !== kShape![1]) {
      throw new ShapeError(
        label,
        `the key ${formatShape(kShape!)} and the value ${formatShape(vShape)} must have the same length`,
      );
    }
    if (maskShape !== undefined) checkMaskShape(maskShape, qShape, vShape);
    const outDim = options.outputDim ?? qDim;
    const rngs = rng.split(4);
    const projection = (r: Rng, inDim: number, headDim: number, what: string) => {
      const kernel = initialize(
        kernelInit,
        r,
        [inDim, numHeads, headDim],
        `${label} ${what} kernelInitializer`,
      );
      return useBias
        ? { kernel, bias: initialize(biasInit, r, [numHeads, headDim], `${label} ${what} biasInitializer`) }
        : { kernel };
    };
    const outKernel = initialize(
      kernelInit,
      rngs[3]!,
      [numHeads, valueDim, outDim],
      `${label} kernelInitializer`,
    );
    const params = {
      query: projection(rngs[0]!, qDim, keyDim, 'query'),
      key: projection(rngs[1]!, kDim, keyDim, 'key'),
      value: projection(rngs[2]!, vDim, valueDim, 'value'),
      attention_output: useBias
        ? { kernel: outKernel, bias: initialize(biasInit, rngs[3]!, [outDim], `${label} biasInitializer`) }
        : { kernel: outKernel },
    };
    return { params, state: {}, outputShape: [qShape[0] ?? null, qShape[1] ?? null, outDim] };
  };

  const checkMaskShape = (mask: Shape, q: Shape, v: Shape) => {
    const fitsDim = (m: number | null, d: number | null) => m === null || d === null || m === 1 || m === d;
    if (mask.length !== 3 || !fitsDim(mask[1]!, q[1]!) || !fitsDim(mask[2]!, v[1]!)) {
      throw new ShapeError(
        label,
        `expected an attention mask [batch, ${q[1] ?? '?'}, ${v[1] ?? '?'}] for query ${formatShape(q)} and value ${formatShape(v)}, got ${formatShape(mask)}`,
      );
    }
  };

  /** [b, t, features] · kernel [features, heads, dim] + bias → [b, heads, t, dim]. */
  const project = (x: tf.Tensor, p: TensorTree, what: string): tf.Tensor => {
    const kernel = param(p, 'kernel', `${label} ${what}`);
    const [inDim, heads, dim] = kernel.shape as [number, number, number];
    if (x.rank !== 3 || x.shape[2] !== inDim) {
      throw new ShapeError(
        label,
        `expected the ${what} of shape [?, ?, ${inDim}], got ${formatShape(x.shape)}`,
      );
    }
    const [b, t] = x.shape as [number, number];
    let y = tf.matMul(tf.reshape(x, [b * t, inDim]), tf.reshape(kernel, [inDim, heads * dim]));
    if (useBias) y = tf.add(y, tf.reshape(param(p, 'bias', `${label} ${what}`), [heads * dim]));
    return tf.transpose(tf.reshape(y, [b, t, heads, dim]), [0, 2, 1, 3]);
  };

  const attend: MultiHeadAttention['attend'] = (params, inputs, ctx) => {
    const { query, value, key = value, attentionMask } = inputs;
    const [b, t] = query.shape as [number, number];
    const s = value.shape[1]!;
    if (attentionMask !== undefined) checkMaskShape(attentionMask.shape, query.shape, value.shape);
    if (key.rank !== 3 || key.shape[1] !== s) {
      throw new ShapeError(
        label,
        `the key ${formatShape(key.shape)} and the value ${formatShape(value.shape)} must have the same length`,
      );
    }
    const training = ctx.training && rate > 0;
    if (training && !ctx.rng) {
      throw new ConfigError(
        label,
        'dropout while training needs a generator: pass { training: true, rng } to apply',
      );
    }
    const out = tf.tidy(() => {
      // Scaling the query rather than the scores, as Keras does: the same numbers up to rounding order.
      const q = tf.mul(project(query, params.query as TensorTree, 'query'), 1 / Math.sqrt(keyDim));
      const k = project(key, params.key as TensorTree, 'key');
      const v = project(value, params.value as TensorTree, 'value');
      let scores = tf.matMul(q, k, false, true); // [b, heads, t, s]
      let allowed: tf.Tensor | undefined;
      if (attentionMask !== undefined) allowed = tf.cast(tf.cast(attentionMask, 'bool'), 'float32');
      if (useCausalMask) {
        const causal = tf.linalg.bandPart(tf.ones([t, s]), -1, 0);
        allowed = allowed ? tf.mul(allowed, causal) : causal;
      }
      if (allowed) {
        // [b|1, t, s] → [b|1, 1, t, s], the same mask for every head.
        const m = allowed.rank === 2 ? allowed : tf.expandDims(allowed, 1);
        scores = tf.add(scores, tf.mul(tf.sub(1, m), MASKED_SCORE));
      }
      const probs = tf.softmax(scores);
      const dropped = training
        ? tf.mul(probs, tf.mul(bernoulli(ctx.rng!, probs.shape, 1 - rate), 1 / (1 - rate)))
        : probs;
      const heads = tf.matMul(dropped, v); // [b, heads, t, valueDim]
      const o = params.attention_output as TensorTree;
      const kernel = param(o, 'kernel', `${label} attention_output`);
      const [h, dv, outDim] = kernel.shape as [number, number, number];
      const merged = tf.reshape(tf.transpose(heads, [0, 2, 1, 3]), [b * t, h * dv]);
      let y = tf.matMul(merged, tf.reshape(kernel, [h * dv, outDim]));
      if (useBias) y = tf.add(y, param(o, 'bias', `${label} attention_output`));
      return { y: tf.reshape(y, [b, t, outDim]), scores: probs };
    });
    return { ...out, state: {} };
  };

  const base = multiInputLayer({
    name,
    kind: 'MultiHeadAttention',
    inputCount: { min: 1, max: 4 },
    initMany,
    applyMany(params, xs, ctx) {
      const [query, value = query, key, attentionMask] = xs as [
        tf.Tensor,
        tf.Tensor?,
        tf.Tensor?,
        tf.Tensor?,
      ];
      const { y, scores, state } = attend(
        params,
        { query, value, ...(key ? { key } : {}), ...(attentionMask ? { attentionMask } : {}) },
        ctx,
      );
      scores.dispose();
      return { y, state };
    },
  });
  return {
    ...base,
    attend,
    // One input: self-attention, the query attending to itself.
    init: (rng, inputShape) => base.initMany(rng, [inputShape]),
    apply: (params, x, ctx) => base.applyMany(params, [x], ctx),
  };
}
