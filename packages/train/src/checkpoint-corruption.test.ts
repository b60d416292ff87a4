import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CheckpointError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { type Checkpoint, loadCheckpoint, saveCheckpoint } from './checkpoint.js';
import { type Manifest, plain, readManifest, writeSealed } from './checkpoint-damage.test-util.js';
import { disposeDeep } from './dispose.js';

/*
 * Properties over random damage to a folder holding two checkpoints (the latest, epoch 1, and the
 * previous, epoch 0): whatever is done to the files, loadCheckpoint returns one of the two exactly as
 * saved (the latest when its files are unchanged, else the previous with one warning), or throws a
 * CheckpointError when neither is whole; it never throws anything else, never returns anything else,
 * and frees every tensor it made.
 */

function sample(epoch: number): Checkpoint {
  const s = epoch + 1;
  return {
    epoch,
    step: 5 * s,
    params: {
      conv: { kernel: tf.tensor4d([0.5 * s, -1, 2, 3e-3], [1, 1, 2, 2]), bias: tf.tensor1d([s, -s]) },
    },
    state: { bn: { mean: tf.tensor1d([0.1 * s]), variance: tf.tensor1d([1.5]) } },
    optState: [
      { count: 5 * s },
      { mu: { conv: { kernel: tf.zeros([1, 1, 2, 2]) } }, seen: tf.tensor1d([true], 'bool') },
    ],
    history: Array.from({ length: epoch + 1 }, (_, e) => ({ loss: 2 - e, accuracy: 0.5 + e / 4 })),
    callbacks: [
      { best: epoch === 0 ? Number.POSITIVE_INFINITY : 1, wait: 0, steps: tf.tensor1d([7 * s], 'int32') },
    ],
    meta: { model: 'strata/cnn', config: { epochs: 9, seed: 3 } },
  };
}

// The folder's files once, and what each checkpoint loads as.
const template = mkdtempSync(join(tmpdir(), 'strata-fuzz-'));
const saved: unknown[] = [0, 1].map((e) => {
  const ckpt = sample(e);
  saveCheckpoint(template, ckpt);
  const p = plain(ckpt);
  disposeDeep(ckpt);
  return p;
});
const files = new Map(readdirSync(template).map((f) => [f, new Uint8Array(readFileSync(join(template, f)))]));
const latest = readManifest(template);
const previous = readManifest(template, 'checkpoint.prev.json');
const TARGETS = {
  latestManifest: 'checkpoint.json',
  latestBin: latest.bin,
  previousManifest: 'checkpoint.prev.json',
  previousBin: previous.bin,
} as const;
type Target = keyof typeof TARGETS;

// Each case damages a copy in `parent/case`; next to it lies a whole copy of the latest data file, which
// a data-file name that escapes the folder would reach.
const parent = mkdtempSync(join(tmpdir(), 'strata-fuzz-'));
const outside = join(parent, 'outside.bin');
writeFileSync(outside, files.get(latest.bin)!);

const dir = join(parent, 'case');
mkdirSync(dir);
for (const [f, bytes] of files) writeFileSync(join(dir, f), bytes);
/** The files a case damaged, put back for the next one (rewriting only these keeps 1,000 cases fast). */
const touched = new Set<string>();

function freshCopy(): string {
  for (const f of touched) writeFileSync(join(dir, f), files.get(f)!);
  touched.clear();
  return dir;
}

type Outcome = { loaded: unknown; warnings: string[] } | { error: unknown };

function attemptLoad(dir: string): Outcome {
  const before = tf.memory().numTensors;
  const warnings: string[] = [];
  let outcome: Outcome;
  try {
    const ckpt = loadCheckpoint(dir, { warn: (m) => warnings.push(m) });
    outcome = { loaded: plain(ckpt), warnings };
    disposeDeep(ckpt);
  } catch (error) {
    outcome = { error };
  }
  expect(tf.memory().numTensors).toBe(before);
  return outcome;
}

/** Whether a checkpoint's files hold exactly what was saved (a manifest may lose its final newline). */
function intact(dir: string, manifest: Target, bin: Target): boolean {
  const same = (name: string, allowLostNewline: boolean): boolean => {
    const path = join(dir, name);
    if (!existsSync(path)) return false;
    const now = readFileSync(path);
    const was = Buffer.from(files.get(name)!);
    return now.equals(was) || (allowLostNewline && now.equals(was.subarray(0, was.byteLength - 1)));
  };
  return same(TARGETS[manifest], true) && same(TARGETS[bin], false);
}

