import { ConfigError, disposeTree, type GradientTransformation, type Schedule } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { adagrad } from './adagrad.js';
import { adam } from './adam.js';
import { adamax } from './adamax.js';
import { adamw } from './adamw.js';
import { addWeightDecay } from './add-weight-decay.js';
import { amsgrad } from './amsgrad.js';
import { lion } from './lion.js';
import { momentum } from './momentum.js';
import { nadam } from './nadam.js';
import { nesterov } from './nesterov.js';
import { rmsprop } from './rmsprop.js';
import { scaleByRms } from './scale-by-rms.js';

describe('labelled option errors', () => {
  it.each([
    [
      'adamw',
      () => adamw({ weightDecay: -1 }),
      /addWeightDecay\(weightDecay\): got -1; a rate must be a finite number ≥ 0/,
    ],
    ['adamw', () => adamw({ lr: 1 } as never), /adamw: unknown option 'lr'/],
    ['amsgrad', () => amsgrad({ amsgrad: false } as never), /amsgrad: unknown option 'amsgrad'/],
    ['nadam', () => nadam({ b1: 1 }), /scaleByAdam\(\{b1\}\): must be < 1/],
    ['adamax', () => adamax({ learningRate: Number.NaN }), /adamax\(\{learningRate\}\)/],
    ['rmsprop', () => rmsprop({ momentum: -0.1 }), /rmsprop\(\{momentum\}\): must be a number ≥ 0/],
    ['scaleByRms', () => scaleByRms({ decay: 1 }), /scaleByRms\(\{decay\}\): must be < 1/],
    [
      'adagrad',
      () => adagrad({ initialAccumulatorValue: -1 }),
      /scaleByAdagrad\(\{initialAccumulatorValue\}\)/,
    ],
    ['lion', () => lion({ b2: 2 }), /scaleByLion\(\{b2\}\)/],
    ['momentum', () => momentum({ learningRate: 0.1, momentum: -1 }), /sgd\(\{momentum\}\)/],
    ['nesterov', () => nesterov({ learningRate: -0.1 }), /sgd\(\{learningRate\}\)/],
    ['adam', () => adam({ amsgrad: true, nesterov: true, eps: -1 }), /scaleByAdam\(\{eps\}\)/],
    [
      'addWeightDecay',
      () => addWeightDecay(0.1, 'bias' as never),
      /addWeightDecay\(mask\): must be a function/,
    ],
  ])('%s', (_name, make, message) => {
    expect(make).toThrow(ConfigError);
    expect(make).toThrow(message);
  });

  it('rate-like options take schedules, read at each step', () => {
    // A schedule that is 0 at step 0 and 0.1 after: the first update is zero, the second is not.
    const schedule = (step: number) => (step === 0 ? 0 : 0.1);
    const makers: ((o: { learningRate: Schedule }) => GradientTransformation<unknown>)[] = [
      adamw,
      nadam,
      amsgrad,
      adamax,
      rmsprop,
      adagrad,
      lion,
    ];
    for (const make of makers) {
      const opt = make({ learningRate: schedule });
      const params = { w: tf.tensor1d([1, -2]) };
      const grads = { w: tf.tensor1d([0.5, 0.5]) };
      const first = opt.update(grads, opt.init(params), params);
      expect(Array.from((first.updates.w as tf.Tensor).dataSync(), Math.abs)).toEqual([0, 0]);
      const second = opt.update(grads, first.state, params);
      expect(Math.abs((second.updates.w as tf.Tensor).dataSync()[0]!)).toBeGreaterThan(1e-3);
      disposeTree([params, grads, first, second]);
    }
  });
});
