/**
 * Gradients of kernels that select, join or split parts of tensors: slices (plain and strided),
 * concat/split, stack/unstack, gather (embedding lookup), segment sums and select (`where`).
 */
import * as tf from '@tensorflow/tfjs-core';
import { normalizeAxis, saved, several, single, sumToShape } from './util.js';

/**
 * StridedSlice: scatter `dy` back to the selected positions, zero elsewhere. tfjs's `sliceInfo`
 * canonicalises begin/end/strides per input axis (masks, ellipsis, negative indices); each axis then
 * becomes a reversal (negative stride), a zero interleave (stride > 1) and a zero pad.
 */
function stridedSliceInput(dy: tf.Tensor, inShape: readonly number[], attrs: tf.NamedAttrMap): tf.Tensor {
  const info = tf.slice_util.sliceInfo(
    [...inShape],
    attrs.begin as number[],
    attrs.end as number[],
    attrs.strides as number[],
    attrs.beginMask as number,
    attrs.endMask as number,
    attrs.ellipsisMask as number,
    attrs.newAxisMask as number,
    attrs.shrinkAxisMask as number,
  );
  const counts = inShape.map((_, i) => {
    const length = (info.end[i] as number) - (info.begin[i] as number);
    const stride = info.strides[i] as number;
    if (length === 0 || length < 0 !== stride < 0) return 0;
    return Math.ceil(Math.abs(length) / Math.abs(stride));
  });
  if (counts.some((n) => n === 0)) return tf.zeros([...inShape]);
  // New axes (size 1) and shrunk axes (size 1) leave the element order unchanged.
  let g = tf.reshape(dy, counts);
  const paddings: [number, number][] = [];
  inShape.forEach((size, axis) => {
    const n = counts[axis] as number;
    let stride = info.strides[axis] as number;
    let first = info.begin[axis] as number;
    if (stride < 0) {
      g = tf.reverse(g, axis);
      first += (n - 1) * stride;
      stride = -stride;
    }
    if (stride > 1 && n > 1) {
      // [.., n, ..] -> [.., n, 1, ..] -> zero-pad to [.., n, stride, ..] -> [.., n * stride, ..], then
      // drop the trailing zeros after the last selected element.
      const shape = g.shape;
      const spread = tf.pad(
        tf.expandDims(g, axis + 1),
        [...shape, 1].map((_, i): [number, number] => (i === axis + 1 ? [0, stride - 1] : [0, 0])),
      );
      const widened = tf.reshape(
        spread,
        shape.map((d, i) => (i === axis ? d * stride : d)),
      );
      g = tf.slice(
        widened,
        shape.map(() => 0),
        shape.map((d, i) => (i === axis ? (n - 1) * stride + 1 : d)),
      );
    }
    const span = (n - 1) * stride + 1;
    paddings.push([first, size - first - span]);
  });
  return tf.pad(g, paddings);
}

/**
 * GatherV2 with `batchDims` b and `axis` a: the output is x.shape[:a] + indices.shape[b:] + x.shape[a+1:].
 * Its gradient sums dy rows into the gathered positions: one `unsortedSegmentSum` over segment ids
 * offset per batch element (batch * N + index), after moving the gathered axis next to the batch axes.
 */
function gatherInput(
  dy: tf.Tensor,
  x: tf.Tensor,
  indices: tf.Tensor,
  axis: number,
  batchDims: number,
): tf.Tensor {
  const prod = (dims: readonly number[]) => dims.reduce((n, d) => n * d, 1);
  const xs = x.shape;
  const batch = prod(xs.slice(0, batchDims));
  const outer = prod(xs.slice(batchDims, axis));
  const n = xs[axis] as number;
  const inner = prod(xs.slice(axis + 1));
  const perBatch = prod(indices.shape.slice(batchDims));
  // dy is laid out [batch, outer, indices..., inner]; segments need [batch, indices..., outer, inner].
  const rows = tf.reshape(tf.transpose(tf.reshape(dy, [batch, outer, perBatch, inner]), [0, 2, 1, 3]), [
    batch * perBatch,
    outer * inner,
  ]);
  const offsets = tf.mul(tf.range(0, batch, 1, 'int32'), tf.scalar(n, 'int32'));
  const ids = tf.reshape(
    tf.add(tf.reshape(tf.cast(indices, 'int32'), [batch, perBatch]), tf.reshape(offsets, [batch, 1])),
    [batch * perBatch],
  );
  const summed = tf.unsortedSegmentSum(rows, ids as tf.Tensor1D, batch * n);
  return tf.reshape(tf.transpose(tf.reshape(summed, [batch, n, outer, inner]), [0, 2, 1, 3]), xs);
}

