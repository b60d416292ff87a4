import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { TensorSpec } from './serialize.js';

/*
 * The checkpoint manifest and its checks. A manifest is JSON whose last field, `checksum`, is the
 * SHA-256 of the bytes before it (closed with `}`), so a flipped byte anywhere in it is caught before a
 * field is believed; it names one data file (`bin`) with that file's length and SHA-256. A manifest that
 * passes its checksum is still checked field by field (types, ranges, the layout of the tensors in the
 * data file, the data file's name confined to the folder), because a checksum proves only that nothing
 * changed since it was computed, not that the writer was right. The loaded weights must be finite.
 */

export const FORMAT = 'strata-checkpoint/2';
/** The latest checkpoint's manifest, and the one before it (kept while the latest is written). */
export const LATEST = 'checkpoint.json';
export const PREVIOUS = 'checkpoint.prev.json';
/** Data files: the step and the first 16 hex digits of the data's SHA-256, so two never collide. */
const BIN_NAME = /^checkpoint-[0-9]{1,16}-[0-9a-f]{16}\.bin$/;
const BYTES_PER = { float32: 4, int32: 4, bool: 1 } as const;
type DType = keyof typeof BYTES_PER;
const MAX_RANK = 16;
const MAX_DEPTH = 256;
const MANIFEST_KEYS = [
  'format',
  'epoch',
  'step',
  'history',
  'meta',
  'bin',
  'binBytes',
  'binSha256',
  'tensors',
  'skeleton',
  'stopped',
  'checksum',
];
/** Fields a manifest may leave out. */
const OPTIONAL_KEYS = ['checksum', 'stopped'];
const CHECKSUM_TAIL = /,"checksum":"sha256:([0-9a-f]{64})"\}\n?$/;

export interface Manifest {
  readonly format: string;
  readonly epoch: number;
  readonly step: number;
  /** The history as `serializeTree` writes a tree without tensors (non-finite numbers as `$number`). */
  readonly history: unknown;
  readonly meta: Record<string, unknown>;
  readonly bin: string;
  readonly binBytes: number;
  readonly binSha256: string;
  readonly tensors: TensorSpec[];
  readonly skeleton: unknown;
  /** The run ended at this epoch (a callback said stop), so a resume has nothing left to train. */
  readonly stopped?: boolean;
}

/** A checkpoint file that cannot be trusted: `problem` says what is wrong with `file`. */
export class Damaged extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
  }
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The name of the data file for a checkpoint at `step` whose bytes hash to `hash`. */
export function binName(step: number, hash: string): string {
  return `checkpoint-${step}-${hash.slice(0, 16)}.bin`;
}

