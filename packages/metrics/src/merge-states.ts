import { formatShape, ShapeError, sameShape } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import type { MetricState, Reduction, Reductions } from './types.js';

function combine(reduction: Reduction, a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  switch (reduction) {
    case 'sum':
      return tf.add(a, b);
    case 'max':
      return tf.maximum(a, b);
    case 'min':
      return tf.minimum(a, b);
    case 'cat':
      return tf.concat([a, b], 0);
  }
}

/**
 * Combines two states field by field as `reductions` declares: the generic `merge` behind every
 * `StreamingMetric` (torchmetrics' declared `dist_reduce_fx`). Returns a new state (the caller owns
 * it); `a` and `b` are left alone. Fields must match: same shapes for `sum`/`max`/`min` (no silent
 * broadcasting), same trailing shape for `cat`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { mergeStates } from '@strata/metrics';
 *
 * const reductions = { total: 'sum', worst: 'max' } as const;
 * const a = { total: tf.scalar(3), worst: tf.scalar(0.5) };
 * const b = { total: tf.scalar(4), worst: tf.scalar(0.9) };
 * const merged = mergeStates(reductions, a, b);
 * merged; // => { total: 7, worst: 0.9 }
 * ```
 */
export function mergeStates<S extends MetricState>(reductions: Reductions<S>, a: S, b: S): S {
  const fields = Object.keys(reductions);
  for (const [name, state] of [
    ['first', a],
    ['second', b],
  ] as const) {
    const extra = Object.keys(state).find((k) => !(k in reductions));
    const missing = fields.find((k) => !(k in state));
    if (missing !== undefined || extra !== undefined) {
      throw new ShapeError(
        'mergeStates',
        `the ${name} state ${missing !== undefined ? `lacks field '${missing}'` : `has undeclared field '${extra}'`}; declared fields are ${fields.map((f) => `'${f}'`).join(', ')}`,
      );
    }
  }
  for (const field of fields) {
    const x = a[field]!.shape;
    const y = b[field]!.shape;
    const ok = reductions[field] === 'cat' ? sameShape(x.slice(1), y.slice(1)) : sameShape(x, y);
    if (!ok) {
      throw new ShapeError(
        'mergeStates',
        `field '${field}' (${reductions[field]}) has shape ${formatShape(x)} in the first state but ${formatShape(y)} in the second`,
      );
    }
  }
  return tf.tidy(() => {
    const out: Record<string, tf.Tensor> = {};
    for (const field of fields) out[field] = combine(reductions[field]!, a[field]!, b[field]!);
    return out;
  }) as S;
}
