import { recordedValues } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import type { MetricState } from './types.js';

/**
 * Reads every field of a state back from the device in ONE sync (fields are flattened and
 * concatenated on the device first), for a metric's `compute`. Values come back flat, in row-major
 * order. All-int32 (or bool) states read exactly as int32; a state that mixes dtypes is read as float32.
 * A state whose tensors were all read already by core's `readTogether` (as the training loop reads
 * every metric of an epoch, with its logs, in one read) is answered from those values, exactly per
 * dtype, with no read of its own.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { readState } from '@strata/metrics';
 *
 * const state = { correct: tf.scalar(90, 'int32'), total: tf.scalar(100, 'int32') };
 * const { correct, total } = readState(state);
 * [correct, total]; // => [[90], [100]]
 * const accuracy = correct[0]! / total[0]!; // => 0.9
 * ```
 */
export function readState<S extends MetricState>(state: S): { [K in keyof S]: Float32Array | Int32Array } {
  const keys = Object.keys(state);
  const recorded = keys.map((k) => recordedValues(state[k]!));
  if (recorded.every((v) => v !== undefined)) {
    return Object.fromEntries(keys.map((k, i) => [k, recorded[i]!])) as {
      [K in keyof S]: Float32Array | Int32Array;
    };
  }
  const integer = keys.every((k) => state[k]!.dtype === 'int32' || state[k]!.dtype === 'bool');
  const dtype = integer ? 'int32' : 'float32';
  const sizes = keys.map((k) => state[k]!.size);
  const total = sizes.reduce((s, n) => s + n, 0);
  let values: Float32Array | Int32Array = integer ? new Int32Array(0) : new Float32Array(0);
  if (total > 0) {
    const flat = tf.tidy(() =>
      tf.concat(
        keys.filter((_, i) => sizes[i]! > 0).map((k) => tf.cast(tf.reshape(state[k]!, [-1]), dtype)),
        0,
      ),
    );
    values = flat.dataSync() as Float32Array | Int32Array;
    flat.dispose();
  }
  const out: Record<string, Float32Array | Int32Array> = {};
  let offset = 0;
  keys.forEach((k, i) => {
    out[k] = values.slice(offset, offset + sizes[i]!);
    offset += sizes[i]!;
  });
  return out as { [K in keyof S]: Float32Array | Int32Array };
}