/** The manifest's text: its JSON with the checksum of everything before it appended as the last field. */
export function manifestText(body: Manifest): string {
  const json = JSON.stringify(body);
  return `${json.slice(0, -1)},"checksum":"sha256:${sha256(json)}"}\n`;
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Checks a manifest's text (checksum first, then every field); throws `Damaged` naming `file`. */
export function parseManifest(text: string, file: string): Manifest {
  const damaged = (problem: string) => new Damaged(file, problem);
  const tail = CHECKSUM_TAIL.exec(text);
  if (!tail) {
    let old = false;
    try {
      old = (JSON.parse(text) as { format?: unknown }).format === 'strata-checkpoint/1';
    } catch {}
    throw damaged(
      old
        ? 'was written by an older Strata, without checksums, so its integrity cannot be checked'
        : 'does not end in its checksum field: it is truncated, damaged or not a Strata checkpoint',
    );
  }
  const body = `${text.slice(0, tail.index)}}`;
  if (sha256(body) !== tail[1]) {
    throw damaged('its checksum does not match its contents: bytes were changed after it was written');
  }
  let m: unknown;
  try {
    m = JSON.parse(body);
  } catch (error) {
    throw damaged(`is not valid JSON (${(error as Error).message})`);
  }
  if (!isPlainObject(m)) throw damaged(`must hold a JSON object, got ${show(m)}`);
  const unknown = Object.keys(m).filter((k) => !MANIFEST_KEYS.includes(k));
  if (unknown.length) throw damaged(`has unknown field '${unknown[0]}'`);
  const missing = MANIFEST_KEYS.filter((k) => !OPTIONAL_KEYS.includes(k) && !(k in m));
  if (missing.length) throw damaged(`lacks the field '${missing[0]}'`);
  if (m.format !== FORMAT) throw damaged(`'format' must be "${FORMAT}", got ${show(m.format)}`);
  const count = (field: string): number => {
    const v = m[field];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
      throw damaged(`'${field}' must be a non-negative integer, got ${show(v)}`);
    }
    return v;
  };
  const epoch = count('epoch');
  const step = count('step');
  const binBytes = count('binBytes');
  const bin = checkBinName(m.bin, damaged);
  if (typeof m.binSha256 !== 'string' || !/^[0-9a-f]{64}$/.test(m.binSha256)) {
    throw damaged(`'binSha256' must be 64 lowercase hex digits, got ${show(m.binSha256)}`);
  }
  if (!isPlainObject(m.meta)) throw damaged(`'meta' must be an object, got ${show(m.meta)}`);
  checkJson(m.meta, 'meta', 0, damaged);
  const tensors = checkTensors(m.tensors, binBytes, damaged);
  checkHistory(m.history, epoch, damaged);
  checkSkeleton(m.skeleton, tensors.length, damaged);
  if ('stopped' in m && typeof m.stopped !== 'boolean')
    throw damaged(`'stopped' must be true or false, got ${show(m.stopped)}`);
  return {
    ...(m.stopped === true ? { stopped: true } : {}),
    format: FORMAT,
    epoch,
    step,
    history: m.history,
    meta: m.meta,
    bin,
    binBytes,
    binSha256: m.binSha256,
    tensors,
    skeleton: m.skeleton,
  };
}

function checkBinName(v: unknown, damaged: (p: string) => Damaged): string {
  if (typeof v !== 'string') throw damaged(`'bin' must be a file name, got ${show(v)}`);
  if (isAbsolute(v) || /[/\\]/.test(v) || v.includes('..') || v.includes('\0')) {
    throw damaged(
      `'bin' must name a file inside the checkpoint folder, got ${show(v)}, which points outside it`,
    );
  }
  if (!BIN_NAME.test(v)) {
    throw damaged(`'bin' must be a name like checkpoint-<step>-<hash>.bin, got ${show(v)}`);
  }
  return v;
}

function checkTensors(v: unknown, binBytes: number, damaged: (p: string) => Damaged): TensorSpec[] {
  if (!Array.isArray(v)) throw damaged(`'tensors' must be a list, got ${show(v)}`);
  let offset = 0;
  const specs = v.map((t, i): TensorSpec => {
    const at = `'tensors[${i}]'`;
    if (!isPlainObject(t) || Object.keys(t).sort().join() !== 'byteLength,dtype,offset,shape') {
      throw damaged(`${at} must be { dtype, shape, offset, byteLength }, got ${show(t)}`);
    }
    const { dtype, shape } = t;
    if (typeof dtype !== 'string' || !Object.hasOwn(BYTES_PER, dtype)) {
      throw damaged(`${at}.dtype must be float32, int32 or bool, got ${show(dtype)}`);
    }
    if (!Array.isArray(shape) || shape.length > MAX_RANK) {
      throw damaged(`${at}.shape must be a list of at most ${MAX_RANK} sizes, got ${show(shape)}`);
    }
    let size = 1;
    for (const d of shape) {
      if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) {
        throw damaged(`${at}.shape must hold non-negative integers, got ${show(shape)}`);
      }
      size *= d;
    }
    const byteLength = size * BYTES_PER[dtype as DType];
    // The tensors lie back to back in the data file, in order, as serializeTree writes them.
    if (t.offset !== offset || t.byteLength !== byteLength || offset + byteLength > binBytes) {
      throw damaged(
        `${at} must take ${byteLength} bytes at offset ${offset} of ${binBytes}, got ${show(t.byteLength)} at ${show(t.offset)}`,
      );
    }
    offset += byteLength;
    return { dtype: dtype as DType, shape: shape as number[], offset: t.offset, byteLength };
  });
  if (offset !== binBytes) {
    throw damaged(`its tensors take ${offset} bytes, but 'binBytes' says ${binBytes}`);
  }
  return specs;
}

