/** RGB → HSV for one pixel in [0, 1], the textbook formulas (Python's colorsys), H in [0, 1). */
export function hsv([r, g, b]: number[]): [number, number, number] {
  const v = Math.max(r!, g!, b!);
  const m = Math.min(r!, g!, b!);
  const c = v - m;
  const s = v === 0 ? 0 : c / v;
  if (c === 0) return [0, s, v];
  let h: number;
  if (v === r) h = ((g! - b!) / c) % 6;
  else if (v === g) h = (b! - r!) / c + 2;
  else h = (r! - g!) / c + 4;
  h /= 6;
  return [h < 0 ? h + 1 : h, s, v];
}

/** HSV → RGB by sector (colorsys's hsv_to_rgb). */
export function rgb([h, s, v]: [number, number, number]): number[] {
  const i = Math.floor(h * 6) % 6;
  const f = h * 6 - Math.floor(h * 6);
  const p = v * (1 - s);
  const q = v * (1 - s * f);
  const t = v * (1 - s * (1 - f));
  return [
    [v, t, p],
    [q, v, p],
    [p, v, t],
    [p, q, v],
    [t, p, v],
    [v, p, q],
  ][i]!;
}
