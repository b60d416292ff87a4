import * as tf from '@tensorflow/tfjs-core';

export type HostValues = Float32Array | Int32Array;

// Values read by `readTogether`, by tensor. Tensors are immutable, so a value read once stays true
// for the tensor's life; the WeakMap lets disposed tensors' entries go with them.
const recorded = new WeakMap<tf.Tensor, HostValues>();

// int32 and bool tensors travel as two float32 halves (x = hi·2¹⁶ + lo, both exact in float32), so
// one float32 read carries counts above 2²⁴ without rounding.
const HALF = 65536;

/**
 * Reads several tensors back from the device in ONE read (flattened and concatenated there first),
 * and records each tensor's values so that a later `recordedValues(t)` (for instance a metric's
 * `compute`, through metrics' `readState`) answers without another read. float32 tensors come back as
 * Float32Array, int32 and bool tensors exactly as Int32Array. Owns nothing given.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { readTogether, recordedValues } from '@strata/core';
 *
 * const count = tf.scalar(50_000_001, 'int32');
 * const loss = tf.tensor1d([0.5, 0.25]);
 * const [c, l] = await readTogether([count, loss]);
 * c; // => [50000001]
 * l; // => [0.5, 0.25]
 * recordedValues(loss) === l; // => true
 * ```
 */
export async function readTogether(tensors: readonly tf.Tensor[]): Promise<HostValues[]> {
  const live = tensors.filter((t) => t.size > 0);
  let flat: Float32Array = new Float32Array(0);
  if (live.length > 0) {
    const stacked = tf.tidy(() =>
      tf.concat(
        live.flatMap((t) => {
          const x = tf.reshape(t, [-1]);
          if (t.dtype === 'float32') return [x];
          const int = tf.cast(x, 'int32');
          const hi = tf.floorDiv(int, tf.scalar(HALF, 'int32'));
          const lo = tf.sub(int, tf.mul(hi, tf.scalar(HALF, 'int32')));
          return [tf.cast(hi, 'float32'), tf.cast(lo, 'float32')];
        }),
        0,
      ),
    );
    flat = (await stacked.data()) as Float32Array;
    stacked.dispose();
  }
  let offset = 0;
  return tensors.map((t) => {
    const n = t.size;
    let values: HostValues;
    if (t.dtype === 'float32') {
      values = flat.slice(offset, offset + n);
      offset += n;
    } else {
      values = new Int32Array(n);
      for (let i = 0; i < n; i++) values[i] = flat[offset + i]! * HALF + flat[offset + n + i]!;
      offset += 2 * n;
    }
    recorded.set(t, values);
    return values;
  });
}

/**
 * The values `readTogether` read for this tensor, or undefined when it was not read that way (the
 * caller then reads it itself).
 */
export function recordedValues(t: tf.Tensor): HostValues | undefined {
  return t.isDisposed ? undefined : recorded.get(t);
}
