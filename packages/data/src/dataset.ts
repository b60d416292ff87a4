import {
  assertInteger,
  assertKnownKeys,
  assertNumber,
  ConfigError,
  DataError,
  disposeTree,
  type Rng,
} from '@strata/core';
import { batchSource } from './batch.js';
import { cacheSource } from './cache.js';
import { dtypeHints } from './collate.js';
import { filterSource } from './filter.js';
import { interleaveSource } from './interleave.js';
import { mapConcurrentSource, mapSource } from './map.js';
import { bucketSource, paddedBatchSource } from './padded-batch.js';
import { prefetchSource } from './prefetch.js';
import { repeatSource } from './repeat.js';
import { shuffleSource } from './shuffle.js';
import { skipSource } from './skip.js';
import { takeSource } from './take.js';
import type { Batched, CollateDtype, DatasetSource, DtypeSpec, PaddedBatched } from './types.js';

/** Options of `Dataset.shuffle` (or pass an `Rng` instead). */
export interface ShuffleOptions {
  /** Integer seed in [0, 2^53). */
  readonly seed: number;
  /** A new order on each pass (default true). False: every pass uses the order of pass 0. */
  readonly reshuffleEachIteration?: boolean;
}

/** Options of `Dataset.map`. */
export interface MapOptions {
  /** Calls of `fn` in flight at once (default 1); results keep the input order. */
  readonly concurrency?: number;
}

/** Options of `Dataset.paddedBatch`. */
export interface PaddedBatchOptions extends BatchOptions {
  /** The value sequences are padded with (default 0). */
  readonly paddingValue?: number;
}

/** Options of `Dataset.bucketByLength`. */
export interface BucketByLengthOptions extends PaddedBatchOptions {
  /** Increasing length boundaries between buckets. */
  readonly boundaries: readonly number[];
  /** The batch size of each bucket (one more than the boundaries). */
  readonly batchSizes: readonly number[];
}

/** Options of `Dataset.batch`. */
export interface BatchOptions {
  /** Drop a last batch smaller than `size` (default false), e.g. to keep shapes static. */
  readonly dropRemainder?: boolean;
  /** Dtypes for fields, overriding the dataset's declared ones; see `collate`. */
  readonly dtypes?: DtypeSpec;
}

function isRng(v: unknown): v is Rng {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as Rng).next === 'function' &&
    typeof (v as Rng).nextUint32 === 'function'
  );
}

/**
 * A lazy, re-iterable sequence of elements: nothing runs until it is iterated, and every iteration (an
 * epoch) runs the pipeline again. Build the pipeline once and iterate it each epoch:
 * `for await (const batch of ds)`. Seeded stages (`shuffle`) draw from a stream derived from their seed
 * and the pass number (0, 1, 2, … for successive iterations of this object, or the `epoch` given to
 * `iterate`), so each epoch differs and every epoch is reproducible.
 *
 * Ownership: elements that hold tensors (the batches of `batch`) belong to the consumer, who disposes
 * them; elements the pipeline drops (filter, skip, buffers of a pass that stops early) are disposed by it.
 * `map` functions should be pure: with random-access sources `shuffle` calls them in shuffled order.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { fromArray } from '@strata/data';
 *
 * const ds = fromArray([1, 2, 3, 4, 5]).map((x) => ({ x, y: x % 2 })).shuffle('all', { seed: 0 }).batch(2);
 * const shapes: number[][] = [];
 * for await (const { x, y } of ds) {
 *   shapes.push(x.shape);
 *   tf.dispose([x, y]);
 * }
 * shapes; // => [[2], [2], [1]]
 * ```
 */
export class Dataset<T> implements AsyncIterable<T> {
  /** The engine behind this dataset (for source authors). */
  readonly source: DatasetSource<T>;
  #passes = 0;

  /** Wraps a source; most code uses `fromArray` or `fromGenerator`. */
  constructor(source: DatasetSource<T>) {
    this.source = source;
  }

