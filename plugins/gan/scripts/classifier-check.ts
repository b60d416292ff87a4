/*
 * The check issue 15 puts on generated MNIST images (GAN and VAE samples): an MNIST classifier trained
 * by `strata train` (the `mnist-cnn` preset's run folder) labels them, and the images should be
 * recognisable (most labelled with confidence ≥ 0.9) and varied (every digit a fair share of those).
 * Used by evaluate.ts here and by plugins/autoencoder/scripts/evaluate-vae.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { registryFor } from '@strata/cli';
import { disposeTree, type Layer } from '@strata/core';
import { loadCheckpoint } from '@strata/train';
import * as tf from '@tensorflow/tfjs-core';

/** A `strata train` run folder's config.json. */
export function runConfig(run: string): { model: { id: string; options: Record<string, unknown> } } {
  return JSON.parse(readFileSync(join(run, 'config.json'), 'utf8'));
}

/**
 * Class probabilities of `images` ([N, 28, 28, 1] in [0, 1]) from the classifier a run folder holds:
 * built by its registry id from the run's config, with the params it saved in `model/`.
 */
export async function classify(classifierRun: string, images: tf.Tensor): Promise<number[][]> {
  const config = runConfig(classifierRun);
  const classifier = (await registryFor([])).create(config.model.id, config.model.options) as Layer;
  const trained = loadCheckpoint(join(classifierRun, 'model'));
  const probabilities = tf.tidy(() =>
    tf.softmax(classifier.apply(trained.params, images, { training: false, state: trained.state }).y),
  );
  const p = probabilities.arraySync() as number[][];
  probabilities.dispose();
  disposeTree([trained.params, trained.state]);
  return p;
}

/**
 * The unconditional check: the share of images whose top class has probability ≥ `confidence`, and
 * each class's share of those confident images. Passes when the first is ≥ `minConfident` and every
 * class's share is ≥ `minClassShare` (no mode collapse).
 */
export function confidenceCheck(
  p: readonly number[][],
  { confidence = 0.9, minConfident = 0.8, minClassShare = 0.05 } = {},
) {
  const classes = p[0]?.length ?? 0;
  const confident = p
    .filter((row) => Math.max(...row) >= confidence)
    .map((row) => row.indexOf(Math.max(...row)));
  const confidentShare = confident.length / p.length;
  const classShareOfConfident = Array.from(
    { length: classes },
    (_, k) => confident.filter((c) => c === k).length / Math.max(1, confident.length),
  );
  return {
    count: p.length,
    confidentShare,
    classShareOfConfident,
    pass: confidentShare >= minConfident && classShareOfConfident.every((s) => s >= minClassShare),
  };
}
