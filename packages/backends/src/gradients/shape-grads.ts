/**
 * Gradients of kernels that move elements without arithmetic: reshapes, transposes, tiling,
 * padding (constant and mirror), reversal and the space/batch reshuffles behind dilated pooling.
 */
import * as tf from '@tensorflow/tfjs-core';
import { saved, single } from './util.js';

/** Tile: every output element copies one input element, so dx sums dy over the copies. */
function tileInput(dy: tf.Tensor, inShape: readonly number[], reps: readonly number[]): tf.Tensor {
  // Output index k * s + j along an axis of size s tiled r times: reshape to interleaved [r, s] pairs
  // (row-major puts the copy index k first) and sum over the copy axes.
  const interleaved = inShape.flatMap((s, i) => [reps[i] ?? 1, s]);
  const copyAxes = inShape.map((_, i) => 2 * i);
  return tf.reshape(tf.sum(tf.reshape(dy, interleaved), copyAxes), [...inShape]);
}

/** A slice of `t` along one axis. */
function sliceAxis(t: tf.Tensor, axis: number, begin: number, size: number): tf.Tensor {
  const b = t.shape.map((_, i) => (i === axis ? begin : 0));
  const s = t.shape.map((d, i) => (i === axis ? size : d));
  return tf.slice(t, b, s);
}

/** Pads `t` along one axis with zeros. */
function padAxis(t: tf.Tensor, axis: number, before: number, after: number): tf.Tensor {
  return tf.pad(
    t,
    t.shape.map((_, i): [number, number] => (i === axis ? [before, after] : [0, 0])),
  );
}

/**
 * MirrorPad: the padded borders are copies of input elements near the edges, so their gradients fold
 * back onto those elements. 'reflect' mirrors around the edge element (x[1], x[2], ...), 'symmetric'
 * includes it (x[0], x[1], ...). Axes are independent, so they fold one after another.
 */
function mirrorPadInput(
  dy: tf.Tensor,
  inShape: readonly number[],
  paddings: readonly (readonly [number, number])[],
  mode: string,
): tf.Tensor {
  const offset = mode === 'reflect' ? 1 : 0;
  let g = dy;
  inShape.forEach((size, axis) => {
    const [before, after] = paddings[axis] ?? [0, 0];
    if (before === 0 && after === 0) return;
    let folded = sliceAxis(g, axis, before, size);
    if (before > 0) {
      const left = tf.reverse(sliceAxis(g, axis, 0, before), axis);
      folded = tf.add(folded, padAxis(left, axis, offset, size - offset - before));
    }
    if (after > 0) {
      const right = tf.reverse(sliceAxis(g, axis, before + size, after), axis);
      folded = tf.add(folded, padAxis(right, axis, size - offset - after, offset));
    }
    g = folded;
  });
  return g;
}

export const shapeGrads: tf.GradConfig[] = [
  {
    kernelName: tf.Reshape,
    inputsToSave: ['x'],
    gradFunc: (dy, list) => ({ x: () => tf.reshape(single(dy), saved(list, 0).shape) }),
  },
  {
    kernelName: tf.ExpandDims,
    inputsToSave: ['input'],
    gradFunc: (dy, list) => ({ input: () => tf.reshape(single(dy), saved(list, 0).shape) }),
  },
  {
    kernelName: tf.Transpose,
    gradFunc: (dy, _list, attrs) => {
      const perm = attrs.perm as number[];
      const inverse = perm.map((_, i) => perm.indexOf(i));
      return { x: () => tf.transpose(single(dy), inverse) };
    },
  },
  {
    kernelName: tf.Tile,
    inputsToSave: ['x'],
    gradFunc: (dy, list, attrs) => ({
      x: () => tileInput(single(dy), saved(list, 0).shape, attrs.reps as number[]),
    }),
  },
  {
    kernelName: tf.PadV2,
    inputsToSave: ['x'],
    gradFunc: (dy, list, attrs) => {
      const x = saved(list, 0);
      const paddings = attrs.paddings as [number, number][];
      return {
        x: () =>
          tf.slice(
            single(dy),
            paddings.map(([before]) => before),
            x.shape,
          ),
      };
    },
  },
  {
    kernelName: tf.MirrorPad,
    inputsToSave: ['x'],
    gradFunc: (dy, list, attrs) => ({
      x: () =>
        mirrorPadInput(
          single(dy),
          saved(list, 0).shape,
          attrs.paddings as [number, number][],
          attrs.mode as string,
        ),
    }),
  },
  {
    kernelName: tf.Reverse,
    gradFunc: (dy, _list, attrs) => ({ x: () => tf.reverse(single(dy), attrs.dims as number | number[]) }),
  },
  {
    // SpaceToBatchND and BatchToSpaceND are permutations (plus zero padding / cropping) and each
    // other's inverse, so each one's gradient is the other with paddings and crops swapped.
    kernelName: tf.SpaceToBatchND,
    gradFunc: (dy, _list, attrs) => ({
      x: () => tf.batchToSpaceND(single(dy), attrs.blockShape as number[], attrs.paddings as number[][]),
    }),
  },
  {
    kernelName: tf.BatchToSpaceND,
    gradFunc: (dy, _list, attrs) => ({
      x: () => tf.spaceToBatchND(single(dy), attrs.blockShape as number[], attrs.crops as number[][]),
    }),
  },
];
