import {
  assertInteger,
  assertKnownKeys,
  assertNumber,
  type Batch,
  ConfigError,
  createRng,
  DataError,
  type Logs,
  type Rng,
  type TensorTree,
} from '@strata/core';
import { type Dataset, deriveSeed, fromArray, fromGenerator } from '@strata/data';
import {
  dense,
  embedding,
  type LayerWithKind,
  lstm,
  type RecurrentLayer,
  type Sequential,
  sequential,
} from '@strata/layers';
import { sparseCategoricalCrossentropy } from '@strata/losses';
import { adam, chain, clipByGlobalNorm } from '@strata/optim';
import { evaluate, type FitResult, fit, type TrainCallback } from '@strata/train';
import * as tf from '@tensorflow/tfjs-core';

/** The characters of a text, each with its id (its index in `chars`). */
export interface Vocabulary {
  /** Every distinct character, sorted by code point, so the ids do not depend on the text's order. */
  readonly chars: readonly string[];
  readonly ids: ReadonlyMap<string, number>;
}

/**
 * The vocabulary of `text`: its distinct characters (whole code points, so a character outside the
 * Basic Multilingual Plane is one entry), sorted.
 *
 * @example
 * ```ts
 * import { buildVocabulary } from './char-lm.js';
 *
 * buildVocabulary('abracadabra').chars; // => ['a', 'b', 'c', 'd', 'r']
 * ```
 */
export function buildVocabulary(text: string): Vocabulary {
  const chars = [...new Set(text)].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
  if (chars.length < 2) {
    throw new DataError(
      'buildVocabulary',
      `the text needs at least 2 distinct characters, got ${chars.length}`,
    );
  }
  return { chars, ids: new Map(chars.map((c, i) => [c, i])) };
}

/**
 * The ids of `text`'s characters; a character outside the vocabulary is a DataError.
 *
 * @example
 * ```ts
 * import { buildVocabulary, encode } from './char-lm.js';
 *
 * [...encode('cab', buildVocabulary('abc'))]; // => [2, 0, 1]
 * ```
 */
export function encode(text: string, vocabulary: Vocabulary): Int32Array {
  const chars = [...text];
  const out = new Int32Array(chars.length);
  chars.forEach((c, i) => {
    const id = vocabulary.ids.get(c);
    if (id === undefined) {
      throw new DataError(
        'encode',
        `character ${JSON.stringify(c)} at ${i} is not in the vocabulary; build the vocabulary from a text that holds it`,
      );
    }
    out[i] = id;
  });
  return out;
}

/**
 * The text of `ids`.
 *
 * @example
 * ```ts
 * import { buildVocabulary, decode } from './char-lm.js';
 *
 * decode([2, 0, 1], buildVocabulary('abc')); // => 'cab'
 * ```
 */
export function decode(ids: ArrayLike<number>, vocabulary: Vocabulary): string {
  let s = '';
  for (let i = 0; i < ids.length; i++) {
    const c = vocabulary.chars[ids[i]!];
    if (c === undefined) throw new DataError('decode', `id ${ids[i]} at ${i} is not in the vocabulary`);
    s += c;
  }
  return s;
}

/**
 * Nats per character to bits per character: the loss divided by ln 2.
 *
 * @example
 * ```ts
 * import { bitsPerChar } from './char-lm.js';
 *
 * bitsPerChar(Math.log(4)); // => 2
 * ```
 */
export function bitsPerChar(lossNats: number): number {
  return lossNats / Math.LN2;
}

/**
 * The entropy in bits of the characters' frequencies in `ids`: the bits per character of the best
 * model that ignores context, the baseline a language model must beat.
 *
 * @example
 * ```ts
 * import { unigramBitsPerChar } from './char-lm.js';
 *
 * unigramBitsPerChar([0, 1, 2, 3]); // => 2
 * unigramBitsPerChar([0, 0, 0, 1]); // => 0.8113
 * ```
 */
