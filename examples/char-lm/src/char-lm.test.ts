import { useBackend } from '@strata/backends';
import { createRng, DataError } from '@strata/core';
import { stateOfTheUnion } from '@strata/datasets';
import { disposeDeep } from '@strata/train';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bitsPerChar,
  buildVocabulary,
  charModel,
  decode,
  encode,
  evaluateChars,
  randomWindows,
  sample,
  sequentialWindows,
  splitTail,
  trainCharModel,
  unigramBitsPerChar,
} from './char-lm.js';

/** Entropy in bits of the character frequencies, counted here by hand. */
function entropyOf(text: string): number {
  const counts: Record<string, number> = {};
  let n = 0;
  for (const c of text) {
    counts[c] = (counts[c] ?? 0) + 1;
    n++;
  }
  let h = 0;
  for (const k of Object.keys(counts)) h -= (counts[k]! / n) * Math.log2(counts[k]! / n);
  return h;
}

describe('char-lm data', () => {
  const text = 'abracadabra';
  const vocabulary = buildVocabulary(text);

  it('builds a sorted vocabulary and round-trips text through ids', () => {
    expect(vocabulary.chars).toEqual(['a', 'b', 'c', 'd', 'r']);
    expect([...encode(text, vocabulary)]).toEqual([0, 1, 4, 0, 2, 0, 3, 0, 1, 4, 0]);
    expect(decode(encode(text, vocabulary), vocabulary)).toBe(text);
    expect(() => encode('abz', vocabulary)).toThrow(DataError);
  });

  it('bits per character: nats / ln 2, and the unigram entropy by hand', () => {
    expect(bitsPerChar(Math.LN2)).toBe(1);
    expect(bitsPerChar(Math.log(84))).toBeCloseTo(Math.log2(84), 12);
    // a:5, b:2, r:2, c:1, d:1 of 11.
    const h =
      -(5 / 11) * Math.log2(5 / 11) - 2 * (2 / 11) * Math.log2(2 / 11) - 2 * (1 / 11) * Math.log2(1 / 11);
    expect(unigramBitsPerChar(encode(text, vocabulary))).toBeCloseTo(h, 12);
    expect(entropyOf(text)).toBeCloseTo(h, 12);
  });

  it('random windows: y is x shifted by one character, the same on a replayed epoch', async () => {
    const ids = Int32Array.from({ length: 200 }, (_, i) => i);
    const data = randomWindows(ids, { seqLength: 6, batchSize: 3, stepsPerEpoch: 2, seed: 5 });
    const read = async (epoch: number) => {
      const out: number[][][] = [];
      for await (const b of data.iterate({ epoch })) {
        out.push([...(b.x!.arraySync() as number[][]), ...(b.y!.arraySync() as number[][])]);
        disposeDeep(b);
      }
      return out;
    };
    const e0 = await read(0);
    expect(e0).toHaveLength(2);
    for (const rows of e0) {
      for (let r = 0; r < 3; r++) {
        const x = rows[r]!;
        const y = rows[r + 3]!;
        // ids[i] = i, so a window is consecutive numbers and its target the same plus one.
        expect(x).toEqual(Array.from({ length: 6 }, (_, i) => x[0]! + i));
        expect(y).toEqual(x.map((v) => v + 1));
        expect(x[0]! + 6).toBeLessThan(200);
      }
    }
    expect(await read(0)).toEqual(e0);
    expect(await read(1)).not.toEqual(e0);
  });

  it('sequential windows cover the text once, in order', async () => {
    const ids = Int32Array.from({ length: 23 }, (_, i) => i);
    const batches = await sequentialWindows(ids, { seqLength: 5, batchSize: 3 }).toArray();
    // (23 − 1) / 5 = 4 whole windows: batches of 3 and 1.
    expect(batches.map((b) => b.x!.shape)).toEqual([
      [3, 5],
      [1, 5],
    ]);
    const xs = batches.flatMap((b) => b.x!.arraySync() as number[][]).flat();
    const ys = batches.flatMap((b) => b.y!.arraySync() as number[][]).flat();
    expect(xs).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(ys).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    disposeDeep(batches);
  });
});

describe('char-lm training (small scale, wasm)', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });
  afterAll(async () => {
    await useBackend('cpu');
  });

  it('learns Lincoln: validation bits per character fall clearly below the unigram entropy', async () => {
    const before = tf.memory().numTensors;
    // Lincoln's first address, about 40,000 characters; the last 10% is held out.
    const text = stateOfTheUnion({ from: 1861, to: 1861 }).slice(0, 40_000);
    const vocabulary = buildVocabulary(text);
    const { train, validation } = splitTail(encode(text, vocabulary), 0.1);
    const unigram = entropyOf(text);
    expect(unigram).toBeGreaterThan(4); // English prose: about 4.1–4.4 bits per character

    const lm = charModel({ vocabulary, embeddingDim: 16, units: 64 });
    // Before training the logits are near zero, so the loss is near that of a uniform guess, log2 V.
    const init = lm.model.init(createRng(0), [null, 32]);
    const untrained = bitsPerChar(await evaluateChars(lm, init.params, validation, 32));
    expect(untrained).toBeCloseTo(Math.log2(vocabulary.chars.length), 1);
    disposeDeep(init);

    const { params, state, optState, history } = await trainCharModel(lm, {
      train,
      validation,
      seqLength: 32,
      batchSize: 16,
      stepsPerEpoch: 100,
      epochs: 3,
      learningRate: 0.01,
      seed: 0,
    });
    const val = history.map((h) => bitsPerChar(h.val_loss!));
    // Falling epoch over epoch, and well below what character frequencies alone give.
    expect(val[2]!).toBeLessThan(val[0]!);
    expect(val[0]!).toBeLessThan(untrained);
    expect(val[2]!, `validation bits per character by epoch: ${val.join(', ')}`).toBeLessThan(unigram - 0.6);
    expect(bitsPerChar(await evaluateChars(lm, params, validation, 32))).toBeCloseTo(val[2]!, 4);

    const draw = (seed: number) =>
      sample(lm, params, 'The ', { length: 120, temperature: 0.8, rng: createRng(seed) });
    const a = draw(7);
    expect(a).toHaveLength(120);
    expect([...a].every((c) => vocabulary.ids.has(c))).toBe(true);
    expect(draw(7)).toBe(a);
    expect(draw(8)).not.toBe(a);
    disposeDeep([params, state, optState]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
