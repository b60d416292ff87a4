import { disposeTree, type GradientTransformation } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { adam } from './adam.js';
import { addNoise } from './add-noise.js';
import { addWeightDecay } from './add-weight-decay.js';
import { applyIfFinite } from './apply-if-finite.js';
import { clipByGlobalNorm } from './clip-by-global-norm.js';
import { clipByNorm } from './clip-by-norm.js';
import { clipByValue } from './clip-by-value.js';
import { lookahead } from './lookahead.js';
import { masked } from './masked.js';
import { multiSteps } from './multi-steps.js';
import { makeGrads, makeParams, runFrom } from './optim.test-util.js';
import { partition } from './partition.js';
import { scaleByAdagrad } from './scale-by-adagrad.js';
import { scaleByAdam } from './scale-by-adam.js';
import { scaleByAdamax } from './scale-by-adamax.js';
import { scaleByLion } from './scale-by-lion.js';
import { scaleByNadam } from './scale-by-nadam.js';
import { scaleByRms } from './scale-by-rms.js';
import { setToZero } from './set-to-zero.js';

const transforms: [string, () => GradientTransformation<unknown>][] = [
  ['scaleByAdam({amsgrad})', () => scaleByAdam({ amsgrad: true })],
  ['scaleByNadam', () => scaleByNadam()],
  ['scaleByAdamax', () => scaleByAdamax()],
  ['scaleByRms({centered})', () => scaleByRms({ centered: true })],
  ['scaleByAdagrad', () => scaleByAdagrad()],
  ['scaleByLion', () => scaleByLion()],
  ['clipByValue', () => clipByValue(0.5)],
  ['clipByNorm', () => clipByNorm(0.5)],
  ['clipByGlobalNorm', () => clipByGlobalNorm(0.5)],
  ['addNoise', () => addNoise({ seed: 3 })],
  ['addWeightDecay', () => addWeightDecay(0.1)],
  ['setToZero', () => setToZero()],
  ['masked', () => masked(adam(), (key) => key !== 'out')],
  ['partition', () => partition({ a: adam(), b: setToZero() }, { dense: 'a', out: 'b' })],
  ['applyIfFinite', () => applyIfFinite(adam())],
  ['multiSteps', () => multiSteps(adam(), { everyK: 3 })],
  ['lookahead', () => lookahead(adam(), { syncPeriod: 2 })],
];

describe('tensor ownership', () => {
  it.each(transforms)('%s: tf.memory().numTensors is flat over steps', (_name, make) => {
    const opt = make();
    const params0 = makeParams(1);
    const grads = makeGrads(2, 12);
    const state0 = opt.init(params0);
    const warm = runFrom(opt, params0, state0, grads.slice(0, 2));
    disposeTree(state0);
    const before = tf.memory().numTensors;
    const later = runFrom(opt, warm.params, warm.state, grads.slice(2, 6));
    disposeTree([warm.params, warm.state]);
    const after = tf.memory().numTensors;
    const last = runFrom(opt, later.params, later.state, grads.slice(6));
    disposeTree([later.params, later.state]);
    // Two runs of different lengths hold the same number of tensors: no step leaves any behind.
    expect(after).toBe(before);
    expect(tf.memory().numTensors).toBe(before);
    disposeTree([last.params, last.state, params0, ...grads]);
  });
});
