// The augmentation example's computation, kept apart from the page so that the page imports tfjs only
// in the browser (VitePress renders pages in Node first): a few MNIST digits from the subset the site
// ships, tinted so that the colour transforms have colour to turn, and every image transform of
// @strata/augment run on them as one batch, with its own child of a seeded Rng.
import {
  type Augmentation,
  centerCrop,
  cutmix,
  cutout,
  gaussianBlur,
  gaussianNoise,
  mixup,
  randomBrightness,
  randomContrast,
  randomCrop,
  randomErasing,
  randomFlip,
  randomHue,
  randomRotation,
  randomSaturation,
  randomShear,
  randomTranslation,
  randomZoom,
  resize,
  rot90,
} from '@strata/augment';
import { createRng, readTogether } from '@strata/core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { loadSubset } from './mnist-subset';

/** One row of the grid: the call as the page prints it, and the augmentation it makes. */
export interface Transform {
  readonly name: string;
  readonly label: string;
  readonly augmentation: Augmentation;
}

/** A batch read back to the host: N images of H×W RGB in [0, 1], and their labels [N, 10]. */
export interface Images {
  readonly n: number;
  readonly height: number;
  readonly width: number;
  readonly pixels: Float32Array;
  readonly labels: Float32Array;
}

const CLASSES = 10;
/** The digits shown: the first test image of each. */
export const DIGITS = [0, 1, 2, 3, 4, 5] as const;

