import { ConfigError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { simpleRNN } from './simple-rnn.js';
import { recurrentSuite } from './testing/recurrent-suite.test-util.js';
import { expectClose } from './testing/reference.test-util.js';

describe('simpleRNN', () => {
  describe('tanh', () => {
    recurrentSuite({ kind: 'simple', make: simpleRNN, gates: 1, states: 1, biasShape: (u) => [u] });
  });
  describe('relu', () => {
    recurrentSuite({
      kind: 'simple',
      make: (o) => simpleRNN({ ...o, activation: 'relu' }),
      gates: 1,
      states: 1,
      biasShape: (u) => [u],
      relu: true,
    });
  });

  it('two steps by hand', () => {
    const kernel = tf.tensor2d([[2]]);
    const recurrentKernel = tf.tensor2d([[0.5]]);
    const bias = tf.tensor1d([0.1]);
    const x = tf.tensor3d([[[0.3], [-0.2]]]);
    const { y } = simpleRNN({ units: 1 }).apply({ kernel, recurrentKernel, bias }, x, {
      training: false,
      state: {},
    });
    const h1 = Math.tanh(0.6 + 0.1);
    expectClose(y.dataSync(), [Math.tanh(-0.4 + 0.5 * h1 + 0.1)], 1e-6);
    tf.dispose([kernel, recurrentKernel, bias, x, y]);
  });

  it('says what is wrong with bad options', () => {
    expect(() => simpleRNN({ units: 2, activation: 'sigmoid' as never })).toThrow(ConfigError);
    expect(() => simpleRNN({ units: -1 })).toThrow(/simpleRNN\(\{units\}\)/);
  });
});
