/*
 * The `// => value` claims in TSDoc examples: reading the stated value and comparing a result with it
 * (used by `runExample`; not exported from the package).
 */

/** A value as an example states it; a number keeps the tolerance its written digits imply. */
export type Stated =
  | { readonly kind: 'number'; readonly value: number; readonly tolerance: number }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'literal'; readonly value: boolean | null | undefined }
  | { readonly kind: 'array'; readonly items: readonly Stated[] }
  | { readonly kind: 'object'; readonly entries: readonly (readonly [string, Stated])[] };

/**
 * Reads a stated value: numbers (`0.125`, `-1e-7`, `NaN`, `Infinity`), strings in single or double
 * quotes, `true`/`false`/`null`/`undefined`, and arrays and objects of them. Returns null when the text
 * is not one of these, e.g. prose such as `w = [1.5, 1]`.
 */
export function parseStated(text: string): Stated | null {
  let i = 0;
  const space = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const value = (): Stated | null => {
    space();
    const c = text[i];
    if (c === '[') {
      i++;
      const items: Stated[] = [];
      for (;;) {
        space();
        if (text[i] === ']') {
          i++;
          return { kind: 'array', items };
        }
        const item = value();
        if (item === null) return null;
        items.push(item);
        space();
        if (text[i] === ',') i++;
        else if (text[i] !== ']') return null;
      }
    }
    if (c === '{') {
      i++;
      const entries: [string, Stated][] = [];
      for (;;) {
        space();
        if (text[i] === '}') {
          i++;
          return { kind: 'object', entries };
        }
        const key = /^(?:([A-Za-z_$][\w$]*)|'([^']*)'|"([^"]*)")\s*:/.exec(text.slice(i));
        if (!key) return null;
        i += key[0].length;
        const v = value();
        if (v === null) return null;
        entries.push([key[1] ?? key[2] ?? key[3]!, v]);
        space();
        if (text[i] === ',') i++;
        else if (text[i] !== '}') return null;
      }
    }
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) return null;
      const s = text.slice(i + 1, end);
      i = end + 1;
      return { kind: 'string', value: s };
    }
    const word = /^(true|false|null|undefined|-?Infinity|NaN)\b/.exec(text.slice(i));
    if (word) {
      i += word[0].length;
      const w = word[1]!;
      if (w === 'true' || w === 'false') return { kind: 'literal', value: w === 'true' };
      if (w === 'null') return { kind: 'literal', value: null };
      if (w === 'undefined') return { kind: 'literal', value: undefined };
      return { kind: 'number', value: Number(w), tolerance: 0 };
    }
    const num = /^-?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?/.exec(text.slice(i));
    if (num) {
      i += num[0].length;
      // Half a unit in the last written digit: `3.14` stands for anything that rounds to 3.14. An
      // integer written without decimals is a count or an index, and must be exact (write `2.0` to
      // allow rounding).
      if (num[2] === undefined && num[3] === undefined) {
        return { kind: 'number', value: Number(num[0]), tolerance: 0 };
      }
      const digits = (num[2]?.length ?? 0) - Number(num[3] ?? 0);
      return { kind: 'number', value: Number(num[0]), tolerance: 0.5 * 10 ** -digits };
    }
    return null;
  };
  const out = value();
  space();
  return out !== null && i === text.length ? out : null;
}

function isTensorLike(v: unknown): v is { arraySync(): unknown } {
  return typeof v === 'object' && v !== null && 'dataId' in v && 'arraySync' in v;
}

/** A result as it compares: tensors as their nested arrays, typed arrays as arrays. */
function plain(v: unknown): unknown {
  if (isTensorLike(v)) return v.arraySync();
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>);
  return v;
}

/** Whether `actual` is what `stated` says (numbers within their tolerance, NaN equal to NaN). */
export function matchesStated(actual: unknown, stated: Stated): boolean {
  const a = plain(actual);
  switch (stated.kind) {
    case 'number':
      if (typeof a !== 'number') return false;
      if (Number.isNaN(stated.value)) return Number.isNaN(a);
      if (!Number.isFinite(stated.value)) return a === stated.value;
      // The small relative term absorbs the binary rounding of values stated to their last digit.
      return Math.abs(a - stated.value) <= stated.tolerance * (1 + 1e-9) + 1e-12 * Math.abs(stated.value);
    case 'string':
    case 'literal':
      return a === stated.value;
    case 'array':
      return (
        Array.isArray(a) &&
        a.length === stated.items.length &&
        stated.items.every((item, k) => matchesStated(a[k], item))
      );
    case 'object': {
      if (typeof a !== 'object' || a === null || Array.isArray(a)) return false;
      const keys = Object.keys(a);
      return (
        keys.length === stated.entries.length &&
        stated.entries.every(
          ([k, v]) => Object.hasOwn(a, k) && matchesStated((a as Record<string, unknown>)[k], v),
        )
      );
    }
  }
}

/** A result printed for a failure message: short, with tensors and typed arrays as arrays. */
export function showResult(v: unknown): string {
  const p = plain(v);
  if (typeof p === 'string') return `'${p}'`;
  if (typeof p === 'number' || typeof p === 'boolean' || p == null) return String(p);
  try {
    const json = JSON.stringify(p, (_k, x) => (typeof x === 'number' && !Number.isFinite(x) ? String(x) : x));
    return json.length > 200 ? `${json.slice(0, 200)}…` : json;
  } catch {
    return Object.prototype.toString.call(p);
  }
}
