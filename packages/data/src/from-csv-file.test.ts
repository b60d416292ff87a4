import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fromCsvFile } from './from-csv-file.js';
import { fromJsonLinesFile } from './from-json-lines-file.js';
import { fromTextLinesFile } from './from-text-lines-file.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-files-'));
afterAll(() => rmSync(dir, { recursive: true }));

describe('file sources (streamed in chunks)', () => {
  it('reads a CSV file many chunks long, records crossing chunk edges', async () => {
    const n = 2000;
    const rows = Array.from({ length: n }, (_, i) => `${i},"name ${i}, ""q""",${i / 4}`);
    const path = join(dir, 'big.csv');
    writeFileSync(path, `id,name,x\n${rows.join('\n')}\n`);
    // 97-byte reads: about 800 chunks, most records cut somewhere.
    const ds = fromCsvFile(path, { chunkSize: 97, types: { id: 'integer', x: 'number' } });
    const got = await ds.toArray();
    expect(got).toHaveLength(n);
    got.forEach((r, i) => {
      expect(r).toEqual({ id: i, name: `name ${i}, "q"`, x: i / 4 });
    });
    // Each pass reads the file again.
    expect(await ds.take(2).toArray()).toEqual(got.slice(0, 2));
  });

  it('names the file in errors', async () => {
    const path = join(dir, 'short.csv');
    writeFileSync(path, 'a,b\n1,2\n3\n');
    await expect(fromCsvFile(path).toArray()).rejects.toThrow(
      'fromCsvFile(short.csv): row 2 (line 3): 1 field, expected 2 (a, b)',
    );
    await expect(fromCsvFile(join(dir, 'missing.csv')).toArray()).rejects.toThrow(
      'fromCsvFile(missing.csv): no such file; check the path',
    );
    await expect(fromJsonLinesFile(join(dir, 'nope.jsonl')).toArray()).rejects.toThrow(/no such file/);
  });

  it('reads JSON lines and text lines files', async () => {
    const path = join(dir, 'a.jsonl');
    writeFileSync(
      path,
      Array.from({ length: 300 }, (_, i) => JSON.stringify({ i, s: 'é'.repeat(i % 7) })).join('\n'),
    );
    const values = await fromJsonLinesFile<{ i: number; s: string }>(path, { chunkSize: 64 }).toArray();
    expect(values.map((v) => v.i)).toEqual(Array.from({ length: 300 }, (_, i) => i));
    expect(values[13]!.s).toBe('éééééé');
    const txt = join(dir, 'a.txt');
    writeFileSync(txt, 'one\n\ntwo\n');
    expect(await fromTextLinesFile(txt, { chunkSize: 1, skipEmpty: true }).toArray()).toEqual(['one', 'two']);
  });
});