/** JSON values as serializeTree writes them: `$number` only for NaN and ±Infinity, no tensors here. */
function checkJson(v: unknown, path: string, depth: number, damaged: (p: string) => Damaged): void {
  if (depth > MAX_DEPTH) throw damaged(`'${path}' nests deeper than ${MAX_DEPTH} levels`);
  if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) checkJson(x, `${path}/${i}`, depth + 1, damaged);
  } else if (isPlainObject(v)) {
    for (const [k, x] of Object.entries(v)) checkJson(x, `${path}/${k}`, depth + 1, damaged);
  }
}

function isSpecialNumber(v: Record<string, unknown>): boolean {
  return (
    Object.keys(v).length === 1 &&
    (v.$number === 'NaN' || v.$number === 'Infinity' || v.$number === '-Infinity')
  );
}

function checkHistory(v: unknown, epoch: number, damaged: (p: string) => Damaged): void {
  if (!Array.isArray(v) || v.length !== epoch + 1) {
    throw damaged(`'history' must list one entry per epoch up to 'epoch' ${epoch}, got ${show(v)}`);
  }
  v.forEach((logs, i) => {
    if (!isPlainObject(logs)) throw damaged(`'history[${i}]' must be an object, got ${show(logs)}`);
    for (const [k, x] of Object.entries(logs)) {
      if (typeof x !== 'number' && !(isPlainObject(x) && isSpecialNumber(x))) {
        throw damaged(`'history[${i}].${k}' must be a number, got ${show(x)}`);
      }
    }
  });
}

/**
 * The skeleton: `params` and `state` trees of tensors, `optState` and `callbacks` any tree; each tensor
 * referenced exactly once, each `$number` a NaN or an infinity.
 */
function checkSkeleton(v: unknown, count: number, damaged: (p: string) => Damaged): void {
  if (!isPlainObject(v)) throw damaged(`'skeleton' must be an object, got ${show(v)}`);
  const keys = Object.keys(v);
  const extra = keys.find((k) => !['params', 'state', 'optState', 'callbacks'].includes(k));
  if (extra !== undefined) throw damaged(`'skeleton' has unknown part '${extra}'`);
  for (const k of ['params', 'state', 'optState']) {
    if (!(k in v)) throw damaged(`'skeleton' lacks '${k}'`);
  }
  const seen = new Uint8Array(count);
  const walk = (x: unknown, path: string, depth: number, tensorsOnly: boolean): void => {
    if (depth > MAX_DEPTH) throw damaged(`'skeleton/${path}' nests deeper than ${MAX_DEPTH} levels`);
    if (isPlainObject(x) && '$tensor' in x) {
      const ref = x.$tensor;
      if (
        Object.keys(x).length !== 1 ||
        typeof ref !== 'number' ||
        !Number.isInteger(ref) ||
        ref < 0 ||
        ref >= count
      ) {
        throw damaged(`'skeleton/${path}' must reference one of the ${count} tensors, got ${show(x)}`);
      }
      if (seen[ref]) throw damaged(`'skeleton/${path}' references tensor ${ref} a second time`);
      seen[ref] = 1;
      return;
    }
    if (tensorsOnly && (!isPlainObject(x) || '$number' in x)) {
      throw damaged(`'skeleton/${path}' must be a tensor or a group of tensors, got ${show(x)}`);
    }
    if (isPlainObject(x) && '$number' in x) {
      if (!isSpecialNumber(x)) throw damaged(`'skeleton/${path}' must be NaN or an infinity, got ${show(x)}`);
      return;
    }
    if (Array.isArray(x)) for (const [i, y] of x.entries()) walk(y, `${path}/${i}`, depth + 1, tensorsOnly);
    else if (isPlainObject(x)) {
      for (const [k, y] of Object.entries(x)) walk(y, `${path}/${k}`, depth + 1, tensorsOnly);
    }
  };
  walk(v.params, 'params', 0, true);
  walk(v.state, 'state', 0, true);
  walk(v.optState, 'optState', 0, false);
  if ('callbacks' in v) {
    if (!Array.isArray(v.callbacks))
      throw damaged(`'skeleton/callbacks' must be a list, got ${show(v.callbacks)}`);
    walk(v.callbacks, 'callbacks', 0, false);
  }
  const unused = seen.indexOf(0);
  if (unused >= 0) throw damaged(`tensor ${unused} is listed but no part of the skeleton uses it`);
}

