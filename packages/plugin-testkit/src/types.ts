import type { Batch, Shape, StepEntryInput } from '@strata/core';
import type * as tf from '@tensorflow/tfjs-core';

/** How the suite exercises one registry entry of the plugin. */
export interface EntrySpec {
  /** Options the entry builds from (its declared, valid options). */
  readonly options: unknown;
  /** Options the entry must refuse with a labelled Strata error, each on its own. At least one. */
  readonly badOptions: readonly unknown[];
  /**
   * Layers and architectures: one example's input shape, the batch as null; for an architecture of
   * named parts, one shape per part (`{ generator: [null, 16], discriminator: [null, 28, 28, 1] }`).
   * Keep it small: the finite-difference check runs the layer twice per parameter.
   */
  readonly inputShape?: Shape | Readonly<Record<string, Shape>>;
  /** Losses: a small `yTrue`, `yPred` pair (the suite disposes them). */
  readonly lossInputs?: () => readonly [tf.Tensor, tf.Tensor];
  /** Steps: the run's pieces the factory is given, and a small batch (the suite disposes it). */
  readonly stepInput?: () => StepEntryInput;
  readonly batch?: () => Batch;
  /** Finite-difference tolerances for this entry (defaults: rtol 1e-2, atol 1e-3, step 1e-2). */
  readonly gradientTolerance?: { readonly rtol?: number; readonly atol?: number; readonly step?: number };
}

export interface ConformanceOptions {
  /** One spec per entry id the plugin registers ('ns/entry'); an entry without one fails the suite. */
  readonly entries: Readonly<Record<string, EntrySpec>>;
  /** Backends to train on when they load here. Default ['cpu', 'wasm']; cpu is the reference. */
  readonly backends?: readonly string[];
  /** Outputs on another backend may differ from cpu's by this relative amount. Default 1e-4. */
  readonly parityTolerance?: number;
}

/** One named check; `run` throws an Error that says what failed. */
export interface ConformanceCheck {
  readonly name: string;
  run(): Promise<void>;
}
