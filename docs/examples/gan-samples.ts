// The GAN example's computation, apart from the page so that tfjs loads only in the browser: the
// class-conditional generator the site ships (trained by `strata train` with @strata/plugin-gan's
// MNIST preset, written by plugins/gan/scripts/export-generator.ts), rebuilt from its recorded options
// and asked for images of each digit on tfjs's WASM backend.
import { registerTrainingKernels } from '@strata/backends';
import { decodeSafetensors, disposeTree, type TensorTree } from '@strata/core';
import {
  type ConditionalGanOptions,
  conditionalGan,
  generateImages,
  type SampleGrid,
  sampleGrid,
} from '@strata/plugin-gan';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';

/** The generator file the site ships, under the site's base. */
export const GENERATOR = 'gan/mnist-conditional-generator.safetensors';

/** A loaded generator: what it is, and a function that draws `perClass` images of every class. */
export interface Sampler {
  readonly backend: string;
  readonly classes: number;
  readonly epochs: string;
  readonly options: ConditionalGanOptions;
  /** Row k holds `perClass` images of class k, 2 pixels apart: one grey 8-bit grid. */
  sample(seed: number, perClass: number): SampleGrid;
}

export async function loadSampler(base: string): Promise<Sampler> {
  setWasmPaths(`${base}wasm/`);
  await tf.setBackend('wasm');
  registerTrainingKernels();
  const res = await fetch(`${base}${GENERATOR}`);
  if (!res.ok) throw new Error(`${GENERATOR}: HTTP ${res.status}`);
  const { tensors, metadata } = decodeSafetensors(new Uint8Array(await res.arrayBuffer()));
  if (metadata.architecture !== 'gan/conditional') {
    disposeTree(tensors);
    throw new Error(`${GENERATOR} holds a ${metadata.architecture} generator, not gan/conditional`);
  }
  const options = JSON.parse(metadata.options ?? '{}') as ConditionalGanOptions;
  const parts = conditionalGan(options);
  const trained = {
    params: { generator: tensors.params as TensorTree },
    state: { generator: (tensors.state ?? {}) as TensorTree },
  };
  const classes = options.classes ?? 10;
  return {
    backend: tf.getBackend(),
    classes,
    epochs: metadata.epochs ?? '?',
    options,
    sample(seed, perClass) {
      const labels = Array.from({ length: classes * perClass }, (_, i) => Math.floor(i / perClass));
      const images = generateImages(parts, trained, { labels, seed });
      try {
        return sampleGrid(images, { rows: classes, gap: 2 });
      } finally {
        images.dispose();
      }
    },
  };
}

/** Draws a grey grid on the canvas, dark strokes on white. */
export function drawGrid(canvas: HTMLCanvasElement, grid: SampleGrid): void {
  canvas.width = grid.width;
  canvas.height = grid.height;
  const ctx = canvas.getContext('2d')!;
  const out = ctx.createImageData(grid.width, grid.height);
  grid.pixels.forEach((v, i) => {
    out.data.set([255 - v, 255 - v, 255 - v, 255], 4 * i);
  });
  ctx.putImageData(out, 0, 0);
}