// The label is written from the same options object the augmentation is made from, so the two agree.
function format(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(format).join(', ')}]`;
  return String(value);
}
function transform<O extends object>(
  name: string,
  make: (options: O) => Augmentation,
  options: O,
): Transform {
  const entries = Object.entries(options).map(([k, v]) => `${k}: ${format(v)}`);
  return { name, label: `${name}({ ${entries.join(', ')} })`, augmentation: make(options) };
}

/**
 * Every image transform @strata/augment exports (the combinators compose, oneOf and randomApply
 * aside), with options that read well on 28×28 digits. The end-to-end test checks this list against
 * the package's exports.
 */
export const TRANSFORMS: readonly Transform[] = [
  transform('randomFlip', randomFlip, { mode: 'horizontal_and_vertical' as const }),
  transform('rot90', rot90, { k: 1 }),
  transform('randomRotation', randomRotation, { factor: 0.1 }),
  transform('randomTranslation', randomTranslation, { height: 0.15, width: 0.15 }),
  transform('randomZoom', randomZoom, { height: [-0.3, 0.3] as const }),
  transform('randomShear', randomShear, { x: 0.3, y: 0.3 }),
  transform('randomCrop', randomCrop, { height: 28, width: 28, padding: 4 }),
  transform('centerCrop', centerCrop, { height: 20, width: 20 }),
  transform('resize', resize, { height: 14, width: 14, interpolation: 'nearest' as const }),
  transform('randomBrightness', randomBrightness, { factor: 0.3 }),
  transform('randomContrast', randomContrast, { factor: 0.6 }),
  transform('randomSaturation', randomSaturation, { factor: [0, 2] as const }),
  transform('randomHue', randomHue, { maxDelta: 0.5 }),
  transform('gaussianNoise', gaussianNoise, { stddev: 0.1 }),
  transform('gaussianBlur', gaussianBlur, { kernelSize: 7, sigma: [0.1, 2] as const }),
  transform('cutout', cutout, { size: 12, count: 1 }),
  transform('randomErasing', randomErasing, { probability: 0.8 }),
  transform('mixup', mixup, { alpha: 0.4 }),
  transform('cutmix', cutmix, { alpha: 1 }),
];

// Stroke and background colours: a different stroke per digit, so a hue turn or a mix shows.
const BACKGROUND = [0.08, 0.1, 0.22];
const STROKES = [
  [1, 0.55, 0.1],
  [0.2, 0.85, 0.45],
  [0.95, 0.25, 0.6],
  [0.3, 0.6, 1],
  [1, 0.9, 0.2],
  [0.7, 0.4, 1],
];

/** The wasm backend, its binaries served by the site (as the MNIST example's worker does). */
export async function setUp(base: string): Promise<string> {
  setWasmPaths(`${base}wasm/`);
  await tf.setBackend('wasm');
  return tf.getBackend();
}

/** The first test image of each of DIGITS, tinted RGB in [0, 1], with one-hot labels. */
export async function loadDigits(base: string): Promise<Images> {
  const url = `${base}mnist/test.bin`;
  const subset = await loadSubset(url);
  const n = DIGITS.length;
  const pixels = new Float32Array(n * 784 * 3);
  const labels = new Float32Array(n * CLASSES);
  DIGITS.forEach((digit, i) => {
    let row = 0;
    while (row < subset.n && subset.y[row] !== digit) row++;
    if (row === subset.n) throw new Error(`${url} holds no ${digit}`);
    const stroke = STROKES[i % STROKES.length]!;
    for (let k = 0; k < 784; k++) {
      const v = subset.x[row * 784 + k]! / 255;
      for (let c = 0; c < 3; c++) pixels[(i * 784 + k) * 3 + c] = BACKGROUND[c]! * (1 - v) + stroke[c]! * v;
    }
    labels[i * CLASSES + digit] = 1;
  });
  return { n, height: 28, width: 28, pixels, labels };
}

/**
 * Every transform of TRANSFORMS on the digits, from `seed`: transform i draws from the i-th child of
 * `createRng(seed)`, so a seed gives the same grid on every visit and every backend. Reads all results
 * back in one device read, and leaves no tensor behind.
 */
export async function augmentAll(images: Images, seed: number): Promise<Images[]> {
  const rngs = createRng(seed).split(TRANSFORMS.length);
  const x = tf.tensor4d(images.pixels, [images.n, images.height, images.width, 3]);
  const y = tf.tensor2d(images.labels, [images.n, CLASSES]);
  const outputs = TRANSFORMS.map((t, i) => t.augmentation({ x, y }, rngs[i]!));
  try {
    const values = await readTogether(outputs.flatMap((o) => [o.x, o.y ?? y]));
    return outputs.map((o, i) => ({
      n: o.x.shape[0],
      height: o.x.shape[1],
      width: o.x.shape[2],
      pixels: values[2 * i] as Float32Array,
      labels: values[2 * i + 1] as Float32Array,
    }));
  } finally {
    tf.dispose([x, y, ...outputs.flatMap((o) => (o.y ? [o.x, o.y] : [o.x]))]);
  }
}

/** Gap between two images of a strip, in pixels. */
const GAP = 2;

/** Draws a batch as one strip of images on `canvas`, pixel for pixel (the page scales it with CSS). */
export function drawStrip(canvas: HTMLCanvasElement, images: Images): void {
  const { n, height: h, width: w, pixels } = images;
  canvas.width = n * w + (n - 1) * GAP;
  canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2d context on the canvas');
  const image = ctx.createImageData(canvas.width, h);
  // Noise and brightness may leave [0, 1]; the strip shows values clipped to it.
  const byte = (v: number) => Math.round(Math.min(Math.max(v, 0), 1) * 255);
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < h; r++) {
      for (let c = 0; c < w; c++) {
        const from = ((i * h + r) * w + c) * 3;
        const to = (r * canvas.width + i * (w + GAP) + c) * 4;
        image.data[to] = byte(pixels[from]!);
        image.data[to + 1] = byte(pixels[from + 1]!);
        image.data[to + 2] = byte(pixels[from + 2]!);
        image.data[to + 3] = 255;
      }
    }
  }
  ctx.putImageData(image, 0, 0);
}

/** Each image's label as the page prints it: the class, or the two largest weights of a mixed one. */
export function describeLabels(images: Images): string[] {
  return Array.from({ length: images.n }, (_, i) => {
    const row = Array.from(images.labels.subarray(i * CLASSES, (i + 1) * CLASSES));
    const ranked = row.map((p, k) => ({ p, k })).sort((a, b) => b.p - a.p);
    const [first, second] = ranked as [{ p: number; k: number }, { p: number; k: number }];
    if (second.p < 0.005) return String(first.k); // prints as 0.00
    return `${first.k}·${first.p.toFixed(2)} + ${second.k}·${second.p.toFixed(2)}`;
  });
}
