import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { disposeTree } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { flipBytes, readManifest, truncate, values, writeNaN } from './checkpoint-damage.test-util.js';
import type { TrainCallback } from './context.js';
import { fit } from './fit.js';
import { ganStep, realData } from './parallel/gan-setup.test-util.js';

// A GAN-shaped step (two groups, two Adams, fresh noise every epoch), so resuming one epoch earlier
// than the crash must also redraw that epoch's noise exactly for the params to come out the same.
const options = () => ({ step: ganStep(), data: realData(96, 32, 5), epochs: 5, seed: 5 });

afterEach(() => {
  vi.restoreAllMocks();
});

const damages: [string, (dir: string) => void, RegExp][] = [
  [
    'flipped bytes',
    (dir) =>
      flipBytes(
        join(dir, readManifest(dir).bin),
        Array.from({ length: 64 }, (_, i) => [i * 13 + 1, 0xff] as const),
      ),
    /its SHA-256 does not match the one in checkpoint\.json/,
  ],
  ['truncation', (dir) => truncate(join(dir, readManifest(dir).bin), 100), /: it is truncated/],
  ['NaN written in', (dir) => writeNaN(dir, false), /its SHA-256 does not match/],
  [
    'NaN written in, checksums recomputed',
    (dir) => writeNaN(dir, true),
    /holds NaN at index 0; a checkpoint must hold finite weights/,
  ],
];

describe('fit({ resume }) over a damaged latest checkpoint', () => {
  it.each(damages)(
    'detects %s, warns, resumes from the previous one and ends as an uninterrupted run',
    async (_, damage, problem) => {
      const before = tf.memory().numTensors;
      const full = await fit(options());
      const dir = mkdtempSync(join(tmpdir(), 'strata-resume-'));
      // Killed in epoch 3's callbacks: the latest checkpoint is epoch 2's, the previous epoch 1's.
      const crash: TrainCallback = {
        onEpochEnd: (epoch) => {
          if (epoch === 3) throw new Error('killed');
        },
      };
      await expect(fit({ ...options(), callbacks: [crash], checkpointDir: dir })).rejects.toThrow('killed');
      expect(readManifest(dir).epoch).toBe(2);
      damage(dir);
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      const begun: number[] = [];
      const resumed = await fit({
        ...options(),
        checkpointDir: dir,
        resume: true,
        callbacks: [{ onEpochBegin: (epoch) => void begun.push(epoch) }],
      });
      expect(warn).toHaveBeenCalledTimes(1);
      const message = String(warn.mock.calls[0]![0]);
      expect(message).toMatch(problem);
      expect(message).toContain('resuming from the previous one, checkpoint.prev.json (epoch 1), instead');
      // Epochs 2, 3 and 4 trained again, from epoch 1's checkpoint.
      expect(begun).toEqual([2, 3, 4]);
      expect(resumed.history.map((h) => [h.d_loss, h.g_loss])).toEqual(
        full.history.map((h) => [h.d_loss, h.g_loss]),
      );
      expect(values(resumed.params)).toEqual(values(full.params));
      for (const r of [full, resumed]) disposeTree([r.params, r.state, r.optState]);
      expect(tf.memory().numTensors).toBe(before);
    },
  );

  it('stops with a labelled error naming both files when neither checkpoint is whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-resume-'));
    await fit({ ...options(), epochs: 2, checkpointDir: dir });
    writeNaN(dir, false);
    flipBytes(join(dir, 'checkpoint.prev.json'), [[20, 8]]);
    const before = tf.memory().numTensors;
    await expect(fit({ ...options(), checkpointDir: dir, resume: true })).rejects.toThrow(
      /^loadCheckpoint\(".*"\): no whole checkpoint here: .*\.bin: its SHA-256 does not match .*checkpoint\.prev\.json: its checksum does not match its contents.*delete it and train from the start without resume$/,
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});