export function unigramBitsPerChar(ids: ArrayLike<number>): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < ids.length; i++) counts.set(ids[i]!, (counts.get(ids[i]!) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / ids.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/**
 * Splits `ids` into a training head and a held-out tail of `fraction` of the text.
 *
 * @example
 * ```ts
 * import { splitTail } from './char-lm.js';
 *
 * const { train, validation } = splitTail(Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), 0.2);
 * [...validation]; // => [8, 9]
 * train.length; // => 8
 * ```
 */
export function splitTail(ids: Int32Array, fraction: number): { train: Int32Array; validation: Int32Array } {
  assertNumber(fraction, 'splitTail(fraction)', { min: 0, max: 1, exclusiveMin: true });
  if (fraction === 1)
    throw new ConfigError('splitTail(fraction)', 'must be below 1, so something is left to train on');
  const cut = Math.floor(ids.length * (1 - fraction));
  return { train: ids.subarray(0, cut), validation: ids.subarray(cut) };
}

export interface WindowOptions {
  /** Characters per window (the steps the LSTM is unrolled for). */
  readonly seqLength: number;
  readonly batchSize: number;
}

/** One window as a row: x is ids[start, start + T), y the character after each, ids[start + 1, start + T + 1). */
function fillWindow(
  ids: Int32Array,
  start: number,
  t: number,
  x: Int32Array,
  y: Int32Array,
  row: number,
): void {
  x.set(ids.subarray(start, start + t), row * t);
  y.set(ids.subarray(start + 1, start + t + 1), row * t);
}

function batchOf(x: Int32Array, y: Int32Array, rows: number, t: number): Batch {
  return { x: tf.tensor2d(x, [rows, t], 'int32'), y: tf.tensor2d(y, [rows, t], 'int32') };
}

function checkWindows(ids: Int32Array, options: WindowOptions, label: string, keys: readonly string[]): void {
  assertKnownKeys(options, keys, label);
  assertInteger(options.seqLength, `${label}({seqLength})`);
  assertInteger(options.batchSize, `${label}({batchSize})`);
  if (ids.length < options.seqLength + 1) {
    throw new DataError(
      label,
      `the text has ${ids.length} characters, fewer than seqLength + 1 = ${options.seqLength + 1}`,
    );
  }
}

/**
 * Training batches of windows drawn at random positions of `ids`, `{ x, y }` int32 [batch, seqLength]
 * with y the next character of each x. Each pass (epoch) is `stepsPerEpoch` batches whose positions
 * come from the stream `deriveSeed(seed, [epoch])`, so a pass is the same whenever it is replayed.
 * Random windows rather than one sweep: the text is long against a bounded run, and every part of it
 * is equally likely to be seen.
 *
 * @example
 * ```ts
 * import { randomWindows } from './char-lm.js';
 *
 * const data = randomWindows(Int32Array.from({ length: 100 }, (_, i) => i % 7), {
 *   seqLength: 5, batchSize: 2, stepsPerEpoch: 3, seed: 1,
 * });
 * const [first] = await data.take(1).toArray();
 * first.x.shape; // => [2, 5]
 * ```
 */
export function randomWindows(
  ids: Int32Array,
  options: WindowOptions & { readonly stepsPerEpoch: number; readonly seed?: number },
): Dataset<Batch> {
  const label = 'randomWindows';
  checkWindows(ids, options, label, ['seqLength', 'batchSize', 'stepsPerEpoch', 'seed']);
  const { seqLength: t, batchSize: b, stepsPerEpoch, seed = 0 } = options;
  assertInteger(stepsPerEpoch, `${label}({stepsPerEpoch})`);
  const positions = ids.length - t; // starts 0 … length − t − 1 leave room for the last target
  return fromGenerator(
    function* ({ epoch }) {
      const rng = createRng(deriveSeed(seed, [epoch]));
      for (let s = 0; s < stepsPerEpoch; s++) {
        const x = new Int32Array(b * t);
        const y = new Int32Array(b * t);
        for (let r = 0; r < b; r++) fillWindow(ids, Math.floor(rng.next() * positions), t, x, y, r);
        yield batchOf(x, y, b, t);
      }
    },
    { size: stepsPerEpoch },
  );
}

/**
 * Every non-overlapping window of `ids` in order, in batches (the last may be smaller), for scoring
 * a held-out text: each window starts from a zero state, so its first characters are predicted with
 * little context and the score is a little worse than a model carrying its state across would get.
 *
 * @example
 * ```ts
 * import { sequentialWindows } from './char-lm.js';
 *
 * const ids = Int32Array.from([0, 1, 2, 3, 4, 5, 6]);
 * const [batch] = await sequentialWindows(ids, { seqLength: 3, batchSize: 4 }).toArray();
 * batch.x; // => [[0, 1, 2], [3, 4, 5]]
 * batch.y; // => [[1, 2, 3], [4, 5, 6]]
 * ```
 */
export function sequentialWindows(ids: Int32Array, options: WindowOptions): Dataset<Batch> {
  const label = 'sequentialWindows';
  checkWindows(ids, options, label, ['seqLength', 'batchSize']);
  const { seqLength: t, batchSize: b } = options;
  const windows = Math.floor((ids.length - 1) / t);
  const batches: { rows: number; x: Int32Array; y: Int32Array }[] = [];
  for (let w0 = 0; w0 < windows; w0 += b) {
    const rows = Math.min(b, windows - w0);
    const x = new Int32Array(rows * t);
    const y = new Int32Array(rows * t);
    for (let r = 0; r < rows; r++) fillWindow(ids, (w0 + r) * t, t, x, y, r);
    batches.push({ rows, x, y });
  }
  // Tensors are made per pass, since `fit` and `evaluate` dispose each batch they read.
  return fromArray(batches).map(({ rows, x, y }) => batchOf(x, y, rows, t));
}

export interface CharModelOptions {
  readonly vocabulary: Vocabulary;
  /** Default 32. */
  readonly embeddingDim?: number;
  /** LSTM state size. Default 256. */
  readonly units?: number;
}

/** embedding → lstm (every step) → dense to one logit per character, with what sampling needs. */
export interface CharModel {
  /** The model `fit` trains: ids [batch, time] → logits [batch, time, vocabulary]. */
  readonly model: Sequential;
  readonly vocabulary: Vocabulary;
  readonly embeddingDim: number;
  readonly units: number;
  /** The model's layers; the lstm here also returns its final states, so sampling can carry them. */
  readonly parts: {
    readonly embedding: LayerWithKind;
    readonly lstm: RecurrentLayer;
    readonly head: LayerWithKind;
  };
}

/**
 * A character-level language model: embedding → lstm(returnSequences) → dense(vocabulary), as in
 * Karpathy's char-rnn (2015), predicting each next character from the ones before it.
 *
 * @example
 * ```ts
 * import { createRng } from '@strata/core';
 * import { buildVocabulary, charModel } from './char-lm.js';
 *
 * const lm = charModel({ vocabulary: buildVocabulary('hello world'), units: 16 });
 * const { outputShape } = lm.model.init(createRng(0), [null, 10]);
 * outputShape; // => [null, 10, 8]
 * ```
 */
export function charModel(options: CharModelOptions): CharModel {
  assertKnownKeys(options, ['vocabulary', 'embeddingDim', 'units'], 'charModel');
  const { vocabulary, embeddingDim = 32, units = 256 } = options;
  assertInteger(embeddingDim, 'charModel({embeddingDim})');
  assertInteger(units, 'charModel({units})');
  const parts = {
    embedding: embedding({ inputDim: vocabulary.chars.length, outputDim: embeddingDim }),
    lstm: lstm({ units, returnSequences: true, returnState: true }),
    head: dense({ units: vocabulary.chars.length }),
  };
  const model = sequential([parts.embedding, parts.lstm, parts.head]);
  return { model, vocabulary, embeddingDim, units, parts };
}

export interface TrainOptions {
  /** Training text as ids. */
  readonly train: Int32Array;
  /** Held-out text as ids, scored after every epoch (`val_loss`). */
  readonly validation?: Int32Array;
  readonly seqLength: number;
  readonly batchSize: number;
  /** Batches between validations (an epoch here is this many random windows, not a pass over the text). */
  readonly stepsPerEpoch: number;
  readonly epochs: number;
  /** Default 2e-3 (Adam). */
  readonly learningRate?: number;
  /** Global gradient-norm clip. Default 5, as char-rnn: LSTM gradients can spike on rare characters. */
  readonly clipNorm?: number;
  /** Stops after the first epoch that ends past this many seconds of training. */
  readonly maxSeconds?: number;
  readonly seed?: number;
  /** Extra callbacks (progress). */
  readonly callbacks?: readonly TrainCallback[];
}

/**
 * Trains `lm` with `fit`: sparse cross-entropy from the logits at every step of each window, Adam
 * after clipping the global gradient norm. The history's `loss` and `val_loss` are nats per character.
 *
 * @example
 * ```ts
 * import { buildVocabulary, charModel, encode, trainCharModel } from './char-lm.js';
 *
 * const text = 'to be or not to be, '.repeat(20);
 * const lm = charModel({ vocabulary: buildVocabulary(text), embeddingDim: 4, units: 8 });
 * const { history } = await trainCharModel(lm, {
 *   train: encode(text, lm.vocabulary), seqLength: 8, batchSize: 4, stepsPerEpoch: 5, epochs: 2,
 * });
 * history.length; // => 2
 * ```
 */
export async function trainCharModel(lm: CharModel, options: TrainOptions): Promise<FitResult<unknown>> {
  const label = 'trainCharModel';
  assertKnownKeys(
    options,
    [
      'train',
      'validation',
      'seqLength',
      'batchSize',
      'stepsPerEpoch',
      'epochs',
      'learningRate',
      'clipNorm',
      'maxSeconds',
      'seed',
      'callbacks',
    ],
    label,
  );
  const { seqLength, batchSize, stepsPerEpoch, epochs, seed = 0 } = options;
  const { learningRate = 2e-3, clipNorm = 5, maxSeconds = Infinity } = options;
  const started = performance.now();
  const stopAtTime: TrainCallback = {
    onEpochEnd: () => ((performance.now() - started) / 1000 >= maxSeconds ? { stop: true } : undefined),
  };
  return fit({
    model: lm.model,
    inputShape: [null, seqLength],
    loss: sparseCategoricalCrossentropy({ fromLogits: true }),
    optimizer: chain(clipByGlobalNorm(clipNorm), adam({ learningRate })),
    data: randomWindows(options.train, { seqLength, batchSize, stepsPerEpoch, seed }),
    ...(options.validation
      ? { validationData: sequentialWindows(options.validation, { seqLength, batchSize: 64 }) }
      : {}),
    epochs,
    seed,
    callbacks: [...(options.callbacks ?? []), stopAtTime],
  });
}

/**
 * The mean loss of `lm` on `ids` (non-overlapping windows of `seqLength`), in nats per character.
 *
 * @example
 * ```ts
 * import { createRng } from '@strata/core';
 * import { buildVocabulary, charModel, encode, evaluateChars } from './char-lm.js';
 *
 * const lm = charModel({ vocabulary: buildVocabulary('abcd'), units: 4 });
 * const { params } = lm.model.init(createRng(0), [null, 3]);
 * // Untrained logits are near zero: about the loss of a uniform guess over 4 characters, ln 4.
 * Math.abs((await evaluateChars(lm, params, encode('abcdabcd', lm.vocabulary), 3)) - Math.log(4)) < 0.01; // => true
 * ```
 */
export async function evaluateChars(
  lm: CharModel,
  params: TensorTree,
  ids: Int32Array,
  seqLength: number,
): Promise<number> {
  const { logs }: { logs: Logs } = await evaluate({
    model: lm.model,
    params,
    data: sequentialWindows(ids, { seqLength, batchSize: 64 }),
    loss: sparseCategoricalCrossentropy({ fromLogits: true }),
  });
  return logs.loss!;
}

export interface SampleOptions {
  /** Characters to generate after the prompt. */
  readonly length: number;
  /** Divides the logits: below 1 is more conservative, above 1 more varied. Default 1. */
  readonly temperature?: number;
  readonly rng: Rng;
}

/** Draws an index from softmax(logits / temperature) with one uniform number. */
function drawIndex(logits: Float32Array | Int32Array | Uint8Array, temperature: number, u: number): number {
  let max = -Infinity;
  for (const l of logits) max = Math.max(max, l);
  const weights = Array.from(logits, (l) => Math.exp((l - max) / temperature));
  let target = u * weights.reduce((a, w) => a + w, 0);
  for (let i = 0; i < weights.length; i++) {
    target -= weights[i]!;
    if (target < 0) return i;
  }
  return weights.length - 1; // u·Σ rounded up to the sum itself
}

/**
 * Generates `length` characters after `prompt`: the prompt runs through the model once, then each
 * drawn character is fed back one step at a time with the LSTM's carried states (h, c). The same
 * `rng` state gives the same text.
 *
 * @example
 * ```ts
 * import { createRng } from '@strata/core';
 * import { buildVocabulary, charModel, sample } from './char-lm.js';
 *
 * const lm = charModel({ vocabulary: buildVocabulary('hello world'), units: 8 });
 * const { params } = lm.model.init(createRng(0), [null, 4]);
 * const text = sample(lm, params, 'he', { length: 5, rng: createRng(1) });
 * text.length; // => 5
 * ```
 */
export function sample(lm: CharModel, params: TensorTree, prompt: string, options: SampleOptions): string {
  const label = 'sample';
  assertKnownKeys(options, ['length', 'temperature', 'rng'], label);
  const { length, temperature = 1, rng } = options;
  assertInteger(length, `${label}({length})`, 0);
  assertNumber(temperature, `${label}({temperature})`, { min: 0, exclusiveMin: true });
  if (prompt.length === 0) throw new ConfigError(`${label}(prompt)`, 'must hold at least one character');
  const names = lm.model.layers.map((e) => e.name);
  const [pe, pl, ph] = names.map((n) => params[n]) as [TensorTree, TensorTree, TensorTree];
  if (!pe || !pl || !ph) {
    throw new ConfigError(
      `${label}(params)`,
      `expected the params of ${names.join(', ')}; pass the params lm.model was trained to`,
    );
  }
  const { embedding: emb, lstm: rnn, head } = lm.parts;
  const ctx = { training: false, state: {} };
  // One step of the model from states `s` (none: zeros) over ids [1, n]: the last logits and new states.
  const step = (ids: Int32Array, s?: tf.Tensor[]) =>
    tf.tidy(() => {
      const x = emb.apply(pe, tf.tensor2d(ids, [1, ids.length], 'int32'), ctx).y;
      const { y, states } = rnn.call(pl, x, ctx, s ? { initialState: s } : {});
      const last = tf.reshape(tf.slice(y, [0, ids.length - 1, 0], [1, 1, lm.units]), [1, lm.units]);
      return { logits: head.apply(ph, last, ctx).y, states };
    });
  let { logits, states } = step(encode(prompt, lm.vocabulary));
  const out: number[] = [];
  try {
    for (let i = 0; i < length; i++) {
      const id = drawIndex(logits.dataSync(), temperature, rng.next());
      out.push(id);
      if (i === length - 1) break;
      const next = step(Int32Array.of(id), states);
      tf.dispose([logits, ...states]);
      ({ logits, states } = next);
    }
  } finally {
    tf.dispose([logits, ...states]);
  }
  return decode(out, lm.vocabulary);
}
