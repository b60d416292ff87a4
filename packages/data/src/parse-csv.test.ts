import { ConfigError, DataError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { fromCsv } from './from-csv.js';
import { parseCsv } from './parse-csv.js';

const text = [
  'id,name,score,ok',
  '1,"Smith, J.",3.5,true',
  '2,"say ""hi""",NA,0',
  '',
  '3,"two',
  'lines",-1e3,false',
  '',
].join('\r\n');
const types = { id: 'integer', score: 'number', ok: 'boolean' } as const;
const expected = [
  { id: 1, name: 'Smith, J.', score: 3.5, ok: true },
  { id: 2, name: 'say "hi"', score: null, ok: false },
  { id: 3, name: 'two\r\nlines', score: -1000, ok: false },
];

describe('parseCsv / fromCsv', () => {
  it('reads a header, typed columns, quoted fields with escapes and newlines, and missing values', () => {
    expect(parseCsv(text, { types })).toEqual({ records: expected, invalid: [] });
  });

  it('gives the same records however the text is cut into chunks, even inside quotes', async () => {
    for (let cut = 0; cut <= text.length; cut++) {
      const chunks = [text.slice(0, cut), text.slice(cut)];
      expect(await fromCsv(() => chunks, { types }).toArray()).toEqual(expected);
    }
    // One character per chunk, as bytes (UTF-8 decoded across chunk edges).
    const bytes = new TextEncoder().encode('a,b\n"é,ü",😀\n');
    const oneByte = () => Array.from(bytes, (b) => new Uint8Array([b]));
    expect(await fromCsv(oneByte).toArray()).toEqual([{ a: 'é,ü', b: '😀' }]);
  });

  it('takes given names, with or without a header row, and another delimiter', () => {
    expect(
      parseCsv('1;2\n3;4\n', { header: false, names: ['a', 'b'], delimiter: ';', types: { a: 'number' } })
        .records,
    ).toEqual([
      { a: 1, b: '2' },
      { a: 3, b: '4' },
    ]);
    expect(parseCsv('x,y\n1,2\n', { names: ['a', 'b'] }).records).toEqual([{ a: '1', b: '2' }]);
    expect(parseCsv('\ufeffx,y\n1,2\n').records).toEqual([{ x: '1', y: '2' }]);
    expect(() => parseCsv('1,2\n', { header: false })).toThrow(/give the column names/);
    expect(() => parseCsv('a,a\n1,2\n')).toThrow(/column "a" appears twice/);
    expect(() => parseCsv('a\n', { delimiter: '::' })).toThrow(ConfigError);
  });

  it('names the source, row and line of a wrong field count or a bad number', () => {
    const bad = 'a,b\n1,2\n3\n4,x\n5,6,7\n';
    const o = { name: 'data.csv', types: { b: 'number' } } as const;
    expect(() => parseCsv(bad, o)).toThrow(
      new DataError('parseCsv(data.csv)', 'row 2 (line 3): 1 field, expected 2 (a, b)'),
    );
    const reported: string[] = [];
    const { records, invalid } = parseCsv(bad, {
      ...o,
      skipInvalid: true,
      onInvalid: (e) => reported.push(e.message),
    });
    expect(records).toEqual([{ a: '1', b: 2 }]);
    expect(invalid.map((e) => e.message)).toEqual([
      'parseCsv(data.csv): row 2 (line 3): 1 field, expected 2 (a, b)',
      'parseCsv(data.csv): row 3 (line 4): column "b": "x" is not a number',
      'parseCsv(data.csv): row 4 (line 5): 3 fields, expected 2 (a, b)',
    ]);
    expect(reported).toEqual(invalid.map((e) => e.message));
    expect(() => parseCsv('a\n1.5\n', { types: { a: 'integer' } })).toThrow(/"1.5" is not an integer/);
    expect(() => parseCsv('a\n"open\n')).toThrow(/row 1 \(line 2\): quoted field unterminated/);
  });

  it('throws the row error from the dataset pass', async () => {
    await expect(fromCsv('a,b\n1\n', { name: 'x.csv' }).toArray()).rejects.toThrow(
      'fromCsv(x.csv): row 1 (line 2): 1 field, expected 2 (a, b)',
    );
    expect(() => fromCsv('a', { typo: 1 } as never)).toThrow(/unknown option 'typo'/);
  });
});
