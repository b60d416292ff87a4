import { describe, expect, it } from 'vitest';
import { confidenceCheck } from './classifier-check.js';

describe('confidenceCheck (issue 15: generated images labelled by a classifier)', () => {
  // Four images over three classes, by hand: rows 0, 1 and 3 are confident (0.95, 0.9, 0.97), row 2 is
  // not (0.6); the confident ones are classes 0, 1, 0 → shares 2/3, 1/3, 0.
  const p = [
    [0.95, 0.03, 0.02],
    [0.05, 0.9, 0.05],
    [0.2, 0.6, 0.2],
    [0.97, 0.02, 0.01],
  ];
  it('counts images at or above the confidence and each class among them', () => {
    const r = confidenceCheck(p);
    expect(r.count).toBe(4);
    expect(r.confidentShare).toBe(0.75);
    expect(r.classShareOfConfident).toEqual([2 / 3, 1 / 3, 0]);
  });
  it('fails on too few confident images and on a missing class (mode collapse)', () => {
    expect(confidenceCheck(p).pass).toBe(false); // 0.75 < 0.8
    expect(confidenceCheck(p, { minConfident: 0.7 }).pass).toBe(false); // class 2 has 0 < 5%
    expect(confidenceCheck(p, { minConfident: 0.7, minClassShare: 0 }).pass).toBe(true);
  });
});
