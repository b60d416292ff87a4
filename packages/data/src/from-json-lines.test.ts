import { describe, expect, it } from 'vitest';
import { fromJsonLines } from './from-json-lines.js';
import { fromTextLines } from './from-text-lines.js';

describe('fromJsonLines / fromTextLines', () => {
  const text = '{"a": 1}\r\n\n[1, "x\\ny"]\n"s"\n{"b": {"c": null}}';
  const values = [{ a: 1 }, [1, 'x\ny'], 's', { b: { c: null } }];

  it('parses one value per line wherever the chunks are cut', async () => {
    for (let cut = 0; cut <= text.length; cut++) {
      expect(await fromJsonLines(() => [text.slice(0, cut), text.slice(cut)]).toArray()).toEqual(values);
    }
  });

  it('names the line of invalid JSON, or skips and reports it', async () => {
    const bad = '{"a": 1}\n{oops\n2\n';
    await expect(fromJsonLines(bad, { name: 'e.jsonl' }).toArray()).rejects.toThrow(
      /^fromJsonLines\(e\.jsonl\): line 2: not valid JSON/,
    );
    const skipped: string[] = [];
    const ds = fromJsonLines(bad, { skipInvalid: true, onInvalid: (e) => skipped.push(e.message) });
    expect(await ds.toArray()).toEqual([{ a: 1 }, 2]);
    expect(skipped).toHaveLength(1);
  });

  it('splits text lines on \\n and \\r\\n, re-reading the source each pass', async () => {
    let opened = 0;
    const ds = fromTextLines(() => {
      opened++;
      return ['a\r', '\nb\n', '\nc'];
    });
    expect(await ds.toArray()).toEqual(['a', 'b', '', 'c']);
    expect(await ds.toArray()).toEqual(['a', 'b', '', 'c']);
    expect(opened).toBe(2);
  });
});
