import { createRng } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { batchOf, distinct, expectNoLeak, run } from './augment-checks.test-util.js';
import { compose } from './compose.js';
import { randomFlip } from './random-flip.js';
import { randomTranslation } from './random-translation.js';
import { rot90 } from './rot90.js';

describe('compose', () => {
  const x = batchOf(Array.from({ length: 6 }, (_, i) => distinct(3, 3, 1, 10 * i)));

  it('runs the steps in order, each with its own child of the rng', () => {
    const steps = [randomTranslation({ width: 0.4, interpolation: 'nearest' }), randomFlip(), rot90()];
    const [a, b, c] = createRng(3).split(3);
    const first = steps[0]!({ x }, a!);
    const second = steps[1]!(first, b!);
    const third = steps[2]!(second, c!);
    expect(run(compose(steps), { x }, 3).x).toEqual(third.x.arraySync());
    tf.dispose([first.x, second.x, third.x]);
  });

  it('frees intermediate batches, and an empty composition copies the batch', () => {
    expectNoLeak(compose([randomFlip(), rot90(), randomFlip()]), { x });
    const out = compose([])({ x }, createRng(0));
    expect(out.x).not.toBe(x);
    expect(out.x.arraySync()).toEqual(x.arraySync());
    out.x.dispose();
  });
});
