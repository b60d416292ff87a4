import { ConfigError, createRng, flattenTree, randomNormal } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { dense } from '../dense.js';
import { sequential } from '../sequential.js';
import { call } from './call.js';
import { cutAt } from './cut-at.js';
import { input } from './input.js';
import { model } from './model.js';

const ctx = { training: false, state: {} };

describe('cutAt', () => {
  it("a sequential cut at 'dense_1' gives what the first two layers compute, with the full params", () => {
    const net = sequential([
      dense({ units: 5, activation: 'tanh' }),
      dense({ units: 3 }),
      dense({ units: 1 }),
    ]);
    const { params } = net.init(createRng(0), [null, 4]);
    const x = randomNormal(createRng(1), [2, 4]);
    const cut = cutAt(net, 'dense_1');
    const got = cut.apply(params, x, ctx).y;
    // The same two layers applied one by one with their own slices of the params.
    const a = dense({ units: 5, activation: 'tanh' }).apply(params.dense as never, x, ctx).y;
    const want = dense({ units: 3 }).apply(params.dense_1 as never, a, ctx).y;
    expect(Array.from(got.dataSync())).toEqual(Array.from(want.dataSync()));
    expect(cut.init(createRng(0), [null, 4]).outputShape).toEqual([null, 3]);
    tf.dispose([x, got, a, want, ...Object.values(flattenTree(params))]);
  });

  it('a graph cut at several layers reads each output; only the inputs it needs remain', () => {
    const a = input([null, 2]);
    const b = input([null, 3]);
    const ha = call(dense({ units: 4, name: 'left' }), a);
    const hb = call(dense({ units: 4, name: 'right' }), b);
    const out = call(dense({ units: 1 }), hb);
    const net = model({ inputs: [a, b], outputs: [out, ha] });
    const { params } = net.initAll(createRng(0));
    const right = cutAt(net, 'right');
    const xb = tf.ones([1, 3]);
    const y = right.apply(params, xb, ctx).y;
    const full = net.applyAll(params, [tf.zeros([1, 2]), xb], ctx).ys;
    const both = cutAt(net, ['right', 'dense']) as ReturnType<typeof model>;
    const { ys } = both.applyAll(params, [xb], ctx);
    expect(ys.map((t) => t.shape)).toEqual([
      [1, 4],
      [1, 1],
    ]);
    expect(Array.from(ys[1]!.dataSync())).toEqual(Array.from(full[0]!.dataSync()));
    expect(y.shape).toEqual([1, 4]);
    tf.dispose([xb, y, ...full, ...ys, ...Object.values(flattenTree(params))]);
  });

  it('names the layers there are when the name is unknown', () => {
    const net = sequential([dense({ units: 2 }), dense({ units: 1 })]);
    expect(() => cutAt(net, 'conv2d')).toThrow(ConfigError);
    expect(() => cutAt(net, 'conv2d')).toThrow("has no layer 'conv2d'; its layers are 'dense', 'dense_1'");
  });
});
