import type { Rng } from '@strata/core';

/** A standard normal draw (Box–Muller) from the host generator. */
function normal(rng: Rng): number {
  const u1 = 1 - rng.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * rng.next());
}

/**
 * A Gamma(shape, 1) draw by Marsaglia & Tsang (2000), "A simple method for generating gamma
 * variables"; for shape < 1 it boosts to shape + 1 and multiplies by U^(1/shape) (their note 8).
 */
export function sampleGamma(rng: Rng, shape: number): number {
  if (shape < 1) return sampleGamma(rng, shape + 1) * (1 - rng.next()) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let z: number;
    let v: number;
    do {
      z = normal(rng);
      v = 1 + c * z;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng.next();
    if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** A Beta(a, b) draw as G_a / (G_a + G_b) for independent gammas. */
export function sampleBeta(rng: Rng, a: number, b: number): number {
  const x = sampleGamma(rng, a);
  const y = sampleGamma(rng, b);
  return x / (x + y);
}
