import { ConfigError, createRng, randomInt } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { balancedAccuracyOf } from './balanced-accuracy.js';
import { cohenKappa, cohenKappaOf } from './cohen-kappa.js';
import { matthewsCorrelation, matthewsCorrelationOf } from './matthews-correlation.js';

// Balanced accuracy, Matthews correlation and Cohen's kappa from the shared confusion-matrix state,
// against scikit-learn's documented examples, hand computations and independent formulas.

function on<R>(yTrue: number[], yPred: number[], f: (t: tf.Tensor, p: tf.Tensor) => R): R {
  const t = tf.tensor1d(yTrue, 'int32');
  const p = tf.tensor1d(yPred, 'int32');
  try {
    return f(t, p);
  } finally {
    tf.dispose([t, p]);
  }
}

const binary = { task: 'binary' } as const;
const three = { task: 'multiclass', numClasses: 3 } as const;

describe('balancedAccuracy', () => {
  it("scikit-learn's example: recalls 3/4 and 1/2 → 0.625", () => {
    on([0, 1, 0, 0, 1, 0], [0, 1, 0, 0, 0, 1], (t, p) => {
      expect(balancedAccuracyOf(t, p, binary)).toBeCloseTo(0.625, 6);
      expect(balancedAccuracyOf(t, p, { task: 'multiclass', numClasses: 2 })).toBeCloseTo(0.625, 6);
    });
  });

  it('leaves out a class that is predicted but has no true samples, as scikit-learn', () => {
    // Recalls: class 0 1/2, class 1 2/2; class 2 has no true samples.
    on([0, 0, 1, 1], [0, 2, 1, 1], (t, p) => expect(balancedAccuracyOf(t, p, three)).toBeCloseTo(0.75, 6));
  });

  it('is NaN with no samples', () => {
    on([], [], (t, p) => expect(balancedAccuracyOf(t, p, three)).toBeNaN());
  });
});

describe('matthewsCorrelation', () => {
  it("scikit-learn's example: −1/3", () => {
    on([1, 1, 1, 0], [1, 0, 1, 1], (t, p) =>
      expect(matthewsCorrelationOf(t, p, binary)).toBeCloseTo(-1 / 3, 6),
    );
  });

  it('multiclass by the confusion-matrix formula (hand computation)', () => {
    // C = [[2,0,0],[0,1,0],[1,0,1]]: t = [2,1,2], p = [3,1,1], c = 4, s = 5.
    // (4·5 − 9) / √((25 − 11)(25 − 9)) = 11 / √224.
    on([0, 2, 0, 1, 2], [0, 2, 0, 1, 0], (t, p) =>
      expect(matthewsCorrelationOf(t, p, three)).toBeCloseTo(11 / Math.sqrt(224), 6),
    );
  });

  it('binary equals the φ coefficient on random imbalanced data', () => {
    const rng = createRng(3);
    const yTrue = Array.from({ length: 200 }, () => (randomInt(rng, 10) < 2 ? 1 : 0));
    const yPred = yTrue.map((y) => (randomInt(rng, 10) < 7 ? y : 1 - y));
    let tp = 0;
    let tn = 0;
    let fp = 0;
    let fn = 0;
    yTrue.forEach((y, i) => {
      if (y === 1 && yPred[i] === 1) tp++;
      else if (y === 0 && yPred[i] === 0) tn++;
      else if (y === 0) fp++;
      else fn++;
    });
    const phi = (tp * tn - fp * fn) / Math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn));
    on(yTrue, yPred, (t, p) => expect(matthewsCorrelationOf(t, p, binary)).toBeCloseTo(phi, 6));
  });

  it('is 1 for perfect, −1 for inverted, and 0 when one class is predicted (scikit-learn)', () => {
    on([0, 1, 1, 0], [0, 1, 1, 0], (t, p) => expect(matthewsCorrelationOf(t, p, binary)).toBe(1));
    on([0, 1, 1, 0], [1, 0, 0, 1], (t, p) => expect(matthewsCorrelationOf(t, p, binary)).toBe(-1));
    on([0, 1, 1, 0], [1, 1, 1, 1], (t, p) => expect(matthewsCorrelationOf(t, p, binary)).toBe(0));
    on([1, 1, 1], [1, 0, 1], (t, p) => expect(matthewsCorrelationOf(t, p, binary)).toBe(0));
  });

  it('rejects multilabel', () => {
    expect(() =>
      matthewsCorrelation({ task: 'multilabel', numClasses: 2 } as unknown as { task: 'binary' }),
    ).toThrow(ConfigError);
  });
});

describe('cohenKappa', () => {
  // scikit-learn's example (negative 0, neutral 1, positive 2): C = [[2,0,0],[0,1,0],[1,0,1]],
  // rows [2,1,2], columns [3,1,1].
  const y1 = [0, 2, 0, 1, 2];
  const y2 = [0, 2, 0, 1, 0];

  it("scikit-learn's example: 0.6875", () => {
    on(y1, y2, (t, p) => expect(cohenKappaOf(t, p, three)).toBeCloseTo(0.6875, 6));
  });

  it('linear and quadratic weights (hand computation)', () => {
    // Σ w·O: linear 2, quadratic 4. Σ w·E = Σ wᵢⱼ rᵢ cⱼ / 5: linear 24/5, quadratic 40/5.
    on(y1, y2, (t, p) => {
      expect(cohenKappaOf(t, p, { ...three, weights: 'linear' })).toBeCloseTo(1 - 2 / 4.8, 6);
      expect(cohenKappaOf(t, p, { ...three, weights: 'quadratic' })).toBeCloseTo(0.5, 6);
    });
  });

  it('unweighted equals (pₒ − pₑ) / (1 − pₑ) on random data', () => {
    const rng = createRng(8);
    const a = Array.from({ length: 120 }, () => randomInt(rng, 4));
    const b = a.map((x) => (randomInt(rng, 3) === 0 ? randomInt(rng, 4) : x));
    const po = a.filter((x, i) => x === b[i]).length / a.length;
    let pe = 0;
    for (let k = 0; k < 4; k++) {
      pe += (a.filter((x) => x === k).length / a.length) * (b.filter((x) => x === k).length / a.length);
    }
    on(a, b, (t, p) =>
      expect(cohenKappaOf(t, p, { task: 'multiclass', numClasses: 4 })).toBeCloseTo((po - pe) / (1 - pe), 6),
    );
  });

  it('is NaN when both raters use one same class (scikit-learn replace_undefined_by=nan)', () => {
    on([1, 1, 1], [1, 1, 1], (t, p) => expect(cohenKappaOf(t, p, three)).toBeNaN());
  });

  it('rejects unknown weights', () => {
    // @ts-expect-error not a weighting
    expect(() => cohenKappa({ ...three, weights: 'cubic' })).toThrow(ConfigError);
  });
});
