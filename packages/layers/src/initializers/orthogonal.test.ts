import { createRng } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { orthogonal } from './orthogonal.js';

/** max |A·Aᵀ - gain²·I| for the rows of the [rows, cols] matrix `a` (rows ≤ cols). */
function rowGramError(a: Float32Array, rows: number, cols: number, gain = 1): number {
  let worst = 0;
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < rows; j++) {
      let dot = 0;
      for (let k = 0; k < cols; k++) dot += a[i * cols + k]! * a[j * cols + k]!;
      worst = Math.max(worst, Math.abs(dot - (i === j ? gain * gain : 0)));
    }
  return worst;
}

function transpose(a: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(a.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = a[i * cols + j]!;
  return out;
}

describe('orthogonal', () => {
  it('wide matrices have orthonormal rows', () => {
    const t = orthogonal()(createRng(1), [16, 48]);
    expect(rowGramError(t.dataSync() as Float32Array, 16, 48)).toBeLessThan(1e-5);
    t.dispose();
  });

  it('tall matrices have orthonormal columns, scaled by gain', () => {
    const t = orthogonal({ gain: 2 })(createRng(2), [40, 12]);
    expect(rowGramError(transpose(t.dataSync() as Float32Array, 40, 12), 12, 40, 2)).toBeLessThan(1e-5);
    t.dispose();
  });

  it('a kernel shape is a matrix of prod(rest) rows', () => {
    const t = orthogonal()(createRng(3), [3, 3, 2, 24]); // 18 × 24
    expect(t.shape).toEqual([3, 3, 2, 24]);
    expect(rowGramError(t.dataSync() as Float32Array, 18, 24)).toBeLessThan(1e-5);
    t.dispose();
  });

  it('is reproducible from the seed and refuses rank < 2', () => {
    const a = orthogonal()(createRng(9), [4, 4]);
    const b = orthogonal()(createRng(9), [4, 4]);
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    expect(() => orthogonal()(createRng(0), [5])).toThrow(/needs a shape of rank ≥ 2, got \[5\]/);
    tf.dispose([a, b]);
  });
});
