import type { Dataset } from './dataset.js';
import type { DatasetSource } from './types.js';

/**
 * tf.data's interleave: `cycleLength` inner datasets open at once, `blockLength` elements taken from
 * each in turn; an exhausted one is replaced by the next element's dataset. Each inner dataset is
 * opened with the outer pass key, so seeded stages inside it vary per epoch too.
 */
export function interleaveSource<T, U>(
  up: DatasetSource<T>,
  fn: (x: T) => Dataset<U> | Promise<Dataset<U>>,
  cycleLength: number,
  blockLength: number,
): DatasetSource<U> {
  return {
    size: undefined,
    dtypes: {},
    async *open(key) {
      const outer = up.open(key);
      let outerDone = false;
      const open: AsyncIterator<U>[] = [];
      const fill = async () => {
        while (!outerDone && open.length < cycleLength) {
          const r = await outer.next();
          if (r.done) outerDone = true;
          else open.push((await fn(r.value)).source.open(key));
        }
      };
      try {
        await fill();
        let at = 0;
        while (open.length > 0) {
          if (at >= open.length) at = 0;
          const it = open[at]!;
          let ended = false;
          for (let b = 0; b < blockLength; b++) {
            const r = await it.next();
            if (r.done) {
              ended = true;
              break;
            }
            yield r.value;
          }
          // As tf.data: a finished shard's slot takes the next shard, which starts when the cycle comes
          // back to it; the cycle moves on either way.
          let next: AsyncIterator<U> | undefined;
          if (ended && !outerDone) {
            const r = await outer.next();
            if (r.done) outerDone = true;
            else next = (await fn(r.value)).source.open(key);
          }
          if (!ended) at++;
          else if (next !== undefined) open[at++] = next;
          else open.splice(at, 1);
        }
      } finally {
        await Promise.all(open.map((it) => it.return?.()));
        await outer.return?.();
      }
    },
  };
}
