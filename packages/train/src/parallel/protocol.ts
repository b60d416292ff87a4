/*
 * Messages between the main thread and the workers of `fit({ workers })` (internal). Tensors travel
 * as `Serialized` trees (a JSON skeleton and one byte buffer, transferred, not copied); per-step
 * traffic goes through shared memory instead (see shared-group.ts and worker-main.ts).
 */
import type { SumsPart } from '../epoch-sums.js';
import type { Serialized } from '../serialize.js';

/** What each worker is started with (`workerData`). */
export interface WorkerInit {
  readonly rank: number;
  readonly count: number;
  /** The setup module as a file URL. */
  readonly module: string;
  readonly exportName: string;
  readonly args: unknown;
  readonly seed: number;
  readonly epochs: number;
  readonly backend: string;
  readonly control: SharedArrayBuffer;
  /** A checkpoint directory to resume from, or null. */
  readonly resumeFrom: string | null;
  /** Pause every `logEvery` steps for the main thread's `onBatchEnd` callbacks. */
  readonly batchReports: boolean;
  readonly logEvery: number;
  readonly nonFinite: 'stop' | 'skip';
}

export interface LeafSpec {
  readonly key: string;
  readonly shape: readonly number[];
  readonly dtype: string;
}

/** The params and state leaves, in flattenTree order: every worker must report the same. */
export interface Layout {
  readonly params: readonly LeafSpec[];
  readonly state: readonly LeafSpec[];
}

export interface RemoteError {
  readonly name: string;
  readonly message: string;
  readonly label?: string;
  readonly stack?: string;
}

export type ToMain =
  | {
      readonly type: 'ready';
      readonly rank: number;
      readonly backend: string;
      readonly layout: Layout;
      readonly stepsPerEpoch: number | null;
    }
  | {
      readonly type: 'started';
      readonly rank: number;
      readonly numTensors: number;
      readonly snapshot?: Serialized;
    }
  | {
      readonly type: 'batch';
      readonly rank: number;
      readonly step: number;
      /** The running row-weighted log sums and rows of this epoch so far. */
      readonly sums: Readonly<Record<string, number>>;
      readonly samples: number;
      readonly snapshot?: Serialized;
    }
  | {
      readonly type: 'epoch';
      readonly rank: number;
      readonly epoch: number;
      readonly step: number;
      readonly train: SumsPart;
      readonly seconds: number;
      readonly waitSeconds: number;
      readonly exchangeSeconds: number;
      readonly validation: SumsPart | null;
      readonly numTensors: number;
      readonly hash: number;
    }
  | {
      readonly type: 'merged';
      readonly rank: number;
      readonly logs: Readonly<Record<string, number>>;
      readonly validationLogs: Readonly<Record<string, number>> | null;
      readonly snapshot: Serialized;
    }
  | { readonly type: 'done'; readonly rank: number; readonly numTensors: number }
  | { readonly type: 'error'; readonly rank: number; readonly error: RemoteError };

export type ToWorker =
  | { readonly type: 'start'; readonly buffer: SharedArrayBuffer }
  | {
      readonly type: 'epoch';
      readonly epoch: number;
      /** Optimizer steps taken before this epoch. */
      readonly step: number;
      readonly params: Serialized | null;
    }
  | { readonly type: 'continue'; readonly params: Serialized | null }
  | {
      readonly type: 'merge';
      readonly parts: readonly { readonly train: SumsPart; readonly validation: SumsPart | null }[];
    }
  | { readonly type: 'finish' };

/** The buffers of serialized trees in a message, to transfer instead of copy. */
export function transferables(...trees: (Serialized | null | undefined)[]): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const t of trees) {
    const buffer = t?.data.buffer;
    if (buffer instanceof ArrayBuffer && !out.includes(buffer)) out.push(buffer);
  }
  return out;
}
