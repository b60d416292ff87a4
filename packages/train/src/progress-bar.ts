import type { Logs } from '@strata/core';
import cliProgress from 'cli-progress';
import type { TrainCallback } from './context.js';

export interface ProgressBarOptions {
  /** Where to draw. Default process.stderr. */
  readonly stream?: NodeJS.WriteStream;
  /** Draw a live bar (default: when `stream` is a terminal); otherwise print one line per epoch. */
  readonly live?: boolean;
}

function fmt(v: number | undefined, digits = 4): string {
  return v === undefined || Number.isNaN(v) ? '-' : v.toFixed(digits);
}

/** One line that sums up an epoch: loss, metrics, validation, speed. */
export function formatEpoch(epoch: number, epochs: number, logs: Logs): string {
  const parts = [`epoch ${epoch + 1}/${epochs}`];
  for (const [k, v] of Object.entries(logs)) {
    if (k === 'epoch' || k === 'seconds' || k === 'samplesPerSecond') continue;
    parts.push(`${k} ${fmt(v)}`);
  }
  parts.push(`${Math.round(logs.samplesPerSecond ?? 0)} samples/s`, `${fmt(logs.seconds, 1)} s`);
  return parts.join(' · ');
}

/**
 * A progress display for `fit`: on a terminal, a live bar with the step's logs, samples/s and ETA per epoch
 * (updated every `logEvery` steps, when the loop reads the running loss anyway); elsewhere one line
 * per epoch.
 */
export function progressBar(options: ProgressBarOptions = {}): TrainCallback {
  const stream = options.stream ?? process.stderr;
  const live = options.live ?? stream.isTTY === true;
  let bar: cliProgress.SingleBar | undefined;
  let epochStartStep = 0;
  let epochStart = 0;
  return {
    onEpochBegin(epoch, ctx) {
      epochStartStep = ctx.step;
      epochStart = performance.now();
      if (!live) return;
      bar = new cliProgress.SingleBar(
        {
          stream,
          format: `epoch ${epoch + 1}/${ctx.epochs} {bar} {value}/{total} · {logs} · {sps} samples/s · ETA {eta_formatted}`,
          barsize: 24,
          hideCursor: true,
          clearOnComplete: true,
          etaBuffer: 50,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(ctx.stepsPerEpoch ?? 0, 0, { logs: '-', sps: '-' });
    },
    onBatchEnd(step, logs) {
      const seconds = (performance.now() - epochStart) / 1000;
      bar?.update(step - epochStartStep, {
        // Whatever the step logs: `loss`, or a GAN's `d_loss` and `g_loss`.
        logs: Object.entries(logs)
          .filter(([k]) => k !== 'samples')
          .map(([k, v]) => `${k} ${fmt(v)}`)
          .join(' · '),
        sps: seconds > 0 ? Math.round((logs.samples ?? 0) / seconds) : '-',
      });
    },
    onEpochEnd(epoch, logs, ctx) {
      bar?.stop();
      bar = undefined;
      stream.write(`${formatEpoch(epoch, ctx.epochs, logs)}\n`);
    },
    onTrainEnd() {
      bar?.stop();
    },
  };
}
