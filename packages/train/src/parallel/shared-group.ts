/*
 * The shared memory a group of workers synchronises through (internal). One Int32Array of control
 * words, created by the main thread before the workers start:
 *
 *   [0] arrivals at the current barrier   [1] barrier generation   [2] abort flag
 *   [3 + 2·rank] the global batch size each worker saw at this step (−1: its data ended)
 *   [4 + 2·rank] a fingerprint of that batch's targets
 *   [3 + 2·size + rank] the worker's heartbeat: a counter it bumps while it makes progress
 *
 * The barrier counts arrivals and bumps the generation when the last one arrives (a central
 * counter barrier, as in Mellor-Crummey & Scott 1991, "Algorithms for scalable synchronization on
 * shared-memory multiprocessors", §3.1). Waiters sleep in Atomics.wait on the generation word, so a
 * blocked worker costs no CPU. The abort flag lets the main thread, or a failing worker, release
 * everyone blocked at a barrier.
 *
 * The heartbeat is how the main thread tells a stuck worker from a slow one (the watchdog in
 * pool.ts): a worker bumps it on a timer while its event loop is free, at every barrier and on every
 * slice of a barrier wait, so only a worker stuck in synchronous code (a step or data function that
 * never returns) stops beating.
 */

const ARRIVED = 0;
const GENERATION = 1;
const ABORT = 2;
const SIZES = 3;
/** How long a waiter sleeps before it checks the abort flag again (a notify can race the check). */
const WAIT_SLICE_MS = 250;

/** Thrown in a worker whose group was aborted; the worker that caused it reports the real error. */
export class GroupAborted extends Error {
  constructor() {
    super('the worker group was aborted');
    this.name = 'GroupAborted';
  }
}

/** Control words for `size` workers. */
export function createControl(size: number): SharedArrayBuffer {
  return new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT * (SIZES + 3 * size));
}

export interface Group {
  readonly rank: number;
  readonly size: number;
  readonly control: Int32Array;
}

export function openGroup(buffer: SharedArrayBuffer, rank: number, size: number): Group {
  return { rank, size, control: new Int32Array(buffer) };
}

/** Blocks until all `group.size` workers have called it; throws `GroupAborted` once aborted. */
export function barrier(group: Group): void {
  const { control, size } = group;
  if (Atomics.load(control, ABORT) !== 0) throw new GroupAborted();
  beat(group);
  const generation = Atomics.load(control, GENERATION);
  if (Atomics.add(control, ARRIVED, 1) === size - 1) {
    Atomics.store(control, ARRIVED, 0);
    Atomics.add(control, GENERATION, 1);
    Atomics.notify(control, GENERATION);
    return;
  }
  while (Atomics.load(control, GENERATION) === generation) {
    if (Atomics.load(control, ABORT) !== 0) throw new GroupAborted();
    Atomics.wait(control, GENERATION, generation, WAIT_SLICE_MS);
    beat(group);
  }
}

/** This worker is alive and making progress. */
export function beat(group: Group): void {
  Atomics.add(group.control, SIZES + 2 * group.size + group.rank, 1);
}

/** Every worker's heartbeat counter, by rank. */
export function readHeartbeats(control: Int32Array, size: number): number[] {
  return Array.from({ length: size }, (_, k) => Atomics.load(control, SIZES + 2 * size + k));
}

/** Releases every worker blocked at a barrier (each throws `GroupAborted`). Safe from any thread. */
export function abortGroup(control: Int32Array): void {
  Atomics.store(control, ABORT, 1);
  Atomics.notify(control, GENERATION);
}

export function isAborted(control: Int32Array): boolean {
  return Atomics.load(control, ABORT) !== 0;
}

/** What a worker saw of this step's global batch: its rows (−1: its data ended) and a fingerprint. */
export interface BatchSeen {
  readonly size: number;
  readonly fingerprint: number;
}

/** Publishes what this worker saw of the step's global batch. */
export function publishBatch(group: Group, seen: BatchSeen): void {
  Atomics.store(group.control, SIZES + 2 * group.rank, seen.size);
  Atomics.store(group.control, SIZES + 2 * group.rank + 1, seen.fingerprint);
}

/** What every worker published, by rank (read after a barrier). */
export function readBatches(group: Group): BatchSeen[] {
  return Array.from({ length: group.size }, (_, k) => ({
    size: Atomics.load(group.control, SIZES + 2 * k),
    fingerprint: Atomics.load(group.control, SIZES + 2 * k + 1),
  }));
}
