import { ConfigError, createRng, randomNormal, ShapeError } from '@strata/core';
import { checkGradients } from '@strata/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { spatialDropout } from './spatial-dropout.js';
import { expectNoLeaks, expectShapeInference } from './testing/layer-checks.test-util.js';

describe('spatialDropout', () => {
  it.each([[[4, 6, 8]], [[4, 3, 5, 8]]])(
    'drops whole channels of %j and scales the kept ones by 1 / (1 − rate)',
    (shape) => {
      const x = randomNormal(createRng(1), shape);
      const layer = spatialDropout({ rate: 0.5 });
      const { y } = layer.apply({}, x, { training: true, rng: createRng(2), state: {} });
      const [xd, yd] = [x.dataSync(), y.dataSync()];
      const B = shape[0]!;
      const C = shape[shape.length - 1]!;
      const P = xd.length / (B * C);
      let dropped = 0;
      for (let b = 0; b < B; b++)
        for (let c = 0; c < C; c++) {
          const ratios = Array.from(
            { length: P },
            (_, p) => yd[(b * P + p) * C + c]! / xd[(b * P + p) * C + c]!,
          );
          // Every position of a channel shares its fate: all dropped or all kept and doubled.
          expect(ratios.every((r) => Math.abs(r - ratios[0]!) < 1e-6)).toBe(true);
          expect([0, 2].some((v) => Math.abs(ratios[0]! - v) < 1e-6)).toBe(true);
          if (ratios[0] === 0) dropped++;
        }
      expect(dropped).toBeGreaterThan(0);
      expect(dropped).toBeLessThan(B * C);
      expectShapeInference(layer, [x]).dispose();
      tf.dispose([x, y]);
    },
  );

  it('drops a fraction near rate of many channels, the same mask for the same rng', () => {
    const x = tf.ones([100, 3, 50]);
    const a = spatialDropout({ rate: 0.3 }).apply({}, x, { training: true, rng: createRng(5), state: {} }).y;
    const b = spatialDropout({ rate: 0.3 }).apply({}, x, { training: true, rng: createRng(5), state: {} }).y;
    const zeros = Array.from(a.dataSync()).filter((v) => v === 0).length / a.size;
    // 5,000 channels, each dropped with p = 0.3: the standard deviation of the fraction is ~0.0065.
    expect(Math.abs(zeros - 0.3)).toBeLessThan(0.03);
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    tf.dispose([x, a, b]);
  });

  it('is the identity at inference', () => {
    const x = randomNormal(createRng(1), [2, 3, 4]);
    const { y } = spatialDropout({ rate: 0.5 }).apply({}, x, { training: false, state: {} });
    expect(Array.from(y.dataSync())).toEqual(Array.from(x.dataSync()));
    tf.dispose([x, y]);
  });

  it('gradient (the mask) matches central differences and nothing leaks', () => {
    const x = randomNormal(createRng(3), [2, 3, 4]);
    const layer = spatialDropout({ rate: 0.4 });
    const r = checkGradients(
      (xi) => layer.apply({}, xi, { training: true, rng: createRng(7), state: {} }).y,
      [x],
      {
        step: 0.5,
      },
    );
    expect(r.failures).toEqual([]);
    expect(r.checked).toBe(x.size);
    x.dispose();
    expectNoLeaks(spatialDropout({ rate: 0.5 }), [[2, 3, 3, 2]], true);
  });

  it('says what is wrong', () => {
    expect(() => spatialDropout({ rate: 1 })).toThrow(/must be below 1/);
    expect(() => spatialDropout({ rate: 0.5, name: 's' }).init(createRng(0), [null, 4])).toThrow(ShapeError);
    expect(() =>
      spatialDropout({ rate: 0.5 }).apply({}, tf.zeros([1, 2, 2]), { training: true, state: {} }),
    ).toThrow(ConfigError);
  });
});
