import { ConfigError, type TrainingStep } from '@strata/core';
import { type SupervisedStepOptions, supervisedStep } from './supervised-step.js';

/** The step `options` name: theirs, or the supervised one built from their fields. */
export function stepOf<OS>(
  options: { readonly step: TrainingStep<OS> } | SupervisedStepOptions<OS>,
  label: string,
): TrainingStep<OS> {
  if ('step' in options) {
    const extra = ['model', 'inputShape', 'loss', 'optimizer', 'keys', 'constrain', 'trainable'].find(
      (k) => k in options,
    );
    if (extra !== undefined) {
      throw new ConfigError(
        label,
        `'${extra}' belongs to the default supervised step; with 'step' given, the step builds its own`,
      );
    }
    const { step } = options;
    if (
      typeof step?.step !== 'function' ||
      typeof step.init !== 'function' ||
      typeof step.initOptimizer !== 'function'
    ) {
      throw new ConfigError(
        label,
        "'step' must be a TrainingStep ({ name, init, initOptimizer, step, evaluate? })",
      );
    }
    return step;
  }
  for (const key of ['model', 'inputShape', 'loss', 'optimizer'] as const) {
    if (options[key] === undefined) {
      throw new ConfigError(
        label,
        `needs '${key}' (or a training 'step' instead of model, inputShape, loss and optimizer)`,
      );
    }
  }
  return supervisedStep(options);
}
