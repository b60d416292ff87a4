import { countTree, type TensorTree } from '@strata/core';

/**
 * The number of scalars in a parameter tree (e.g. 93,322 for the seed CNN on 28×28×1).
 *
 * @example
 * ```ts
 * import { createRng } from '@strata/core';
 * import { countParams, dense, sequential } from '@strata/layers';
 *
 * const model = sequential([dense({ units: 4 }), dense({ units: 2 })]);
 * const { params } = model.init(createRng(0), [null, 3]);
 * // 3·4 + 4, then 4·2 + 2:
 * countParams(params); // => 26
 * ```
 */
export function countParams(params: TensorTree): number {
  return countTree(params);
}
