/**
 * How many eigen-directions τ asks for: the rule DA's retain eigenspace, MUDA's
 * eigenspace tracking and lesson 2's playground share. Plain numbers, no tfjs,
 * so the page can use it too.
 */

/**
 * Cumulative shares within this of τ count as reaching it: float32 features
 * put ~1e-7 relative error into every eigenvalue, so a spectrum whose share
 * is τ "exactly" must not flip k on round-off.
 */
export const TAU_SLACK = 1e-6;

/** Smallest k with (λ₁ + … + λ_k) ≥ τ for a normalised descending spectrum. */
export function kForEnergyShare(shares: ArrayLike<number>, tau: number): number {
  let cum = 0;
  for (let i = 0; i < shares.length; i++) {
    cum += shares[i];
    if (cum >= tau - TAU_SLACK) return i + 1;
  }
  return shares.length;
}