const target = fc.constantFrom<Target>('latestManifest', 'latestBin', 'previousManifest', 'previousBin');
/** Damage as a disk or a crash does it: flipped bytes, a cut, appended junk, a lost file. */
const rawDamage = fc.oneof(
  fc.record({
    kind: fc.constant('flip' as const),
    target,
    flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 64 }),
  }),
  fc.record({
    kind: fc.constant('truncate' as const),
    target,
    keep: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
  fc.record({
    kind: fc.constant('append' as const),
    target,
    bytes: fc.uint8Array({ minLength: 1, maxLength: 32 }),
  }),
  fc.record({ kind: fc.constant('delete' as const), target }),
  // A field replaced by a careless edit, the checksum left as it was.
  fc.record({
    kind: fc.constant('edit' as const),
    target: fc.constantFrom<Target>('latestManifest', 'previousManifest'),
    field: fc.constantFrom(...Object.keys(latest)),
    value: fc.jsonValue(),
  }),
);
type RawDamage = typeof rawDamage extends fc.Arbitrary<infer T> ? T : never;

function applyRaw(dir: string, d: RawDamage): void {
  const path = join(dir, TARGETS[d.target]);
  touched.add(TARGETS[d.target]);
  if (!existsSync(path)) return;
  const bytes = new Uint8Array(readFileSync(path));
  if (d.kind === 'flip') {
    if (bytes.byteLength === 0) return;
    for (const [at, mask] of d.flips) bytes[at % bytes.byteLength]! ^= mask;
    writeFileSync(path, bytes);
  } else if (d.kind === 'truncate') {
    writeFileSync(path, bytes.subarray(0, Math.floor(d.keep * bytes.byteLength)));
  } else if (d.kind === 'append') {
    writeFileSync(path, Buffer.concat([bytes, d.bytes]));
  } else if (d.kind === 'delete') {
    rmSync(path);
  } else {
    let m: Record<string, unknown>;
    try {
      m = JSON.parse(Buffer.from(bytes).toString('utf8')) as Record<string, unknown>;
    } catch {
      return;
    }
    m[d.field] = d.value;
    writeFileSync(path, JSON.stringify(m));
  }
}

afterAll(() => {
  for (const d of [parent, template]) rmSync(d, { recursive: true, force: true });
});

describe('loadCheckpoint under random damage', () => {
  it('returns a checkpoint exactly as saved, or a CheckpointError (1,000 damaged folders)', () => {
    let fellBack = 0;
    let failed = 0;
    fc.assert(
      fc.property(fc.array(rawDamage, { minLength: 1, maxLength: 3 }), (damages) => {
        const dir = freshCopy();
        for (const d of damages) applyRaw(dir, d);
        const latestWhole = intact(dir, 'latestManifest', 'latestBin');
        const previousWhole = intact(dir, 'previousManifest', 'previousBin');
        const outcome = attemptLoad(dir);
        if (latestWhole) {
          expect(outcome).toEqual({ loaded: saved[1], warnings: [] });
        } else if (previousWhole) {
          fellBack++;
          expect('loaded' in outcome && outcome.loaded).toEqual(saved[0]);
          expect('loaded' in outcome && outcome.warnings).toHaveLength(1);
        } else {
          failed++;
          expect('error' in outcome && outcome.error).toBeInstanceOf(CheckpointError);
        }
      }),
      { numRuns: 1000, seed: 17 },
    );
    // The damage reached both outcomes often, not only the happy path.
    expect(fellBack).toBeGreaterThan(200);
    expect(failed).toBeGreaterThan(30);
  }, 60_000);

  // Fields replaced by a writer that then sealed the manifest with a correct checksum: the field checks
  // must catch every value that does not describe the data, and the paths that escape the folder.
  const paths = (() => {
    const out: (string | number)[][] = [];
    const walk = (v: unknown, path: (string | number)[]) => {
      out.push(path);
      if (Array.isArray(v)) for (const [i, x] of v.entries()) walk(x, [...path, i]);
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
    };
    const { checksum: _, ...body } = latest;
    walk(body, []);
    return out.filter((p) => p.length > 0);
  })();
  const escapingName = fc.constantFrom(
    '../outside.bin',
    outside,
    'sub/../outside.bin',
    '..\\outside.bin',
    'sub/../../outside.bin',
    'checkpoint-1-0000000000000000.bin',
    'checkpoint.json',
    '',
    'C:\\outside.bin',
    `checkpoint-5-${'a'.repeat(16)}.bin\u0000`,
    '.',
  );
  const sealedEdit = fc.oneof(
    fc.record({ path: fc.constantFrom(...paths), value: fc.jsonValue() }),
    fc.record({ path: fc.constant<(string | number)[]>(['bin']), value: escapingName }),
  );

  const isObject = (v: unknown): v is Record<string, unknown> =>
    !!v && typeof v === 'object' && !Array.isArray(v);
  const hasMarker = (v: unknown): boolean =>
    Array.isArray(v)
      ? v.some(hasMarker)
      : isObject(v) && ('$tensor' in v || '$number' in v || Object.values(v).some(hasMarker));

  /**
   * Whether a sealed replacement still describes the saved data, so that it may load: the spec of the
   * manifest, written here from its definition. Free-form parts (meta, the step, the numbers in the
   * history, optimizer and callback state other than tensors) may take any value of their type; a
   * shape may change to another of the same size; everything else must stay as it was.
   */
  function acceptable(path: (string | number)[], value: unknown, was: unknown, edited: Manifest): boolean {
    if (JSON.stringify(value) === JSON.stringify(was)) return true;
    const [head, part] = path;
    if (head === 'step') return Number.isSafeInteger(value) && (value as number) >= 0;
    if (head === 'meta') return isObject(edited.meta);
    if (head === 'history') {
      const h = edited.history as unknown;
      return (
        Array.isArray(h) &&
        h.length === 2 &&
        h.every((logs) => isObject(logs) && Object.values(logs).every((x) => typeof x === 'number'))
      );
    }
    if (head === 'tensors' && path[2] === 'shape' && path.length === 3) {
      const size = (s: unknown) =>
        Array.isArray(s) && s.length <= 16 && s.every((d) => Number.isSafeInteger(d) && d >= 0)
          ? s.reduce((a: number, b: number) => a * b, 1)
          : -1;
      return size(value) === size(was);
    }
    if (head === 'skeleton' && (part === 'optState' || part === 'callbacks') && path.length > 2) {
      const key = path[path.length - 1];
      return !hasMarker(was) && !hasMarker(value) && key !== '$number' && key !== '$tensor';
    }
    return false;
  }

  it('loads a sealed edit only when it describes the data; else the previous one (1,000 edits)', () => {
    let rejected = 0;
    fc.assert(
      fc.property(sealedEdit, ({ path, value }) => {
        const dir = freshCopy();
        const m = structuredClone(latest) as Record<string, unknown>;
        let at: Record<string | number, unknown> = m;
        for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
        const last = path[path.length - 1]!;
        const was = at[last];
        at[last] = value;
        touched.add('checkpoint.json');
        writeSealed(dir, m);
        const outcome = attemptLoad(dir);
        // The previous checkpoint is whole, so a load always succeeds, one way or the other.
        expect('loaded' in outcome && outcome.warnings.length <= 1).toBe(true);
        if (!('loaded' in outcome)) return;
        const ok = acceptable(path, value, was, m as Manifest);
        if (outcome.warnings.length === 0) {
          // It loaded the edited latest: the edit must leave the data described, and the tensors'
          // values are the saved ones whatever else changed.
          expect(ok).toBe(true);
          const values = (c: unknown) => JSON.stringify(c, (k, v) => (k === 'shape' ? undefined : v));
          const tensorsOf = (c: unknown) => {
            const { params, state } = c as Record<string, unknown>;
            return values({ params, state });
          };
          expect(tensorsOf(outcome.loaded)).toBe(tensorsOf(saved[1]));
          if (path[0] === 'step') expect((outcome.loaded as { step: unknown }).step).toBe(value);
        } else {
          rejected++;
          expect(outcome.loaded).toEqual(saved[0]);
          expect(ok).toBe(false);
        }
      }),
      { numRuns: 1000, seed: 29 },
    );
    expect(rejected).toBeGreaterThan(700);
  }, 60_000);
});
