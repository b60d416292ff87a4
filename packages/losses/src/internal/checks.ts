import {
  assertKnownKeys,
  assertNumber,
  assertOneOf,
  ConfigError,
  formatShape,
  ShapeError,
  sameShape,
} from '@strata/core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { REDUCTIONS, type Reduction } from '../reduction.js';
import { checkClassWeights } from './weights.js';

/** Options every loss shares, checked with labels that name the loss. */
export function commonOptions(
  fn: string,
  options: object,
  known: readonly string[],
): {
  reduction: Reduction;
  fromLogits: boolean;
  labelSmoothing: number;
  classWeights: readonly number[] | undefined;
} {
  // Every loss takes classWeights (see weights.ts), so it is known without each loss listing it.
  assertKnownKeys(options ?? {}, [...known, 'classWeights'], fn);
  const o = options as {
    reduction?: unknown;
    fromLogits?: unknown;
    labelSmoothing?: unknown;
    classWeights?: unknown;
  };
  const reduction = o.reduction ?? 'mean';
  assertOneOf(reduction, REDUCTIONS, `${fn}({reduction})`);
  const fromLogits = o.fromLogits ?? false;
  if (typeof fromLogits !== 'boolean') {
    throw new ConfigError(`${fn}({fromLogits})`, `must be a boolean, got ${typeof fromLogits}`);
  }
  const labelSmoothing = o.labelSmoothing ?? 0;
  assertNumber(labelSmoothing, `${fn}({labelSmoothing})`, { min: 0, max: 1 });
  const classWeights = checkClassWeights(fn, o.classWeights);
  return { reduction, fromLogits, labelSmoothing, classWeights };
}

/** Targets and predictions of one shape (element-wise and categorical losses). */
export function checkSameShape(fn: string, yTrue: Tensor, yPred: Tensor): void {
  const a = yTrue.shape;
  const b = yPred.shape;
  if (!sameShape(a, b)) {
    throw new ShapeError(fn, `yTrue ${formatShape(a)} and yPred ${formatShape(b)} must have the same shape`);
  }
}

/** Predictions must be floats. */
export function checkFloat(fn: string, yPred: Tensor): void {
  if (yPred.dtype !== 'float32') {
    throw new ShapeError(fn, `yPred must be float32, got ${yPred.dtype}`);
  }
}
