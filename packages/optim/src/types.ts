import type { GradientTransformation } from '@strata/core';

/** The state of a transformation that keeps none (`scale`). */
export type EmptyState = Readonly<Record<string, never>>;

/** The state type `S` of a `GradientTransformation<S>`. */
export type StateOf<T> = T extends GradientTransformation<infer S> ? S : never;