  /** The number of elements when known: a count, `Infinity` (endless `repeat`), or undefined (after `filter`). */
  get size(): number | undefined {
    return this.source.size;
  }

  /**
   * Same as `size`.
   *
   * @example
   * ```ts
   * import { fromArray } from '@strata/data';
   *
   * fromArray([1, 2, 3]).batch(2).cardinality(); // => 2
   * fromArray([1, 2, 3]).repeat().cardinality(); // => Infinity
   * fromArray([1, 2, 3]).filter((x) => x > 1).cardinality(); // => undefined
   * ```
   */
  cardinality(): number | undefined {
    return this.source.size;
  }

  /** Dtypes declared for `batch` (flat field paths; `''` is the element itself). */
  get dtypes(): Readonly<Record<string, CollateDtype>> {
    return this.source.dtypes;
  }

  /** Iterates the next pass (0 for the first iteration of this object, then 1, 2, …). */
  [Symbol.asyncIterator](): AsyncIterator<T> {
    return this.source.open([this.#passes++]);
  }

  /**
   * One pass with an explicit epoch (e.g. to resume a run at epoch 5 in the order it would have had).
   * Without `epoch`, takes the next pass number like `for await` does.
   *
   * @example
   * ```ts
   * import { fromArray } from '@strata/data';
   *
   * const ds = fromArray([1, 2, 3]).shuffle('all', { seed: 1 });
   * const fifth: number[] = [];
   * for await (const x of ds.iterate({ epoch: 5 })) fifth.push(x);
   * [...fifth].sort(); // => [1, 2, 3]
   * (await ds.toArray({ epoch: 5 })).join() === fifth.join(); // => true
   * ```
   */
  iterate(options: { readonly epoch?: number } = {}): AsyncIterableIterator<T> {
    assertKnownKeys(options, ['epoch'], 'dataset.iterate(options)');
    const epoch = options.epoch ?? this.#passes++;
    assertInteger(epoch, 'dataset.iterate({epoch})', 0);
    return this.source.open([epoch]);
  }

  /**
   * Collects one pass into an array (a finite dataset only).
   *
   * @example
   * ```ts
   * import { fromArray } from '@strata/data';
   *
   * await fromArray([1, 2, 3]).map((x) => x * 2).toArray(); // => [2, 4, 6]
   * ```
   */
  async toArray(options: { readonly epoch?: number } = {}): Promise<T[]> {
    if (this.size === Infinity) {
      throw new ConfigError(
        'dataset.toArray()',
        'the dataset is infinite (repeat() without a count); take(n) first',
      );
    }
    const out: T[] = [];
    try {
      for await (const x of this.iterate(options)) out.push(x);
    } catch (e) {
      // The caller never receives these, so their tensors are still ours.
      for (const x of out) disposeTree(x);
      throw e;
    }
    return out;
  }

  /**
   * Applies `fn` to each element (sync or async). The result has no declared dtypes (it is a new element):
   * declare them again with `withDtypes` where integers matter.
   *
   * @example
   * ```ts
   * import { fromArray } from '@strata/data';
   *
   * const ds = fromArray([1, 2]).map((x) => ({ x: new Float32Array([x, x]), y: x })).withDtypes({ y: 'int32' });
   * const [batch] = await ds.batch(2).toArray();
   * batch!.x; // => [[1, 1], [2, 2]]
   * batch!.y.dtype; // => 'int32'
   * // Async work (decoding, fetching) on up to 4 elements at once, results in order:
   * const slow = async (x: number) => new Promise<number>((resolve) => setTimeout(() => resolve(x * 10), 5 - x));
   * await fromArray([1, 2, 3, 4]).map(slow, { concurrency: 4 }).toArray(); // => [10, 20, 30, 40]
   * ```
   */
  map<U>(fn: (x: T) => U | Promise<U>, options: MapOptions = {}): Dataset<Awaited<U>> {
    if (typeof fn !== 'function')
      throw new ConfigError('dataset.map(fn)', `fn must be a function, got ${typeof fn}`);
    assertKnownKeys(options, ['concurrency'], 'dataset.map(fn, options)');
    const { concurrency = 1 } = options;
    assertInteger(concurrency, 'dataset.map({concurrency})');
    return new Dataset(
      concurrency === 1 ? mapSource(this.source, fn) : mapConcurrentSource(this.source, fn, concurrency),
    );
  }

  /**
   * Maps each element to a dataset (a shard: a file, a table) and interleaves them as tf.data does:
   * `cycleLength` shards are read at once (default 1: one after the other), `blockLength` elements
   * (default 1) from each in turn; a finished shard's place goes to the next. Shards stream, so a data
   * set of many large files never needs to fit in memory.
   *
   * @example
   * ```ts
   * import { fromArray } from '@strata/data';
   *
   * const shards = fromArray(['a', 'b', 'c']).interleave((s) => fromArray([`${s}1`, `${s}2`, `${s}3`]), {
   *   cycleLength: 2,
   *   blockLength: 2,
   * });
   * await shards.toArray(); // => ['a1', 'a2', 'b1', 'b2', 'a3', 'b3', 'c1', 'c2', 'c3']
   * ```
   */
  interleave<U>(
    fn: (x: T) => Dataset<U> | Promise<Dataset<U>>,
    options: { readonly cycleLength?: number; readonly blockLength?: number } = {},
  ): Dataset<U> {
    const label = 'dataset.interleave';
    if (typeof fn !== 'function')
      throw new ConfigError(`${label}(fn)`, `fn must be a function, got ${typeof fn}`);
    assertKnownKeys(options, ['cycleLength', 'blockLength'], `${label}(fn, options)`);
    const { cycleLength = 1, blockLength = 1 } = options;
    assertInteger(cycleLength, `${label}({cycleLength})`);
    assertInteger(blockLength, `${label}({blockLength})`);
    return new Dataset(interleaveSource(this.source, fn, cycleLength, blockLength));
  }

  /**
   * Batches elements whose sequences differ in length: every sequence field (a plain array of numbers
   * or a typed array) is padded at the end with `paddingValue` (default 0) to the longest in its batch,
   * then stacked as `batch` does ([n, longest]; int32 for integer typed arrays or declared int32 fields).
   *
   * @example
   * ```ts
   * import * as tf from '@tensorflow/tfjs-core';
   * import { fromArray } from '@strata/data';
   *
   * const sentences = fromArray([{ ids: [5, 3], y: 1 }, { ids: [7], y: 0 }, { ids: [2, 9, 4], y: 1 }]);
   * const [first, second] = await sentences.withDtypes({ ids: 'int32' }).paddedBatch(2).toArray();
   * first!.ids; // => [[5, 3], [7, 0]]
   * first!.ids.dtype; // => 'int32'
   * second!.ids; // => [[2, 9, 4]]
   * tf.dispose([first, second]);
   * ```
   */
  paddedBatch(size: number, options: PaddedBatchOptions = {}): Dataset<PaddedBatched<T>> {
    const label = 'dataset.paddedBatch';
    assertInteger(size, `${label}(size)`);
    assertKnownKeys(options, ['dropRemainder', 'dtypes', 'paddingValue'], `${label}(size, options)`);
    const { paddingValue = 0 } = options;
    assertNumber(paddingValue, `${label}({paddingValue})`);
    const hints = { ...this.source.dtypes, ...dtypeHints(options.dtypes, `${label}({dtypes})`) };
    return new Dataset(
      paddedBatchSource(this.source, size, options.dropRemainder ?? false, hints, paddingValue),
    ) as Dataset<PaddedBatched<T>>;
  }

  /**
   * Groups elements by length into buckets and emits padded batches of one bucket at a time (tf.data's
   * `bucket_by_sequence_length`), so each batch pads to a length near its members'. With boundaries
   * [b₀, …, bₖ₋₁] bucket i holds lengths in [bᵢ₋₁, bᵢ) and emits a batch at `batchSizes[i]` elements
   * (k + 1 sizes); what is left at the end of a pass is emitted too unless `dropRemainder`.
   *
   * @example
   * ```ts
   * import * as tf from '@tensorflow/tfjs-core';
   * import { fromArray } from '@strata/data';
   *
   * const seqs = fromArray([[1], [1, 2, 3, 4], [2], [5, 6, 7], [3, 3]]);
   * const batches = await seqs.bucketByLength((s) => s.length, { boundaries: [3], batchSizes: [2, 2] }).toArray();
   * batches.map((b) => b.arraySync()); // => [[[1], [2]], [[1, 2, 3, 4], [5, 6, 7, 0]], [[3, 3]]]
   * tf.dispose(batches);
   * ```
   */
  bucketByLength(lengthOf: (x: T) => number, options: BucketByLengthOptions): Dataset<PaddedBatched<T>> {
    const label = 'dataset.bucketByLength';
    if (typeof lengthOf !== 'function') {
      throw new ConfigError(
        `${label}(lengthOf)`,
        `must be a function element => length, got ${typeof lengthOf}`,
      );
    }
    assertKnownKeys(
      options,
      ['boundaries', 'batchSizes', 'dropRemainder', 'dtypes', 'paddingValue'],
      `${label}(lengthOf, options)`,
    );
    const { boundaries, batchSizes, paddingValue = 0 } = options;
    if (
      !Array.isArray(boundaries) ||
      boundaries.some((b, i) => !Number.isFinite(b) || (i > 0 && !(b > boundaries[i - 1]!)))
    ) {
      throw new ConfigError(
        `${label}({boundaries})`,
        `must be increasing finite numbers, got ${JSON.stringify(boundaries)}`,
      );
    }
    if (!Array.isArray(batchSizes) || batchSizes.length !== boundaries.length + 1) {
      throw new ConfigError(
        `${label}({batchSizes})`,
        `needs one size per bucket (${boundaries.length + 1}), got ${JSON.stringify(batchSizes)}`,
      );
    }
    batchSizes.forEach((b, i) => {
      assertInteger(b, `${label}({batchSizes})[${i}]`);
    });
    assertNumber(paddingValue, `${label}({paddingValue})`);
    const hints = { ...this.source.dtypes, ...dtypeHints(options.dtypes, `${label}({dtypes})`) };
    const checked = (x: T) => {
      const n = lengthOf(x);
      if (typeof n !== 'number' || Number.isNaN(n))
        throw new DataError(label, `lengthOf gave ${String(n)}, not a number`);
      return n;
    };
    return new Dataset(
      bucketSource(
        this.source,
        checked,
        boundaries,
        batchSizes,
        options.dropRemainder ?? false,
        hints,
        paddingValue,
      ),
    ) as Dataset<PaddedBatched<T>>;
  }

  /**
   * Keeps the elements for which `keep` is true. The size becomes unknown.
   *
   * @example
   * ```ts
   * import { fromArray } from '@strata/data';
   *
   * const even = fromArray([1, 2, 3, 4]).filter((x) => x % 2 === 0);
   * await even.toArray(); // => [2, 4]
   * even.size; // => undefined
   * ```
   */
  filter<S extends T>(keep: (x: T) => x is S): Dataset<S>;
  filter(keep: (x: T) => boolean | Promise<boolean>): Dataset<T>;
  filter(keep: (x: T) => boolean | Promise<boolean>): Dataset<T> {
    if (typeof keep !== 'function') {
      throw new ConfigError('dataset.filter(keep)', `keep must be a function, got ${typeof keep}`);
    }
    return new Dataset(filterSource(this.source, keep));
  }

  /**
   * Shuffles with a buffer of `bufferSize` elements ('all': the whole dataset, a uniform permutation).
   * Seeded by `{ seed }` or an `Rng` (one draw is taken from it now). Pass `key` (epoch e) uses
   * `createRng(deriveSeed(seed, [e]))`: a new order each epoch, reproducible from the seed. On a
   * random-access source (fromArray and its map/take/skip) indices are shuffled, not elements.
   *
   * @example
   * ```ts
   * import { fromArray } from '@strata/data';
   *
   * const ds = fromArray([0, 1, 2, 3, 4]).shuffle('all', { seed: 42 });
   * const first = await ds.toArray(); // pass 0
   * [...first].sort(); // => [0, 1, 2, 3, 4]
   * const second = await ds.toArray(); // pass 1: another order
   * second.join() === first.join(); // => false
   * (await ds.toArray({ epoch: 0 })).join() === first.join(); // => true
   * ```
   */
  shuffle(bufferSize: number | 'all', options: ShuffleOptions | Rng): Dataset<T> {
    const label = 'dataset.shuffle';
    const buffer = bufferSize === 'all' ? Infinity : bufferSize;
    if (bufferSize !== 'all') assertInteger(bufferSize, `${label}(bufferSize)`);
    let seed: number;
    let reshuffle = true;
    if (isRng(options)) {
      // 53 bits from two draws, so the stream depends on the generator's state, reproducibly.
      seed = (options.nextUint32() >>> 11) * 0x1_0000_0000 + options.nextUint32();
    } else {
      if (typeof options !== 'object' || options === null) {
        throw new ConfigError(
          `${label}(bufferSize, options)`,
          'options must be { seed } or an Rng (createRng(seed))',
        );
      }
      assertKnownKeys(options, ['seed', 'reshuffleEachIteration'], `${label}(options)`);
      seed = options.seed;
      assertInteger(seed, `${label}({seed})`, 0);
      if (!Number.isSafeInteger(seed)) {
        throw new ConfigError(`${label}({seed})`, `must be an integer in [0, 2^53), got ${seed}`);
      }
      reshuffle = options.reshuffleEachIteration ?? true;
    }
    return new Dataset(shuffleSource(this.source, buffer, seed, reshuffle));
  }

  /**
   * Stacks `size` consecutive elements into tensors (see `collate` for the rules: numbers → [n] float32
   * unless declared int32, typed arrays → [n, length], `{ values, shape }` → [n, ...shape]). The consumer
   * owns every batch and disposes it (`tf.dispose(batch)`).
   *
   * @example
   * ```ts
   * import * as tf from '@tensorflow/tfjs-core';
   * import { fromArray } from '@strata/data';
   *
   * const ds = fromArray([{ x: new Float32Array(3), y: 1 }, { x: new Float32Array(3), y: 0 }]).withDtypes({ y: 'int32' });
   * const batches = await ds.batch(2).toArray();
   * batches.length; // => 1
   * batches[0]!.x.shape; // => [2, 3]
   * batches[0]!.y; // => [1, 0]
   * batches[0]!.y.dtype; // => 'int32'
   * tf.dispose(batches);
   * ```
   */
  batch(size: number, options: BatchOptions = {}): Dataset<Batched<T>> {
    assertInteger(size, 'dataset.batch(size)');
    assertKnownKeys(options, ['dropRemainder', 'dtypes'], 'dataset.batch(size, options)');
    const hints = { ...this.source.dtypes, ...dtypeHints(options.dtypes, 'dataset.batch({dtypes})') };
    return new Dataset(batchSource(this.source, size, options.dropRemainder ?? false, hints)) as Dataset<
      Batched<T>
    >;
  }

  /**
   * Keeps `n` elements requested ahead of the consumer (default 1), so producing the next batch overlaps
   * the consumer's awaits. Order is preserved.
   *
   * @example
   * ```ts
   * import { fromArray } from '@strata/data';
   *
   * const slow = fromArray([1, 2, 3, 4]).map(async (x) => {
   *   await new Promise((resolve) => setTimeout(resolve, 1));
   *   return 10 * x;
   * });
   * await slow.prefetch(2).toArray(); // => [10, 20, 30, 40]
   * ```
   */
  prefetch(n = 1): Dataset<T> {
    assertInteger(n, 'dataset.prefetch(n)');
    return new Dataset(prefetchSource(this.source, n));
  }

  /**
   * The first `n` elements.
   *
   * @example
   * ```ts
   * import { fromArray } from '@strata/data';
   *
   * await fromArray([1, 2, 3]).take(2).toArray(); // => [1, 2]
   * ```
   */
  take(n: number): Dataset<T> {
    assertInteger(n, 'dataset.take(n)', 0);
    return new Dataset(takeSource(this.source, n));
  }

  /**
   * All but the first `n` elements.
   *
   * @example
   * ```ts
   * import { fromArray } from '@strata/data';
   *
   * await fromArray([1, 2, 3]).skip(2).toArray(); // => [3]
   * ```
   */
  skip(n: number): Dataset<T> {
    assertInteger(n, 'dataset.skip(n)', 0);
    return new Dataset(skipSource(this.source, n));
  }

  /**
   * The dataset `count` times in a row (forever when omitted). A `shuffle` before `repeat` gives each
   * repetition its own order.
   *
   * @example
   * ```ts
   * import { fromArray } from '@strata/data';
   *
   * await fromArray([1, 2]).repeat(2).toArray(); // => [1, 2, 1, 2]
   * ```
   */
  repeat(count?: number): Dataset<T> {
    if (count !== undefined) assertInteger(count, 'dataset.repeat(count)', 0);
    return new Dataset(repeatSource(this.source, count));
  }

  /**
   * Keeps the elements of the first complete pass in memory and replays them on later passes (put it
   * before `shuffle` and `batch`: cached elements must not hold tensors, and a cached shuffle would
   * freeze the first order).
   *
   * @example
   * ```ts
   * import { fromGenerator } from '@strata/data';
   *
   * let reads = 0;
   * function* readRecords() {
   *   reads++;
   *   yield* ['3', '1', '2'];
   * }
   * const decoded = fromGenerator(readRecords).map(Number).cache().shuffle('all', { seed: 0 });
   * (await decoded.toArray()).sort(); // => [1, 2, 3]
   * (await decoded.toArray()).sort(); // => [1, 2, 3]
   * reads; // => 1
   * ```
   */
  cache(): Dataset<T> {
    if (this.size === Infinity) {
      throw new ConfigError('dataset.cache()', 'the dataset is infinite; cache() before repeat()');
    }
    return new Dataset(cacheSource(this.source));
  }

  /**
   * The same dataset with dtypes declared for `batch`: one dtype for a leaf element, or field paths →
   * dtype (`{ y: 'int32' }`). Merged over the existing declarations.
   *
   * @example
   * ```ts
   * import { fromArray } from '@strata/data';
   *
   * const [asInt] = await fromArray([{ y: 3 }]).withDtypes({ y: 'int32' }).batch(1).toArray();
   * asInt!.y.dtype; // => 'int32'
   * const [asFloat] = await fromArray([{ y: 3 }]).batch(1).toArray();
   * asFloat!.y.dtype; // => 'float32'
   * ```
   */
  withDtypes(dtypes: DtypeSpec): Dataset<T> {
    const up = this.source;
    const get = up.get;
    const hints = { ...up.dtypes, ...dtypeHints(dtypes, 'dataset.withDtypes(dtypes)') };
    return new Dataset<T>({
      size: up.size,
      dtypes: hints,
      get: get && ((index: number) => get.call(up, index)),
      open: (key) => up.open(key),
    });
  }
}
