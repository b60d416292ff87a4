import { ConfigError } from '@strata/core';

/** `p` (all sides), `[ph, pw]` (symmetric), or `[[top, bottom], [left, right]]`, as Keras. */
export type Padding2d =
  | number
  | readonly [number, number]
  | readonly [readonly [number, number], readonly [number, number]];

/** Keras's three ways to give 2-D padding or cropping, as `[[top, bottom], [left, right]]`. */
export function toSides(value: unknown, label: string): [[number, number], [number, number]] {
  const ok = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  if (ok(value))
    return [
      [value, value],
      [value, value],
    ];
  if (Array.isArray(value) && value.length === 2) {
    const [a, b] = value as unknown[];
    if (ok(a) && ok(b))
      return [
        [a, a],
        [b, b],
      ];
    const pair = (v: unknown): v is [number, number] => Array.isArray(v) && v.length === 2 && v.every(ok);
    if (pair(a) && pair(b))
      return [
        [a[0], a[1]],
        [b[0], b[1]],
      ];
  }
  throw new ConfigError(
    label,
    `must be a non-negative integer, [height, width], or [[top, bottom], [left, right]], got ${JSON.stringify(value)}`,
  );
}
