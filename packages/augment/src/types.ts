import type { Rng } from '@strata/core';
import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';

/**
 * A batch as augmentations see it: images `x` as float32 NHWC [N, H, W, C] (row 0 is the top), and
 * optional labels `y` [N, K] (one-hot or soft) that mixup and cutmix mix along with the images.
 */
export interface AugmentBatch {
  readonly x: Tensor4D;
  readonly y?: Tensor;
}

/**
 * An augmentation: a pure function of a batch and an explicit random generator. It draws every random
 * parameter (one per sample) from `rng` on the host, so the same seed gives the same batch on every
 * backend, and runs the transform on the device over the whole batch. It returns new tensors the
 * caller owns (never its input's), and leaves its input alone.
 */
export type Augmentation = (batch: AugmentBatch, rng: Rng) => AugmentBatch;

/** A range given as one number f (meaning [-f, f]) or as [lower, upper]. */
export type Range = number | readonly [number, number];

/** The values a pixel may take, e.g. [0, 1] or [0, 255]; brightness and contrast clip to it. */
export type ValueRange = readonly [number, number];

/**
 * How pixels that come from outside the image are filled: `'constant'` with the fill value (0 by
 * default), `'nearest'` with the closest edge pixel.
 */
export type FillMode = 'constant' | 'nearest';

/** How a geometric transform samples the input. */
export type Interpolation = 'bilinear' | 'nearest';
