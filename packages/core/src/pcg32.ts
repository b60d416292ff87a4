import { ConfigError } from './errors.js';
import type { Rng } from './types.js';

/*
 * PCG32 (O'Neill 2014, "PCG: A Family of Simple Fast Space-Efficient Statistically Good Algorithms for
 * Random Number Generation", pcg_setseq_64_xsh_rr_32): a 64-bit LCG with a per-stream increment and a
 * xorshift + random-rotation output. It is exact in integer arithmetic, so every platform and run gives
 * the same numbers. JavaScript has no 64-bit integer multiply on numbers, so the state is kept as two
 * uint32 halves and multiplied in 16-bit limbs (every partial product stays below 2^53).
 */

const MUL_HI = 0x5851f42d; // 6364136223846793005 = 0x5851f42d4c957f2d
const MUL_LO = 0x4c957f2d;
const TWO_32 = 0x1_0000_0000;

/** The high 32 bits of the 64-bit product of two uint32s. */
function mulHi32(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const lo = a0 * b0;
  const mid1 = a1 * b0;
  const mid2 = a0 * b1;
  const carry = ((lo >>> 16) + (mid1 & 0xffff) + (mid2 & 0xffff)) >>> 16;
  return (a1 * b1 + (mid1 >>> 16) + (mid2 >>> 16) + carry) >>> 0;
}

export class Pcg32 implements Rng {
  private hi = 0;
  private lo = 0;
  private readonly incHi: number;
  private readonly incLo: number;
  private readonly initialSeed: number;

  /**
   * Seeds like the reference `pcg32_srandom_r(initstate, initseq)`; each 64-bit argument is given as
   * [high, low] uint32 halves. Use `createRng(seed)` for the common case.
   */
  constructor(initState: readonly [number, number], initSeq: readonly [number, number], seed: number) {
    this.initialSeed = seed;
    // inc = (initseq << 1) | 1
    this.incHi = ((initSeq[0] << 1) | (initSeq[1] >>> 31)) >>> 0;
    this.incLo = ((initSeq[1] << 1) | 1) >>> 0;
    this.step();
    this.add(initState[0] >>> 0, initState[1] >>> 0);
    this.step();
  }

  private add(hi: number, lo: number): void {
    const sumLo = this.lo + lo;
    this.lo = sumLo >>> 0;
    this.hi = (this.hi + hi + (sumLo >= TWO_32 ? 1 : 0)) >>> 0;
  }

  /** state = state * MUL + inc (mod 2^64) */
  private step(): void {
    const lo = this.lo;
    const hi = this.hi;
    const prodLo = Math.imul(lo, MUL_LO) >>> 0;
    const prodHi = (mulHi32(lo, MUL_LO) + Math.imul(hi, MUL_LO) + Math.imul(lo, MUL_HI)) >>> 0;
    this.hi = prodHi;
    this.lo = prodLo;
    this.add(this.incHi, this.incLo);
  }

  nextUint32(): number {
    const hi = this.hi;
    const lo = this.lo;
    this.step();
    // xorshifted = ((old >> 18) ^ old) >> 27, truncated to 32 bits; rot = old >> 59
    const xHi = hi ^ (hi >>> 18);
    const xLo = lo ^ ((lo >>> 18) | (hi << 14));
    const xorshifted = ((xLo >>> 27) | (xHi << 5)) >>> 0;
    const rot = hi >>> 27;
    return ((xorshifted >>> rot) | (xorshifted << (-rot & 31))) >>> 0;
  }

  next(): number {
    // 53 random bits: 27 from one draw, 26 from the next.
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  split(n = 2): Rng[] {
    if (!Number.isInteger(n) || n < 1)
      throw new ConfigError('rng.split(n)', `n must be a positive integer, got ${n}`);
    // Each child gets a fresh 64-bit state and its own stream (increment) drawn from this generator,
    // so children differ from each other and from the parent's continuation.
    return Array.from({ length: n }, () => {
      const state: [number, number] = [this.nextUint32(), this.nextUint32()];
      const seq: [number, number] = [this.nextUint32(), this.nextUint32()];
      return new Pcg32(state, seq, this.initialSeed);
    });
  }

  seed(): number {
    return this.initialSeed;
  }
}

/**
 * A PCG32 generator from an integer seed (0 ≤ seed < 2^53). The same seed gives the same stream on
 * every platform.
 *
 * @example
 * const rng = createRng(42);
 * rng.next(); // uniform in [0, 1)
 * const [a, b] = rng.split();
 */
export function createRng(seed: number): Rng {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new ConfigError('createRng(seed)', `seed must be an integer in [0, 2^53), got ${seed}`);
  }
  const hi = Math.floor(seed / TWO_32) >>> 0;
  const lo = seed >>> 0;
  // A fixed stream constant (the reference demo's 54) keeps seeds comparable across Strata versions.
  return new Pcg32([hi, lo], [0, 54], seed);
}
