import { ADAM_MOMENTS_KERNEL, type AdamMomentsAttrs } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { randomHost } from '../kernel-parity.js';
import { describeOnWasm, expectNoLeaks } from './wasm-suite.test-util.js';

function attrsAt(step: number, b1 = 0.9, b2 = 0.999, eps = 1e-7): AdamMomentsAttrs {
  return { b1, b2, eps, c1: 1 - b1 ** step, c2: 1 - b2 ** step };
}

/** Adam's update of Kingma & Ba (2015), Algorithm 1, in double precision. */
function reference(
  g: ArrayLike<number>,
  m: ArrayLike<number>,
  v: ArrayLike<number>,
  a: AdamMomentsAttrs,
): number[][] {
  const mo = Array.from(g, (gi, i) => m[i]! * a.b1 + gi * (1 - a.b1));
  const vo = Array.from(g, (gi, i) => v[i]! * a.b2 + gi * gi * (1 - a.b2));
  return [mo, vo, mo.map((mi, i) => mi / a.c1 / (Math.sqrt(vo[i]! / a.c2) + a.eps))];
}

function run(g: tf.Tensor, m: tf.Tensor, v: tf.Tensor, attrs: AdamMomentsAttrs): tf.Tensor[] {
  return tf.engine().runKernel(ADAM_MOMENTS_KERNEL, { g, m, v }, attrs) as tf.Tensor[];
}

describeOnWasm(`${ADAM_MOMENTS_KERNEL} on wasm`, () => {
  it('matches the double-precision formula and the composite float32 ops over sizes and steps', () => {
    let seed = 7;
    // Sizes below, at and past a SIMD width, and one with a scalar tail.
    for (const shape of [[1], [3], [4], [2, 3], [17, 59]]) {
      for (const [step, a] of [
        [1, attrsAt(1)],
        [50, attrsAt(50)],
        [3, attrsAt(3, 0.5, 0.75, 0.01)],
      ] as const) {
        const host = [randomHost(seed++, shape), randomHost(seed++, shape), randomHost(seed++, shape)];
        // v is a running mean of squares: never negative.
        host[2]!.values = host[2]!.values.map(Math.abs);
        const [g, m, v] = host.map((h) => tf.tensor(h.values, h.shape));
        const fused = run(g!, m!, v!, a);
        const expected = reference(host[0]!.values, host[1]!.values, host[2]!.values, a);
        const mu = tf.add(tf.mul(m!, a.b1), tf.mul(g!, 1 - a.b1));
        const nu = tf.add(tf.mul(v!, a.b2), tf.mul(tf.square(g!), 1 - a.b2));
        const u = tf.div(tf.div(mu, a.c1), tf.add(tf.sqrt(tf.div(nu, a.c2)), a.eps));
        const composite = [mu, nu, u];
        fused.forEach((t, k) => {
          expect(t.shape, `${shape} step ${step}`).toEqual(shape);
          const got = t.dataSync();
          const ops = composite[k]!.dataSync();
          got.forEach((x, i) => {
            const want = expected[k]![i]!;
            expect(Math.abs(x - want), `output ${k} [${i}] ${shape} step ${step}`).toBeLessThanOrEqual(
              2e-6 * Math.max(1, Math.abs(want)),
            );
            expect(Math.abs(x - ops[i]!)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(ops[i]!)));
          });
        });
        tf.dispose([g!, m!, v!, ...fused, ...composite]);
      }
    }
  });

  it('handles empty tensors, refuses mismatched or non-float32 inputs, and leaks nothing', () => {
    const empty = tf.zeros([0, 3]);
    const out = run(empty, empty, empty, attrsAt(1));
    expect(out.map((t) => t.shape)).toEqual([
      [0, 3],
      [0, 3],
      [0, 3],
    ]);
    tf.dispose(out);
    const g = tf.ones([4]);
    const wrong = tf.ones([5]);
    const ints = tf.ones([4], 'int32');
    expect(() => run(g, wrong, g, attrsAt(1))).toThrow(
      /StrataAdamMoments \(wasm\): m has shape \[5\] but g has \[4\]/,
    );
    expect(() => run(g, g, ints, attrsAt(1))).toThrow(/must be float32/);
    expectNoLeaks(() => run(g, g, g, attrsAt(2)));
    tf.dispose([empty, g, wrong, ints]);
  });
});
