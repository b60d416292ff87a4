import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { DataError } from './errors.js';
import { decodeSafetensors, encodeSafetensors } from './safetensors.js';
import { flattenTree } from './tree.js';

/** An independent minimal reader: the u64 length, the JSON header, then each tensor from its offsets. */
function minimalRead(bytes: Uint8Array) {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(dv.getBigUint64(0, true));
  const header = JSON.parse(Buffer.from(bytes.subarray(8, 8 + n)).toString('utf8'));
  const base = 8 + n;
  const out: Record<string, { dtype: string; shape: number[]; values: number[] }> = {};
  for (const [name, info] of Object.entries(
    header as Record<string, { dtype: string; shape: number[]; data_offsets: number[] }>,
  )) {
    if (name === '__metadata__') continue;
    const [b, e] = info.data_offsets as [number, number];
    const values: number[] = [];
    const width = info.dtype === 'BOOL' ? 1 : 4;
    for (let at = base + b; at < base + e; at += width) {
      values.push(
        info.dtype === 'F32'
          ? dv.getFloat32(at, true)
          : info.dtype === 'I32'
            ? dv.getInt32(at, true)
            : dv.getUint8(at),
      );
    }
    out[name] = { dtype: info.dtype, shape: info.shape, values };
  }
  return { n, header, out };
}

/** An independent minimal writer: header JSON (unpadded, any key order), u64 length, raw LE data. */
function minimalWrite(
  tensors: Record<string, { dtype: 'F32' | 'F16' | 'I64'; shape: number[]; values: number[] }>,
  meta?: Record<string, string>,
) {
  const names = Object.keys(tensors).reverse();
  const header: Record<string, unknown> = meta ? { __metadata__: meta } : {};
  const parts: Buffer[] = [];
  let off = 0;
  for (const name of names) {
    const t = tensors[name]!;
    const width = t.dtype === 'F32' ? 4 : t.dtype === 'F16' ? 2 : 8;
    const buf = Buffer.alloc(t.values.length * width);
    t.values.forEach((v, i) => {
      if (t.dtype === 'F32') buf.writeFloatLE(v, i * 4);
      else if (t.dtype === 'I64') buf.writeBigInt64LE(BigInt(v), i * 8);
      else buf.writeUInt16LE(v, i * 2); // raw half-precision bits
    });
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [off, off + buf.length] };
    parts.push(buf);
    off += buf.length;
  }
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  return new Uint8Array(Buffer.concat([len, json, ...parts]));
}

describe('safetensors', () => {
  it('what Strata writes, a minimal reader parses: length, header, dtypes, shapes, offsets, values', () => {
    const tree = {
      dense: {
        kernel: tf.tensor2d([
          [1.5, -2],
          [3.25, 1e-8],
        ]),
        bias: tf.tensor1d([0.1, 0.2]),
      },
      step: tf.scalar(7, 'int32'),
      mask: tf.tensor1d([true, false, true], 'bool'),
    };
    const bytes = encodeSafetensors(tree, { format: 'strata' });
    const { n, header, out } = minimalRead(bytes);
    expect(n % 8).toBe(0);
    expect(header.__metadata__).toEqual({ format: 'strata' });
    expect(out['dense/kernel']).toEqual({
      dtype: 'F32',
      shape: [2, 2],
      values: Array.from(tree.dense.kernel.dataSync()),
    });
    expect(out['dense/bias']!.values).toEqual(Array.from(new Float32Array([0.1, 0.2])));
    expect(out.step).toEqual({ dtype: 'I32', shape: [], values: [7] });
    expect(out.mask).toEqual({ dtype: 'BOOL', shape: [3], values: [1, 0, 1] });
    expect(header['dense/kernel'].data_offsets).toEqual([0, 16]);
    expect(header['dense/bias'].data_offsets).toEqual([16, 24]);
    expect(8 + n + 16 + 8 + 4 + 3).toBe(bytes.byteLength);
    tf.dispose(Object.values(flattenTree(tree)));
  });

  it('what a minimal writer makes, Strata reads (any key order, F16 and I64 converted)', () => {
    const bytes = minimalWrite(
      {
        'layer/w': { dtype: 'F32', shape: [3], values: [1, -0.5, 2] },
        half: { dtype: 'F16', shape: [2], values: [0x3c00, 0xc000] }, // 1 and -2
        ids: { dtype: 'I64', shape: [2], values: [5, -3] },
      },
      { source: 'test' },
    );
    const before = tf.memory().numTensors;
    const { tensors, metadata } = decodeSafetensors(bytes);
    const flat = flattenTree(tensors);
    expect(metadata).toEqual({ source: 'test' });
    expect(Array.from(flat['layer/w']!.dataSync())).toEqual([1, -0.5, 2]);
    expect(Array.from(flat.half!.dataSync())).toEqual([1, -2]);
    expect(flat.ids!.dtype).toBe('int32');
    expect(Array.from(flat.ids!.dataSync())).toEqual([5, -3]);
    tf.dispose(Object.values(flat));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('round-trips bit for bit, including NaN, -0 and subnormals', () => {
    const values = new Float32Array([Number.NaN, -0, 1e-45, 3.4028234663852886e38, -1.1754942e-38]);
    const t = tf.tensor1d(values);
    const { tensors } = decodeSafetensors(encodeSafetensors({ t }));
    const got = new Uint32Array((tensors.t as tf.Tensor).dataSync().buffer.slice(0));
    expect(Array.from(got)).toEqual(Array.from(new Uint32Array(values.buffer)));
    tf.dispose([t, tensors.t as tf.Tensor]);
  });

  it('names what is wrong with a damaged file', () => {
    const good = minimalWrite({ a: { dtype: 'F32', shape: [2], values: [1, 2] } });
    expect(() => decodeSafetensors(good.subarray(0, 5))).toThrow(DataError);
    expect(() => decodeSafetensors(good.subarray(0, good.length - 1))).toThrow(
      /'a' ends at byte 8, past the data's 7 bytes/,
    );
    const wrongShape = minimalWrite({ a: { dtype: 'F32', shape: [3], values: [1, 2] } });
    expect(() => decodeSafetensors(wrongShape)).toThrow(/'a' spans 8 bytes, but F32 of shape \[3\] takes 12/);
    const before = tf.memory().numTensors;
    const long = new Uint8Array(good.length + 4);
    long.set(good);
    expect(() => decodeSafetensors(long)).toThrow(/cover 8 of the 12 data bytes/);
    expect(tf.memory().numTensors).toBe(before);
    expect(() =>
      encodeSafetensors({ s: tf.tensor1d(['x'] as unknown as number[], 'string' as 'float32') }),
    ).toThrow(/only float32/);
  });
});
