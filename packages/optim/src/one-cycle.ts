import { assertInteger, assertKnownKeys, assertNumber, ConfigError, type Schedule } from '@strata/core';

export interface OneCycleOptions {
  /** The peak learning rate, reached at the end of the first phase. */
  readonly maxValue: number;
  /** The length of the whole cycle in steps (an integer ≥ 2). */
  readonly totalSteps: number;
  /** The fraction of `totalSteps` spent rising. Default 0.3. */
  readonly pctStart?: number;
  /** The starting rate is `maxValue / divFactor`. Default 25. */
  readonly divFactor?: number;
  /** The final rate is the starting rate divided by this. Default 1e4. */
  readonly finalDivFactor?: number;
  /** The momentum at the rate's peak. Default 0.85. */
  readonly baseMomentum?: number;
  /** The momentum at the start and the end. Default 0.95. */
  readonly maxMomentum?: number;
}

export interface OneCycle {
  /** The learning rate: up from `maxValue / divFactor` to `maxValue`, then down to the final rate. */
  readonly rate: Schedule;
  /** The momentum, moving opposite to the rate: `maxMomentum` → `baseMomentum` → `maxMomentum`. */
  readonly momentum: Schedule;
}

/**
 * The 1cycle policy (Smith 2018, "A disciplined approach to neural network hyper-parameters"; Smith &
 * Topin 2019, "Super-Convergence"), as PyTorch's `OneCycleLR` with `anneal_strategy: 'cos'` and
 * `three_phase: false` computes it: two phases, each a cosine interpolation
 * `end + (start − end) · ½ · (1 + cos(π · pct))`. Phase one runs from step 0 to
 * `e = pctStart · totalSteps − 1` (`pct = step / e`), the rate rising from `maxValue / divFactor` to
 * `maxValue` while momentum falls from `maxMomentum` to `baseMomentum`; phase two runs from `e` to
 * `totalSteps − 1` (`pct = (step − e) / (totalSteps − 1 − e)`), the rate falling to
 * `maxValue / (divFactor · finalDivFactor)` while momentum climbs back. Past the last step the final
 * values hold (PyTorch raises instead). fastai's `fit_one_cycle` has the same shape with other
 * defaults (`pctStart` 0.25, `finalDivFactor` 1e5). Pass `momentum` to an optimizer's momentum (or
 * Adam's `b1`) where it takes a schedule.
 *
 * @example
 * ```ts
 * import { oneCycle } from '@strata/optim';
 *
 * const { rate, momentum } = oneCycle({ maxValue: 0.1, totalSteps: 101, pctStart: 0.5 });
 * // Phase one ends at step 0.5 · 101 − 1 = 49.5.
 * [rate(0), momentum(0)]; // => [0.00400, 0.950]
 * [rate(100), momentum(100)]; // => [4.00e-7, 0.950]
 * // Phase two spans 49.5 → 100: at its midpoint, 74.75, the rate is (0.1 + 4e-7) / 2.
 * rate(74.75); // => 0.0500002
 * momentum(74.75); // => 0.900
 * ```
 */
export function oneCycle(options: OneCycleOptions): OneCycle {
  const label = 'oneCycle';
  assertKnownKeys(
    options,
    ['maxValue', 'totalSteps', 'pctStart', 'divFactor', 'finalDivFactor', 'baseMomentum', 'maxMomentum'],
    label,
  );
  const {
    maxValue,
    totalSteps,
    pctStart = 0.3,
    divFactor = 25,
    finalDivFactor = 1e4,
    baseMomentum = 0.85,
    maxMomentum = 0.95,
  } = options;
  assertNumber(maxValue, `${label}({maxValue})`, { min: 0 });
  assertInteger(totalSteps, `${label}({totalSteps})`, 2);
  assertNumber(pctStart, `${label}({pctStart})`, { min: 0, max: 1, exclusiveMin: true });
  assertNumber(divFactor, `${label}({divFactor})`, { min: 0, exclusiveMin: true });
  assertNumber(finalDivFactor, `${label}({finalDivFactor})`, { min: 0, exclusiveMin: true });
  assertNumber(baseMomentum, `${label}({baseMomentum})`, { min: 0, max: 1 });
  assertNumber(maxMomentum, `${label}({maxMomentum})`, { min: 0, max: 1 });
  const peakStep = pctStart * totalSteps - 1;
  const lastStep = totalSteps - 1;
  if (peakStep <= 0 || peakStep >= lastStep) {
    throw new ConfigError(
      `${label}({pctStart})`,
      `puts the peak at step ${peakStep}, which must lie strictly between 0 and the last step ${lastStep}; use more totalSteps or another pctStart`,
    );
  }
  const initial = maxValue / divFactor;
  const final = initial / finalDivFactor;
  const anneal = (start: number, end: number, pct: number) =>
    end + ((start - end) / 2) * (1 + Math.cos(Math.PI * Math.min(Math.max(pct, 0), 1)));
  const phased =
    (startValue: number, peakValue: number, endValue: number): Schedule =>
    (step) =>
      step <= peakStep
        ? anneal(startValue, peakValue, step / peakStep)
        : anneal(peakValue, endValue, (step - peakStep) / (lastStep - peakStep));
  return {
    rate: phased(initial, maxValue, final),
    momentum: phased(maxMomentum, baseMomentum, maxMomentum),
  };
}
