// The GAN example's computation, apart from the page so that tfjs loads only in the browser: the
// class-conditional generator the site ships (trained by `strata train` with @strata/plugin-gan's
// MNIST preset, written by plugins/gan/scripts/export-generator.ts), rebuilt from its recorded options
// and asked for images of each digit on tfjs's WASM backend.
import { registerTrainingKernels } from '@strata/backends';
import { decodeSafetensors, disposeTree, type TensorTree } from '@strata/core';
import { type ConditionalGanOptions, conditionalGan, generateImages } from '@strata/plugin-gan';
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
  /** Row k holds `perClass` images of class k: [classes × perClass] images of 28×28 in [0, 1]. */
  sample(seed: number, perClass: number): Promise<{ pixels: Float32Array; size: number }>;
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
    async sample(seed, perClass) {
      const labels = Array.from({ length: classes * perClass }, (_, i) => Math.floor(i / perClass));
      const images = generateImages(parts, trained, { labels, seed });
      const pixels = (await images.data()) as Float32Array;
      const size = images.shape[1];
      images.dispose();
      return { pixels, size };
    },
  };
}

/** Draws the images as a grid, `perRow` a row with a 2-pixel gap, grey on white. */
export function drawGrid(
  canvas: HTMLCanvasElement,
  { pixels, size }: { pixels: Float32Array; size: number },
  perRow: number,
): void {
  const n = pixels.length / (size * size);
  const rows = Math.ceil(n / perRow);
  const gap = 2;
  canvas.width = perRow * (size + gap) - gap;
  canvas.height = rows * (size + gap) - gap;
  const ctx = canvas.getContext('2d')!;
  const out = ctx.createImageData(canvas.width, canvas.height);
  for (let i = 0; i < n; i++) {
    const [r, c] = [Math.floor(i / perRow), i % perRow];
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const v = 255 - Math.round(255 * Math.min(1, Math.max(0, pixels[i * size * size + y * size + x]!)));
        const at = 4 * ((r * (size + gap) + y) * canvas.width + c * (size + gap) + x);
        out.data.set([v, v, v, 255], at);
      }
    }
  }
  ctx.putImageData(out, 0, 0);
}
