/** The playground's numbers are the lab's DA (alignment.ts) on features built to have its covariance. */
import { describe, expect, it } from 'vitest';
import { daMetric } from '../../engine/metrics/alignment';
import { kForEnergyShare } from '../../engine/metrics/energyShare';
import { matrix } from '../../engine/linalg/matrix';
import { playground, RETAIN_SHARES, type PlaygroundInput } from './daPlayground';

/** Retain features whose Σ_r = diag(shares), forget features whose Σ_f = μ₁w₁w₁ᵀ + μ₂w₂w₂ᵀ. */
function labDA(p: PlaygroundInput) {
  const Xr = matrix(3, 3, Float32Array.from([Math.sqrt(RETAIN_SHARES[0]), 0, 0, 0, Math.sqrt(RETAIN_SHARES[1]), 0, 0, 0, Math.sqrt(RETAIN_SHARES[2])]));
  const t = (p.thetaDeg * Math.PI) / 180;
  const a = Math.sqrt(p.mu1), b = Math.sqrt(p.mu2);
  const Xf = matrix(2, 3, Float32Array.from([a * Math.cos(t), 0, a * Math.sin(t), 0, b, 0]));
  return daMetric(Xr, Xf, { tau: p.tau, centered: false });
}

describe("lesson 2's playground", () => {
  const cases: PlaygroundInput[] = [
    { mu1: 0.9, mu2: 0.1, thetaDeg: 0, tau: 0.5 },
    { mu1: 0.9, mu2: 0.1, thetaDeg: 30, tau: 0.9 },
    { mu1: 0.5, mu2: 0.5, thetaDeg: 60, tau: 0.9 },
    { mu1: 0.2, mu2: 0.8, thetaDeg: 75, tau: 0.6 },
    { mu1: 1, mu2: 0.3, thetaDeg: 45, tau: 0.99 },
  ];

  it.each(cases)('%o: k and DA are the lab\'s', (p) => {
    const mine = playground(p);
    const lab = labDA(p);
    expect(mine.k).toBe(lab.info.k);
    expect(mine.clamped).toBe(kForEnergyShare(RETAIN_SHARES, p.tau) > lab.info.k);
    expect(mine.DA).toBeCloseTo(lab.DA, 5);
  });

  it('hand-computed: μ = (0.9, 0.1), w₁ in the plane, U_r = e₁ (τ 0.5): 90 % of the energy inside, DA = √(0.81/0.82)', () => {
    const out = playground({ mu1: 0.9, mu2: 0.1, thetaDeg: 0, tau: 0.5 });
    expect(out.k).toBe(1);
    expect(out.energyShare).toBeCloseTo(0.9, 12);
    expect(out.DA).toBeCloseTo(Math.sqrt(0.81 / 0.82), 12);
  });

  it('tilting w₁ out lowers DA and the energy share; τ = 0.99 would take in every axis, so k is clamped to 2 as the lab does', () => {
    const at = (thetaDeg: number, tau = 0.9) => playground({ mu1: 0.9, mu2: 0.1, thetaDeg, tau });
    expect(at(60).DA).toBeLessThan(at(20).DA);
    expect(at(60).energyShare).toBeLessThan(at(20).energyShare);
    expect(at(90).inside[0]).toBeCloseTo(0, 12);
    expect(at(60, 0.99)).toMatchObject({ k: 2, clamped: true });
    expect(labDA({ mu1: 0.9, mu2: 0.1, thetaDeg: 60, tau: 0.99 }).info.note).toMatch(/clamped to 2/);
  });
});
