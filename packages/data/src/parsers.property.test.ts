import { gzipSync } from 'node:zlib';
import { ConfigError, DataError } from '@strata/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromCsv } from './from-csv.js';
import { fromJsonLines } from './from-json-lines.js';
import { parseCsv } from './parse-csv.js';
import { readIdx } from './read-idx.js';
import { readIdxGzip } from './read-idx-gzip.js';

// Random and malformed inputs for every parser: each must parse or throw a labelled DataError, never
// crash with another error and never hang (each property has the test timeout).
const RUNS = { numRuns: Number(process.env.STRATA_FUZZ_RUNS ?? 1000) };

function expectLabelled(e: unknown): void {
  expect(e).toBeInstanceOf(DataError);
  expect((e as DataError).message).toMatch(/^\w+\(.*\): /);
}

/** IDX files near the format: a valid header (type, rank ≤ 3, small dims), then some number of bytes. */
const nearIdx = fc
  .record({
    type: fc.constantFrom(0x08, 0x09, 0x0b, 0x0c, 0x0d, 0x0e, 0x0a, 0x00),
    shape: fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 3 }),
    extra: fc.integer({ min: -3, max: 3 }),
    flip: fc.option(fc.nat(), { nil: undefined }),
  })
  .map(({ type, shape, extra, flip }) => {
    const width = ({ 8: 1, 9: 1, 11: 2, 12: 4, 13: 4, 14: 8 } as Record<number, number>)[type] ?? 1;
    const n = shape.reduce((a, b) => a * b, 1) * width + extra;
    const bytes = new Uint8Array(4 + 4 * shape.length + Math.max(0, n));
    bytes.set([0, 0, type, shape.length]);
    const view = new DataView(bytes.buffer);
    shape.forEach((d, i) => {
      view.setUint32(4 + 4 * i, d, false);
    });
    for (let i = 4 + 4 * shape.length; i < bytes.length; i++) bytes[i] = (i * 31) & 255;
    if (flip !== undefined && bytes.length > 0) bytes[flip % bytes.length]! ^= 0xff;
    return bytes;
  });
const anyBytes = fc.uint8Array({ maxLength: 64 });

describe('parsers under random and malformed input', () => {
  it('readIdx parses (data length = product of the shape) or throws a DataError', () => {
    fc.assert(
      fc.property(fc.oneof(nearIdx, anyBytes), (bytes) => {
        try {
          const parsed = readIdx(bytes, 'fuzz');
          expect(parsed.data.length).toBe(parsed.shape.reduce((a, b) => a * b, 1));
        } catch (e) {
          expectLabelled(e);
        }
      }),
      RUNS,
    );
  });

  it('readIdxGzip on gzip of near-IDX bytes, corrupted gzip and random bytes', async () => {
    const gz = fc.oneof(
      nearIdx.map((b) => gzipSync(b)),
      fc.tuple(nearIdx, fc.nat(), fc.integer({ min: 1, max: 255 })).map(([b, at, x]) => {
        const z = Uint8Array.from(gzipSync(b));
        z[at % z.length]! ^= x;
        return z;
      }),
      fc.tuple(nearIdx, fc.nat()).map(([b, cut]) => {
        const z = gzipSync(b);
        return z.subarray(0, cut % z.length);
      }),
      anyBytes.map((b) => new Uint8Array([0x1f, 0x8b, ...b])),
    );
    await fc.assert(
      fc.asyncProperty(gz, async (bytes) => {
        try {
          const parsed = await readIdxGzip(bytes, { name: 'fuzz' });
          expect(parsed.data.length).toBe(parsed.shape.reduce((a, b) => a * b, 1));
        } catch (e) {
          expectLabelled(e);
        }
      }),
      RUNS,
    );
  });

  // Text heavy in the characters that matter to CSV.
  const csvText = fc.string({
    unit: fc.constantFrom('a', 'b', '1', '2.5', '-', 'e', ',', '"', '\n', '\r', ' ', 'NA', 'é'),
    maxLength: 60,
  });
  const csvOptions = fc.record(
    {
      header: fc.boolean(),
      types: fc.dictionary(
        fc.constantFrom('a', 'b', 'c', '1'),
        fc.constantFrom('string', 'number', 'integer', 'boolean'),
      ),
      skipInvalid: fc.boolean(),
    },
    { requiredKeys: ['header', 'types', 'skipInvalid'] },
  );

  it('parseCsv parses into records of the declared columns or throws a DataError', () => {
    fc.assert(
      fc.property(csvText, csvOptions, (text, o) => {
        const options = o.header ? o : { ...o, names: ['a', 'b', 'c'] };
        try {
          const { records } = parseCsv(text, options);
          for (const r of records) {
            for (const [k, v] of Object.entries(r)) {
              const type = (o.types as Record<string, string>)[k] ?? 'string';
              if (v !== null) expect(typeof v).toBe(type === 'integer' ? 'number' : type);
            }
          }
        } catch (e) {
          if (e instanceof ConfigError) throw e;
          expectLabelled(e);
        }
      }),
      RUNS,
    );
  });

  it('fromCsv gives the same outcome however the text is cut into chunks', async () => {
    await fc.assert(
      fc.asyncProperty(csvText, fc.array(fc.nat(), { maxLength: 4 }), async (text, cuts) => {
        const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...at].map((start, i) => text.slice(start, [...at, text.length][i]));
        const whole = await fromCsv(text, { skipInvalid: true })
          .toArray()
          .catch((e: unknown) => e);
        const cut = await fromCsv(() => chunks, { skipInvalid: true })
          .toArray()
          .catch((e: unknown) => e);
        if (whole instanceof Error) expectLabelled(whole);
        expect(cut).toEqual(whole);
      }),
      RUNS,
    );
  });

  it('fromJsonLines round-trips JSON values and labels malformed lines', async () => {
    const jsonLine = fc.jsonValue().map((v) => JSON.stringify(v));
    const malformed = fc.string({
      unit: fc.constantFrom('{', '}', '[', ']', '"', ':', ',', 'a', '1', ' ', '\\'),
      minLength: 1,
      maxLength: 12,
    });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(jsonLine, malformed), { maxLength: 8 }), async (lines) => {
        const text = lines.join('\n');
        try {
          const values = await fromJsonLines(text).toArray();
          const expected = lines.filter((l) => l.trim() !== '').map((l) => JSON.parse(l));
          expect(values).toEqual(expected);
        } catch (e) {
          expectLabelled(e);
        }
      }),
      RUNS,
    );
  });
});
