import { assertKnownKeys, assertOneOf, formatShape, type Rng, type Shape, ShapeError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import type { LayerWithKind } from '../layer-with-kind.js';
import { markMaxPool } from './fusion.js';
import { checkName, toPair, windowOutputSize } from './options.js';
import { layerLabel } from './params.js';
import { pool2d } from './pool2d.js';

export interface Pool2dOptions {
  /** `p` or `[ph, pw]`; default 2. */
  readonly poolSize?: number | readonly [number, number];
  /** Default: the pool size (non-overlapping windows), as Keras. */
  readonly strides?: number | readonly [number, number];
  /** Default 'valid'. */
  readonly padding?: 'same' | 'valid';
  readonly name?: string;
}

/** The shared body of `maxPool2d` and `avgPool2d`. */
export function poolLayer(
  options: Pool2dOptions,
  op: 'max' | 'avg',
  fn: string,
  defaultName: string,
  kind: string,
): LayerWithKind {
  assertKnownKeys(options ?? {}, ['poolSize', 'strides', 'padding', 'name'], fn);
  const poolSize = toPair(options.poolSize ?? 2, `${fn}({poolSize})`);
  const strides = toPair(options.strides ?? poolSize, `${fn}({strides})`);
  const padding = options.padding ?? 'valid';
  assertOneOf(padding, ['same', 'valid'], `${fn}({padding})`);
  const name = checkName(options.name, defaultName, `${fn}({name})`);
  const label = layerLabel(fn, name);
  const geometry = { poolSize, strides, padding };
  const layer: LayerWithKind = {
    name,
    kind,
    init(_rng: Rng, inputShape: Shape) {
      if (inputShape.length !== 4) {
        throw new ShapeError(
          label,
          `expected an input shape [batch, height, width, channels] (NHWC), got ${formatShape(inputShape)}`,
        );
      }
      const [h, w] = [1, 2].map((axis, i) =>
        windowOutputSize(inputShape[axis]!, poolSize[i]!, strides[i]!, padding),
      ) as [number | null, number | null];
      if ((h !== null && h < 1) || (w !== null && w < 1)) {
        throw new ShapeError(
          label,
          `input ${formatShape(inputShape)} is smaller than the ${poolSize[0]}×${poolSize[1]} pool with 'valid' padding; use padding 'same'`,
        );
      }
      return { params: {}, state: {}, outputShape: [inputShape[0] ?? null, h, w, inputShape[3] ?? null] };
    },
    apply(_params, x, _ctx) {
      if (x.rank !== 4) {
        throw new ShapeError(label, `expected input shape [?, ?, ?, ?] (NHWC), got ${formatShape(x.shape)}`);
      }
      return { y: tf.tidy(() => pool2d(x, op, geometry)), state: {} };
    },
  };
  return op === 'max' ? markMaxPool(layer, geometry) : layer;
}
