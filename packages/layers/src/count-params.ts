import { countTree, type TensorTree } from '@strata/core';

/**
 * The number of scalars in a parameter tree (e.g. 93,322 for the seed CNN on 28×28×1).
 *
 * @example
 * const { params } = model.init(createRng(0), [null, 28, 28, 1]);
 * countParams(params); // 93322
 */
export function countParams(params: TensorTree): number {
  return countTree(params);
}
