import { type CnnRun, paramDistance } from './cnn-training.js';

/** Steps of the seed-CNN run on each GPU backend (the acceptance: 200). */
export const CNN_STEPS = 200;

/**
 * The steps to run: CNN_STEPS, or STRATA_GPU_CNN_STEPS for a quicker look during development (a
 * software GPU on a busy machine takes seconds per step).
 */
export function cnnSteps(): number {
  const raw = process.env.STRATA_GPU_CNN_STEPS;
  const steps = raw === undefined || raw === '' ? CNN_STEPS : Number(raw);
  if (!Number.isInteger(steps) || steps < 2)
    throw new Error(`STRATA_GPU_CNN_STEPS must be an integer ≥ 2, got ${raw}`);
  return steps;
}

/**
 * How far the GPU run's final params may be from the cpu run's, as ‖Δ‖ / ‖params‖ over all params.
 * Both runs start from the same init and see the same batches, but every step's float32 sums round
 * differently on the GPU. Adam divides each update by √v, so once a weight's gradient is down to
 * rounding noise (the loss here falls to ~0.006) it still moves by up to a learning rate per step in
 * a direction the noise picks: single weights drift apart by up to ~steps·lr (measured on SwiftShader
 * in Node: max |Δ| 0.048 = 14% of the largest weight after 200 steps) while the model as a whole
 * stays the same one. The Euclidean distance over all params measures the latter; a wrong kernel
 * (a zeroed or transposed gradient) leaves it at tens of percent or more, and the final losses apart.
 */
export const CNN_PARAM_TOLERANCE = 0.1;

/** The final losses may differ by this share of the first loss (both runs reach ~0.3% of it here). */
export const CNN_LOSS_TOLERANCE = 0.05;

/** What was wrong with a GPU run compared with the cpu run, and a one-line summary. */
export function checkCnnRuns(
  gpu: CnnRun,
  cpu: CnnRun,
): { problems: string[]; relative: number; text: string } {
  const problems: string[] = [];
  const first = gpu.losses[0] as number;
  const last = gpu.losses.at(-1) as number;
  if (!(last < first / 2)) problems.push(`loss went from ${first} to ${last}, not below half`);
  if (gpu.tensorsAtEnd !== gpu.tensorsAfterFirst) {
    problems.push(`numTensors ${gpu.tensorsAfterFirst} after step 1, ${gpu.tensorsAtEnd} at the end`);
  }
  const { maxAbs, scale, relativeL2: relative } = paramDistance(gpu.params, cpu.params);
  const cpuLast = cpu.losses.at(-1) as number;
  if (!(Math.abs(last - cpuLast) <= CNN_LOSS_TOLERANCE * first)) {
    problems.push(
      `final loss ${last} on the GPU, ${cpuLast} on cpu: more than ${CNN_LOSS_TOLERANCE} of the first loss apart`,
    );
  }
  const text = `loss ${first.toFixed(4)} → ${last.toFixed(4)} (cpu ${(cpu.losses[0] as number).toFixed(4)} → ${(cpu.losses.at(-1) as number).toFixed(4)}), numTensors ${gpu.tensorsAfterFirst} → ${gpu.tensorsAtEnd}, final params ‖Δ‖/‖p‖ ${(relative * 100).toFixed(3)}% (tolerance ${CNN_PARAM_TOLERANCE * 100}%), max |Δ| ${maxAbs.toExponential(2)} of max |param| ${scale.toFixed(3)}, ${(gpu.ms / gpu.losses.length).toFixed(1)} ms/step (cpu ${(cpu.ms / cpu.losses.length).toFixed(1)})`;
  return { problems, relative, text };
}
