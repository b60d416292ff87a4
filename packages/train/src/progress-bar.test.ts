import { describe, expect, it } from 'vitest';
import type { TrainContext } from './context.js';
import { formatEpoch, progressBar } from './progress-bar.js';

/** A terminal-like stream that keeps what is written. */
function fakeTerminal() {
  const chunks: string[] = [];
  const stream = {
    isTTY: true,
    columns: 200,
    write: (chunk: string) => {
      chunks.push(chunk);
      return true;
    },
    cursorTo: () => true,
    clearLine: () => true,
    moveCursor: () => true,
    on: () => stream,
    removeListener: () => stream,
  };
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => chunks.join('') };
}

describe('progressBar', () => {
  it('sums up an epoch with every log the step made, in order, then speed and time', () => {
    const line = formatEpoch(1, 5, {
      epoch: 1,
      d_loss: 2 * Math.LN2,
      g_loss: Math.LN2,
      seconds: 2.04,
      samplesPerSecond: 980.4,
    });
    expect(line).toBe('epoch 2/5 · d_loss 1.3863 · g_loss 0.6931 · 980 samples/s · 2.0 s');
  });

  it("shows a GAN step's two losses on the live bar, not a missing 'loss'", async () => {
    const { stream, text } = fakeTerminal();
    const bar = progressBar({ stream, live: true });
    const ctx = { epochs: 1, step: 0, stepsPerEpoch: 10 } as unknown as TrainContext;
    await bar.onEpochBegin?.(0, ctx);
    await bar.onBatchEnd?.(4, { d_loss: 1.25, g_loss: 0.75, samples: 128 }, ctx);
    await bar.onEpochEnd?.(0, { epoch: 0, d_loss: 1.2, g_loss: 0.8, seconds: 1, samplesPerSecond: 320 }, ctx);
    expect(text()).toContain('d_loss 1.2500 · g_loss 0.7500');
    expect(text()).toContain('epoch 1/1 · d_loss 1.2000 · g_loss 0.8000 · 320 samples/s · 1.0 s\n');
  });
});
