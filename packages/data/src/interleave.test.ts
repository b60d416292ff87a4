import { describe, expect, it } from 'vitest';
import { fromArray } from './from-array.js';
import { fromGenerator } from './from-generator.js';

/** tf.data's interleave order, computed independently: slots refilled in place, the cycle moving on. */
function reference(shards: string[][], cycle: number, block: number): string[] {
  const queue = shards.map((s) => [...s]);
  const slots: (string[] | undefined)[] = [];
  const out: string[] = [];
  let nextShard = 0;
  for (let i = 0; i < cycle && nextShard < queue.length; i++) slots.push(queue[nextShard++]);
  let at = 0;
  while (slots.some((s) => s !== undefined)) {
    const slot = slots[at];
    if (slot !== undefined) {
      let taken = 0;
      while (taken < block && slot.length > 0) {
        out.push(slot.shift()!);
        taken++;
      }
      if (slot.length === 0 && taken < block)
        slots[at] = nextShard < queue.length ? queue[nextShard++] : undefined;
      else if (slot.length === 0) {
        // Exhaustion is seen on the next visit, as an iterator sees it.
      }
    }
    at = (at + 1) % slots.length;
  }
  return out;
}

describe('dataset.interleave', () => {
  const shards = [['a1', 'a2', 'a3'], ['b1'], ['c1', 'c2', 'c3', 'c4', 'c5'], [], ['e1', 'e2']];

  it('matches the reference order for every cycle and block length', async () => {
    for (let cycle = 1; cycle <= 6; cycle++) {
      for (let block = 1; block <= 3; block++) {
        const ds = fromArray(shards.map((_, i) => i)).interleave((i) => fromArray(shards[i]!), {
          cycleLength: cycle,
          blockLength: block,
        });
        const got = await ds.toArray();
        expect([...got].sort()).toEqual(shards.flat().sort());
        expect({ cycle, block, got }).toEqual({ cycle, block, got: reference(shards, cycle, block) });
      }
    }
  });

  it('opens shards lazily: only cycleLength at a time', async () => {
    let open = 0;
    let most = 0;
    const ds = fromArray([0, 1, 2, 3, 4, 5]).interleave(
      (i) =>
        fromGenerator(function* () {
          open++;
          most = Math.max(most, open);
          yield* [i, i];
          open--;
        }),
      { cycleLength: 2 },
    );
    expect(await ds.toArray()).toEqual([0, 1, 0, 1, 2, 3, 2, 3, 4, 5, 4, 5]);
    expect(most).toBe(2);
    expect(() => fromArray([1]).interleave((x) => fromArray([x]), { cycleLength: 0 })).toThrow(
      /positive integer/,
    );
  });
});