export const slicingGrads: tf.GradConfig[] = [
  {
    kernelName: tf.Slice,
    inputsToSave: ['x'],
    gradFunc: (dy, list, attrs) => {
      const x = saved(list, 0);
      const [begin, size] = tf.slice_util.parseSliceParams(
        x,
        attrs.begin as number | number[],
        attrs.size as number | number[],
      ) as [number[], number[]];
      const paddings = x.shape.map((d, i): [number, number] => {
        const b = begin[i] as number;
        return [b, d - b - (size[i] as number)];
      });
      return { x: () => tf.pad(single(dy), paddings) };
    },
  },
  {
    kernelName: tf.StridedSlice,
    inputsToSave: ['x'],
    gradFunc: (dy, list, attrs) => ({ x: () => stridedSliceInput(single(dy), saved(list, 0).shape, attrs) }),
  },
  {
    kernelName: tf.Concat,
    // Each input's extent along the axis is needed, and the number of inputs is only known from here.
    saveAllInputs: true,
    gradFunc: (dy, list, attrs) => {
      const g = single(dy);
      const axis = normalizeAxis(attrs.axis as number, g.rank);
      let offset = 0;
      const parts = list.map((t) => {
        const begin = g.shape.map((_, i) => (i === axis ? offset : 0));
        const size = t.shape.slice();
        offset += t.shape[axis] as number;
        return [begin, size] as const;
      });
      return Object.fromEntries(parts.map(([begin, size], i) => [String(i), () => tf.slice(g, begin, size)]));
    },
  },
  {
    kernelName: tf.SplitV,
    gradFunc: (dy, _list, attrs) => {
      const parts = several(dy);
      const axis = normalizeAxis(attrs.axis as number, (parts[0] as tf.Tensor).rank);
      return { x: () => tf.concat(parts, axis) };
    },
  },
  {
    kernelName: tf.Pack,
    gradFunc: (dy, _list, attrs) => {
      const g = single(dy);
      const axis = normalizeAxis(attrs.axis as number, g.rank);
      const count = g.shape[axis] as number;
      const itemShape = g.shape.filter((_, i) => i !== axis);
      const item = (k: number) => () =>
        tf.reshape(
          tf.slice(
            g,
            g.shape.map((_, i) => (i === axis ? k : 0)),
            g.shape.map((d, i) => (i === axis ? 1 : d)),
          ),
          itemShape,
        );
      return Object.fromEntries(Array.from({ length: count }, (_, k) => [String(k), item(k)]));
    },
  },
  {
    kernelName: tf.Unpack,
    gradFunc: (dy, _list, attrs) => {
      const parts = several(dy);
      const axis = normalizeAxis(attrs.axis as number, (parts[0] as tf.Tensor).rank + 1);
      return { value: () => tf.stack(parts, axis) };
    },
  },
  {
    kernelName: tf.GatherV2,
    inputsToSave: ['x', 'indices'],
    gradFunc: (dy, list, attrs) => {
      const x = saved(list, 0);
      const indices = saved(list, 1);
      const axis = normalizeAxis(attrs.axis as number, x.rank);
      const batchDims = normalizeAxis((attrs.batchDims as number | undefined) ?? 0, indices.rank);
      return { x: () => gatherInput(single(dy), x, indices, axis, batchDims) };
    },
  },
  {
    // Each input row went to segment ids[i] (or nowhere for a negative id), so it reads that row of dy.
    kernelName: tf.UnsortedSegmentSum,
    inputsToSave: ['segmentIds'],
    gradFunc: (dy, list) => {
      const ids = saved(list, 0);
      return {
        x: () => {
          const g = single(dy);
          const zero = tf.scalar(0, 'int32');
          const valid = tf.greaterEqual(ids, zero);
          const rows = tf.gather(g, tf.maximum(ids, zero));
          const ones = Array.from({ length: rows.rank - ids.rank }, () => 1);
          return tf.mul(rows, tf.cast(tf.reshape(valid, [...ids.shape, ...ones]), 'float32'));
        },
      };
    },
  },
  {
    // The condition selects, it is not differentiated; its slot gets zeros so a condition computed
    // from the differentiated input (e.g. `where(abs(x) < 1, ...)`) does not stop backprop.
    kernelName: tf.Select,
    inputsToSave: ['condition', 't', 'e'],
    gradFunc: (dy, list) => {
      const condition = saved(list, 0);
      const t = saved(list, 1);
      const e = saved(list, 2);
      const g = single(dy);
      return {
        condition: () => tf.zeros(condition.shape),
        t: () => sumToShape(tf.where(condition, g, tf.zerosLike(g)), t.shape),
        e: () => sumToShape(tf.where(condition, tf.zerosLike(g), g), e.shape),
      };
    },
  },
];
