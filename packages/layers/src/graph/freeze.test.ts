import { ConfigError, createRng, flattenTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { dense } from '../dense.js';
import { sequential } from '../sequential.js';
import { freeze } from './freeze.js';

describe('freeze', () => {
  const net = sequential([
    sequential([dense({ units: 3 }), dense({ units: 3 })], { name: 'base' }),
    dense({ units: 1 }),
  ]);
  const { params } = net.init(createRng(0), [null, 2]);

  it('marks everything under a path frozen and the rest trainable', () => {
    expect(freeze(params, ['base/dense', 'dense/bias'])).toEqual({
      base: { dense: { kernel: false, bias: false }, dense_1: { kernel: true, bias: true } },
      dense: { kernel: true, bias: false },
    });
  });
  it('builds on an earlier mask, and a prefix of a name is not a path', () => {
    const first = freeze(params, ['base']);
    expect(freeze(params, ['dense/kernel'], first)).toEqual({
      base: { dense: { kernel: false, bias: false }, dense_1: { kernel: false, bias: false } },
      dense: { kernel: false, bias: true },
    });
    expect(() => freeze(params, ['dens'])).toThrow(ConfigError);
    expect(() => freeze(params, ['dens'])).toThrow(
      "freeze('dens'): names no params; the params' layers are 'base', 'dense'",
    );
  });
  it('frees nothing and makes no tensors', () => {
    const before = tf.memory().numTensors;
    freeze(params, ['base']);
    expect(tf.memory().numTensors).toBe(before);
    expect(Object.keys(flattenTree(params))).toHaveLength(6);
  });
});
