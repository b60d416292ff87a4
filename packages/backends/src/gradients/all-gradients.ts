/**
 * Every gradient config Strata provides, by family (internal: `registerGradients` registers them).
 */
import type * as tf from '@tensorflow/tfjs-core';
import { activationGrads } from './activation-grads.js';
import { arithmeticGrads } from './arithmetic-grads.js';
import { convolutionGrads } from './convolution-grads.js';
import { mathGrads } from './math-grads.js';
import { nonDifferentiableGrads } from './non-differentiable-grads.js';
import { normalizationGrads } from './normalization-grads.js';
import { poolingGrads } from './pooling-grads.js';
import { reductionGrads } from './reduction-grads.js';
import { shapeGrads } from './shape-grads.js';
import { slicingGrads } from './slicing-grads.js';

export const gradientFamilies: Readonly<Record<string, readonly tf.GradConfig[]>> = {
  arithmetic: arithmeticGrads,
  math: mathGrads,
  activation: activationGrads,
  reduction: reductionGrads,
  shape: shapeGrads,
  slicing: slicingGrads,
  convolution: convolutionGrads,
  pooling: poolingGrads,
  normalization: normalizationGrads,
  nonDifferentiable: nonDifferentiableGrads,
};

export const allGradients: readonly tf.GradConfig[] = Object.values(gradientFamilies).flat();
