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
 * How far the GPU run's final params may be from the cpu run's, as max |Δ| / max |param|. Both runs
 * start from the same init and see the same batches, but every step's float32 sums round
 * differently on the GPU and Adam rescales each update to about the learning rate, so per-step
 * differences of ~1e-7 relative grow over 200 steps (measured here on SwiftShader: see
 * docs/backends.md); 2% of the largest weight separates "the same training" from a wrong kernel,
 * which moves weights by whole learning-rate steps in some direction (≥ 0.2 after 200 steps of 1e-3).
 */
export const CNN_PARAM_TOLERANCE = 0.02;

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
  const { maxAbs, scale } = paramDistance(gpu.params, cpu.params);
  const relative = scale === 0 ? Number.POSITIVE_INFINITY : maxAbs / scale;
  const text = `loss ${first.toFixed(4)} → ${last.toFixed(4)} (cpu ${(cpu.losses[0] as number).toFixed(4)} → ${(cpu.losses.at(-1) as number).toFixed(4)}), numTensors ${gpu.tensorsAfterFirst} → ${gpu.tensorsAtEnd}, final params max |Δ| ${maxAbs.toExponential(2)} = ${(relative * 100).toFixed(3)}% of max |param| ${scale.toFixed(3)} (tolerance ${CNN_PARAM_TOLERANCE * 100}%), ${(gpu.ms / gpu.losses.length).toFixed(1)} ms/step (cpu ${(cpu.ms / cpu.losses.length).toFixed(1)})`;
  return { problems, relative, text };
}