/** Where each tensor sits in a (checked) skeleton, e.g. `params/dense/kernel`, by tensor index. */
export function tensorPaths(skeleton: unknown): string[] {
  const paths: string[] = [];
  const walk = (x: unknown, path: string): void => {
    if (Array.isArray(x)) for (const [i, y] of x.entries()) walk(y, path ? `${path}/${i}` : `${i}`);
    else if (isPlainObject(x)) {
      if (typeof x.$tensor === 'number') paths[x.$tensor] = path;
      else for (const [k, y] of Object.entries(x)) walk(y, path ? `${path}/${k}` : k);
    }
  };
  walk(skeleton, '');
  return paths;
}

/** The first NaN or infinity among the float32 tensors in `data`, or null when all are finite. */
export function firstNonFinite(
  data: Uint8Array,
  tensors: readonly TensorSpec[],
): { tensor: number; index: number; value: number } | null {
  for (const [tensor, spec] of tensors.entries()) {
    if (spec.dtype !== 'float32') continue;
    const n = spec.byteLength / 4;
    const start = data.byteOffset + spec.offset;
    // A float32 after an odd-length bool tensor is not 4-byte aligned; such a one is read from a copy.
    const values =
      start % 4 === 0
        ? new Float32Array(data.buffer, start, n)
        : new Float32Array(data.slice(spec.offset, spec.offset + spec.byteLength).buffer);
    for (let index = 0; index < n; index++) {
      const value = values[index]!;
      if (!Number.isFinite(value)) return { tensor, index, value };
    }
  }
  return null;
}

export interface VerifiedSlot {
  readonly manifest: Manifest;
  /** The data file's bytes, checked against the manifest's length and SHA-256. */
  readonly data: Uint8Array;
  /** The manifest's own text, as read. */
  readonly text: string;
}

function readOrDamaged(path: string, file: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Damaged(file, `${what} cannot be read (${code ?? (error as Error).message})`);
  }
}

/**
 * Reads and checks one checkpoint (`name` is its manifest in `dir`): the manifest's checksum and fields,
 * the data file's length and SHA-256, and that every float32 weight is finite. Throws `Damaged`.
 */
export function readVerifiedSlot(dir: string, name: string): VerifiedSlot {
  const path = join(dir, name);
  const text = readOrDamaged(path, path, 'it').toString('utf8');
  const manifest = parseManifest(text, path);
  const binPath = join(dir, manifest.bin);
  let size: number;
  try {
    const stat = statSync(binPath);
    if (!stat.isFile()) throw new Damaged(path, `its data file ${manifest.bin} is not a file`);
    size = stat.size;
  } catch (error) {
    if (error instanceof Damaged) throw error;
    throw new Damaged(path, `its data file ${manifest.bin} is missing or unreadable`);
  }
  if (size !== manifest.binBytes) {
    throw new Damaged(
      binPath,
      `has ${size} bytes, but ${name} says ${manifest.binBytes}: it is ${size < manifest.binBytes ? 'truncated' : 'longer than written'}`,
    );
  }
  // A copy starting at byte 0 of its own buffer, so float32 tensors can be viewed in place.
  const data = new Uint8Array(readOrDamaged(binPath, binPath, 'it'));
  if (data.byteLength !== manifest.binBytes) {
    throw new Damaged(binPath, `changed length while it was read (${data.byteLength} bytes)`);
  }
  if (sha256(data) !== manifest.binSha256) {
    throw new Damaged(
      binPath,
      `its SHA-256 does not match the one in ${name}: bytes were changed after it was written`,
    );
  }
  const bad = firstNonFinite(data, manifest.tensors);
  if (bad) {
    const at = tensorPaths(manifest.skeleton)[bad.tensor] ?? `tensor ${bad.tensor}`;
    throw new Damaged(
      binPath,
      `'${at}' holds ${bad.value} at index ${bad.index}; a checkpoint must hold finite weights`,
    );
  }
  return { manifest, data, text };
}
