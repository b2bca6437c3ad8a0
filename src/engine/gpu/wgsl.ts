/**
 * Shared pieces of the fused training path's WGSL: the per-step uniform every
 * kernel binds, and f32 literals that round exactly as tfjs' scalars do.
 */

/**
 * Per-step values, written once per step with the batch: `n` rows in this
 * batch (the last one of an epoch may be short), 1/n for the mean loss, and
 * Adam's bias corrections 1 − β₁ᵗ, 1 − β₂ᵗ (computed on the CPU in float32,
 * exactly as tfjs accumulates them).
 */
export const STEP_STRUCT = /* wgsl */ `
struct Step {
  n: u32,
  invN: f32,
  oneMinusAcc1: f32,
  oneMinusAcc2: f32,
}`;

/** Bytes of one Step uniform (4 × 4, already a multiple of 16). */
export const STEP_BYTES = 16;

/**
 * `x` rounded to float32 and written with 9 significant digits: enough for
 * the WGSL literal to parse back to the same float32, as tfjs' `scalar(x)` holds it.
 */
export function f32(x: number): string {
  const s = Math.fround(x).toPrecision(9);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

/** Workgroup size of the element-wise kernels (gather, optimizer). */
export const LINEAR_WORKGROUP = 256;
