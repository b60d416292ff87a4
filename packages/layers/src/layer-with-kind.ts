import type { Layer } from '@strata/core';

/**
 * A layer that also says what kind it is (`'Dense'`, `'Conv2D'`), as `summary` prints it beside the
 * name. Every layer in this package has one; layers from elsewhere need not.
 */
export interface LayerWithKind extends Layer {
  readonly kind: string;
}
