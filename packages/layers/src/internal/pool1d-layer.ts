import {
  assertInteger,
  assertKnownKeys,
  assertOneOf,
  formatShape,
  type Rng,
  type Shape,
  ShapeError,
} from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import type { LayerWithKind } from '../layer-with-kind.js';
import { reshapeWithGrad } from './identity.js';
import { checkName, windowOutputSize } from './options.js';
import { layerLabel } from './params.js';
import { pool2d } from './pool2d.js';

export interface Pool1dOptions {
  /** Window length; default 2. */
  readonly poolSize?: number;
  /** Default: the pool size (non-overlapping windows), as Keras. */
  readonly strides?: number;
  /** Default 'valid'. 'same' averages only the steps inside the input, as TensorFlow. */
  readonly padding?: 'same' | 'valid';
  readonly name?: string;
}

/** The shared body of `maxPool1d` and `avgPool1d`: 2-D pooling of a height-1 image. */
export function pool1dLayer(
  options: Pool1dOptions,
  op: 'max' | 'avg',
  fn: string,
  defaultName: string,
  kind: string,
): LayerWithKind {
  assertKnownKeys(options ?? {}, ['poolSize', 'strides', 'padding', 'name'], fn);
  const poolSize = options.poolSize ?? 2;
  assertInteger(poolSize, `${fn}({poolSize})`);
  const strides = options.strides ?? poolSize;
  assertInteger(strides, `${fn}({strides})`);
  const padding = options.padding ?? 'valid';
  assertOneOf(padding, ['same', 'valid'], `${fn}({padding})`);
  const name = checkName(options.name, defaultName, `${fn}({name})`);
  const label = layerLabel(fn, name);
  const geometry = {
    poolSize: [1, poolSize] as [number, number],
    strides: [1, strides] as [number, number],
    padding,
  };
  return {
    name,
    kind,
    init(_rng: Rng, inputShape: Shape) {
      if (inputShape.length !== 3) {
        throw new ShapeError(
          label,
          `expected an input shape [batch, steps, channels], got ${formatShape(inputShape)}`,
        );
      }
      const steps = windowOutputSize(inputShape[1] ?? null, poolSize, strides, padding);
      if (steps !== null && steps < 1) {
        throw new ShapeError(
          label,
          `input ${formatShape(inputShape)} is shorter than the pool of ${poolSize} steps with 'valid' padding; use padding 'same'`,
        );
      }
      return { params: {}, state: {}, outputShape: [inputShape[0] ?? null, steps, inputShape[2] ?? null] };
    },
    apply(_params, x, _ctx) {
      if (x.rank !== 3) {
        throw new ShapeError(
          label,
          `expected input shape [?, ?, ?] (batch, steps, channels), got ${formatShape(x.shape)}`,
        );
      }
      const [b, steps, c] = x.shape as [number, number, number];
      const y = tf.tidy(() => {
        const out = pool2d(reshapeWithGrad(x, [b, 1, steps, c]), op, geometry);
        return reshapeWithGrad(out, [b, out.shape[2]!, c]);
      });
      return { y, state: {} };
    },
  };
}
