import { StrataError } from '@strata/core';

/** Rethrows a child's labelled error with where it happened in this model. */
export function located(error: unknown, where: string): unknown {
  if (!(error instanceof StrataError)) return error;
  const Kind = error.constructor as new (label: string, message: string) => StrataError;
  return new Kind(where, error.message);
}
