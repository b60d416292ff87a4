import { assertInteger, assertKnownKeys, type Layer } from '@strata/core';
import { dense, flatten, sequential } from '@strata/layers';
import { checkObject, checkWidths } from './internal/options.js';

/** Options of `classifierHead` (registered as `transfer/classifier-head`). */
export interface ClassifierHeadOptions {
  /** The number of classes: the head gives one logit each. */
  readonly classes: number;
  /** Hidden ReLU widths before the logits. Default [] (a linear probe). */
  readonly hidden?: readonly number[];
}

/**
 * A classification head for backbone features: flatten, ReLU dense layers of widths `hidden`, then
 * `classes` logits (train it with a sparse categorical cross-entropy from logits). Named 'head', so
 * its params sit under `head/` beside the backbone's in `attachHead`'s model.
 *
 * @example
 * ```ts
 * import { createRng } from '@strata/core';
 * import { classifierHead } from '@strata/plugin-transfer';
 *
 * classifierHead({ classes: 5, hidden: [16] }).init(createRng(0), [null, 4, 4, 8]).outputShape; // => [null, 5]
 * ```
 */
export function classifierHead(options: ClassifierHeadOptions): Layer {
  const label = 'transfer/classifier-head';
  const o = checkObject(options, label);
  assertKnownKeys(o, ['classes', 'hidden'], label);
  assertInteger(o.classes, `${label}({classes})`, 2);
  const hidden = o.hidden === undefined ? [] : checkWidths(o.hidden, `${label}({hidden})`);
  return sequential(
    [flatten(), ...hidden.map((units) => dense({ units, activation: 'relu' })), dense({ units: o.classes })],
    { name: 'head' },
  );
}
