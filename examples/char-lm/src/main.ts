// Trains the character-level LSTM on a slice of the State of the Union addresses for a bounded time,
// then prints train and validation bits per character and a sample.
// Usage: pnpm --filter @strata/example-char-lm start [--minutes 10] [--from 1901] [--to 1945]
//        [--units 128] [--seq 64] [--batch 32] [--steps-per-epoch 200] [--learning-rate 0.003] [--seed 0] [--backend wasm]
import { parseArgs } from 'node:util';
import { useBackend } from '@strata/backends';
import { createRng } from '@strata/core';
import { stateOfTheUnion } from '@strata/datasets';
import { disposeDeep } from '@strata/train';
import {
  bitsPerChar,
  buildVocabulary,
  charModel,
  encode,
  evaluateChars,
  sample,
  splitTail,
  trainCharModel,
  unigramBitsPerChar,
} from './char-lm.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    from: { type: 'string', default: '1901' },
    to: { type: 'string', default: '1945' },
    units: { type: 'string', default: '128' },
    seq: { type: 'string', default: '64' },
    batch: { type: 'string', default: '32' },
    'steps-per-epoch': { type: 'string', default: '200' },
    'learning-rate': { type: 'string', default: '0.003' },
    seed: { type: 'string', default: '0' },
    backend: { type: 'string', default: 'wasm' },
  },
});
const num = (name: keyof typeof values) => {
  const v = Number(values[name]);
  if (!Number.isFinite(v)) throw new Error(`--${name} must be a number, got ${values[name]}`);
  return v;
};

const info = await useBackend(values.backend as 'wasm');
const from = num('from');
const to = num('to');
const text = stateOfTheUnion({ from, to });
const vocabulary = buildVocabulary(text);
const ids = encode(text, vocabulary);
// The last 2% of the text (the latest addresses) is held out: the model never trains on it.
const { train, validation } = splitTail(ids, 0.02);
const seqLength = num('seq');
const batchSize = num('batch');
const lm = charModel({ vocabulary, units: num('units') });

console.log(
  `backend ${info.name}; text: State of the Union ${from}–${to}, ${ids.length.toLocaleString('en')} characters, ` +
    `${vocabulary.chars.length} distinct; train ${train.length.toLocaleString('en')}, validation ${validation.length.toLocaleString('en')} (the tail)`,
);
console.log(
  `model: embedding ${vocabulary.chars.length}×${lm.embeddingDim} → lstm ${lm.units} → dense ${vocabulary.chars.length}; ` +
    `windows of ${seqLength}, batch ${batchSize}, Adam ${values['learning-rate']} after clipping the gradient norm to 5`,
);
console.log(
  `unigram baseline (character frequencies of the training text): ${unigramBitsPerChar(train).toFixed(3)} bits/char`,
);

const started = performance.now();
const stepsPerEpoch = num('steps-per-epoch');
const result = await trainCharModel(lm, {
  train,
  validation,
  seqLength,
  batchSize,
  stepsPerEpoch,
  epochs: 100_000,
  learningRate: num('learning-rate'),
  maxSeconds: num('minutes') * 60,
  seed: num('seed'),
  callbacks: [
    {
      onEpochEnd(epoch, logs) {
        const minutes = (performance.now() - started) / 60_000;
        console.log(
          `epoch ${epoch + 1} (${(epoch + 1) * stepsPerEpoch} steps, ${minutes.toFixed(1)} min): ` +
            `train ${bitsPerChar(logs.loss!).toFixed(3)} bpc, validation ${bitsPerChar(logs.val_loss!).toFixed(3)} bpc, ` +
            `${logs.samplesPerSecond?.toFixed(1)} windows/s`,
        );
      },
    },
  ],
});
const seconds = (performance.now() - started) / 1000;
const steps = result.history.length * stepsPerEpoch;
const last = result.history.at(-1)!;
// Training bits per character over a fixed stretch of the training text, scored as the validation is.
const trainScore = bitsPerChar(
  await evaluateChars(lm, result.params, train.subarray(0, validation.length), seqLength),
);
const valScore = bitsPerChar(await evaluateChars(lm, result.params, validation, seqLength));
console.log(
  `\ntrained ${steps} steps (${(steps * batchSize * seqLength).toLocaleString('en')} characters) in ${(seconds / 60).toFixed(1)} min, ` +
    `${((steps * batchSize) / seconds).toFixed(1)} windows/s`,
);
console.log(`last epoch's training loss: ${bitsPerChar(last.loss!).toFixed(3)} bpc`);
console.log(
  `train (first ${validation.length.toLocaleString('en')} characters): ${trainScore.toFixed(3)} bpc`,
);
console.log(`validation (held-out tail): ${valScore.toFixed(3)} bpc`);
for (const temperature of [0.8, 1]) {
  const prompt = 'The Congress ';
  const text = sample(lm, result.params, prompt, { length: 400, temperature, rng: createRng(num('seed')) });
  console.log(
    `\nsample (temperature ${temperature}, seed ${num('seed')}, prompt ${JSON.stringify(prompt)}):\n${prompt}${text}`,
  );
}
disposeDeep([result.params, result.state, result.optState]);
