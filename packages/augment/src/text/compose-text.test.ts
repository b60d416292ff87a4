import { createRng } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { composeText } from './compose-text.js';
import { randomDeletion } from './random-deletion.js';
import { randomSwap } from './random-swap.js';

describe('composeText', () => {
  it('runs the steps in order, each with its own child of the rng', () => {
    const steps = [randomSwap({ alpha: 0.3 }), randomDeletion({ p: 0.3 })];
    const texts = ['one two three four five six', 'seven eight nine ten'];
    const [a, b] = createRng(8).split(2);
    const want = steps[1]!(steps[0]!(texts, a!), b!);
    expect(composeText(steps)(texts, createRng(8))).toEqual(want);
    expect(composeText([])(texts, createRng(0))).toEqual(texts);
  });
});
