/**
 * Lesson 2's playground: DA in a feature space small enough to hold in the
 * head, needing no training. Three feature directions; the retain features
 * spread their energy 60 / 30 / 10 % over the axes e₁, e₂, e₃, so τ decides
 * whether the retain eigenspace U_r is e₁ or e₁e₂ (never all three: with
 * every direction inside, DA is 1 for any forget set, and the lab clamps k
 * below the rank of the retain features the same way). The forget set
 * has two directions: w₁ = cos θ e₁ + sin θ e₃ (θ tilts it out of the retain
 * plane towards the weakest retain axis) with eigenvalue μ₁, and w₂ = e₂ with
 * eigenvalue μ₂. DA and the energy share follow from daByDirection.
 */
import { kForEnergyShare } from '../../engine/metrics/energyShare';
import { daByDirection } from './l2Eigenspaces';

/** The retain features' energy shares along e₁, e₂, e₃ (descending, summing to 1). */
export const RETAIN_SHARES = [0.6, 0.3, 0.1] as const;

export interface PlaygroundInput {
  /** Eigenvalues of the forget set's two directions (≥ 0). */
  mu1: number;
  mu2: number;
  /** Tilt of w₁ out of the e₁e₂ plane, in degrees (0–90). */
  thetaDeg: number;
  /** Share of the retain energy U_r must hold. */
  tau: number;
}

export interface PlaygroundOutput {
  /** Directions in U_r. */
  k: number;
  /** τ asked for more directions than the lab allows (k = 3 would make DA ≡ 1): k was clamped to 2. */
  clamped: boolean;
  /** ‖U_rᵀ w_j‖² for w₁, w₂: the part of each forget direction inside U_r. */
  inside: [number, number];
  energyShare: number;
  DA: number;
}

export const PLAYGROUND_START: PlaygroundInput = { mu1: 0.9, mu2: 0.1, thetaDeg: 30, tau: 0.9 };

export function playground(p: PlaygroundInput): PlaygroundOutput {
  const asked = kForEnergyShare(RETAIN_SHARES, p.tau);
  const k = Math.min(asked, RETAIN_SHARES.length - 1);
  const c = Math.cos((p.thetaDeg * Math.PI) / 180);
  // e₁ is always in U_r, e₂ from k = 2; e₃ never (k stays below 3).
  const inside: [number, number] = [c * c, k >= 2 ? 1 : 0];
  return { k, clamped: asked > k, inside, ...daByDirection([p.mu1, p.mu2], inside) };
}
