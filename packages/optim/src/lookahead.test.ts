import { disposeTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { lookahead } from './lookahead.js';
import { makeGrads, makeParams, maxRelError, run, values } from './optim.test-util.js';
import { sgd } from './sgd.js';

describe('lookahead', () => {
  it('equals the paper’s Algorithm 1 (inner SGD, k = 3, α = 0.5) written out by hand over 20 steps', () => {
    const params0 = makeParams(1);
    const grads = makeGrads(2, 20);
    const before = tf.memory().numTensors;
    const { params, state } = run(
      lookahead(sgd({ learningRate: 0.05 }), { syncPeriod: 3, slowStepSize: 0.5 }),
      params0,
      grads,
    );
    // Zhang et al. 2019: fast weights take k inner steps, then slow ← slow + α(fast − slow), fast ← slow.
    const fast = values(params0);
    const slow = values(params0);
    grads.forEach((g, t) => {
      const gv = values(g);
      for (const [k, v] of Object.entries(fast)) {
        for (let i = 0; i < v.length; i++) {
          v[i] = v[i]! - 0.05 * gv[k]![i]!;
          if ((t + 1) % 3 === 0) {
            slow[k]![i] = slow[k]![i]! + 0.5 * (v[i]! - slow[k]![i]!);
            v[i] = slow[k]![i]!;
          }
        }
      }
    });
    expect(maxRelError(values(params), fast)).toBeLessThan(1e-5);
    expect(maxRelError(values(state.slow), slow)).toBeLessThan(1e-5);
    expect(maxRelError(values(params), values(params0))).toBeGreaterThan(1e-3);
    disposeTree([params, state]);
    expect(tf.memory().numTensors).toBe(before);
    [params0, ...grads].forEach(disposeTree);
  });

  it('needs the params and checks its options', () => {
    const opt = lookahead(sgd({ learningRate: 1 }));
    const p = { w: tf.zeros([1]) };
    const s = opt.init(p);
    expect(() => opt.update(p, s)).toThrow(/lookahead: update needs the params/);
    expect(() => lookahead(sgd({ learningRate: 1 }), { slowStepSize: 2 })).toThrow(
      /lookahead\(\{slowStepSize\}\)/,
    );
    disposeTree([p, s]);
  });
});
