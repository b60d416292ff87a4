import { assertInteger, assertKnownKeys, type Layer } from '@strata/core';
import { dense, flatten, sequential } from '@strata/layers';
import { checkObject, checkWidths } from './internal/options.js';

/** Options of `regressionHead` (registered as `transfer/regression-head`). */
export interface RegressionHeadOptions {
  /** The number of regression targets. Default 1. */
  readonly outputs?: number;
  /** Hidden ReLU widths before the linear outputs. Default []. */
  readonly hidden?: readonly number[];
}

/**
 * A regression head for backbone features: flatten, ReLU dense layers of widths `hidden`, then
 * `outputs` linear units (train it with a mean squared error). Named 'head'.
 *
 * @example
 * ```ts
 * import { createRng } from '@strata/core';
 * import { regressionHead } from '@strata/plugin-transfer';
 *
 * regressionHead({ outputs: 2 }).init(createRng(0), [null, 6]).outputShape; // => [null, 2]
 * ```
 */
export function regressionHead(options: RegressionHeadOptions = {}): Layer {
  const label = 'transfer/regression-head';
  const o = checkObject(options, label);
  assertKnownKeys(o, ['outputs', 'hidden'], label);
  const outputs = o.outputs ?? 1;
  assertInteger(outputs, `${label}({outputs})`);
  const hidden = o.hidden === undefined ? [] : checkWidths(o.hidden, `${label}({hidden})`);
  return sequential(
    [flatten(), ...hidden.map((units) => dense({ units, activation: 'relu' })), dense({ units: outputs })],
    { name: 'head' },
  );
}
