import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { fitLogistic1D, fitThresholdAttacker, lossMia, miaEfficacy } from './mia';

describe('fitThresholdAttacker', () => {
  it('separates confident members from unconfident non-members at the midpoint', () => {
    const a = fitThresholdAttacker([0.9, 0.95, 1.0], [0.1, 0.2, 0.3]);
    expect(a.trainAccuracy).toBe(1);
    expect(a.threshold).toBeCloseTo(0.6, 12);
  });

  it('calls everyone a member (threshold −∞, accuracy 0.5) when features are identical', () => {
    const a = fitThresholdAttacker([0.7, 0.7], [0.7, 0.7, 0.7]);
    expect(a.threshold).toBe(-Infinity);
    expect(a.trainAccuracy).toBe(0.5);
  });

  it('never flips direction: members less confident than non-members give the baseline', () => {
    const a = fitThresholdAttacker([0.1, 0.2], [0.8, 0.9]);
    expect(a.threshold).toBe(-Infinity);
    expect(a.trainAccuracy).toBe(0.5);
  });

  it('uses balanced accuracy, so unequal group sizes do not bias the cut', () => {
    // 1 non-member at 0.5 vs 9 members at 0.5 and 1 member at 1.0: cutting above 0.5
    // gets the non-member right but 9 members wrong: balanced (1 + 0.1)/2 = 0.55 > 0.5.
    const a = fitThresholdAttacker([0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 1.0], [0.5]);
    expect(a.trainAccuracy).toBeCloseTo(0.55, 12);
    expect(a.threshold).toBeCloseTo(0.75, 12);
  });
});

describe('miaEfficacy', () => {
  it('equals the baseline 0 for a model with the same confidence for everyone (both attackers)', () => {
    const same = (n: number) => new Float32Array(n).fill(0.8);
    const r = miaEfficacy({ retain: same(100), test: same(50), forget: same(30) }, createRng(1));
    // SVC: with every K = 1 and balanced classes, f ≡ −ρ = 0, and a tie is a member.
    expect(r.MIA).toBe(0);
    expect(r.MIAthreshold).toBe(0);
    expect(r.thresholdAttacker.trainAccuracy).toBe(0.5);
    expect(r.members).toBe(50);
    expect(r.nonMembers).toBe(50);
  });

  it('scores 1 when forget samples look like test samples of a perfectly separating attacker', () => {
    const r = miaEfficacy({ retain: [0.99, 0.98, 0.97, 0.96], test: [0.2, 0.3], forget: [0.1, 0.25, 0.4] }, createRng(2));
    expect(r.thresholdAttacker.trainAccuracy).toBe(1);
    expect(r.svc?.trainAccuracy).toBe(1);
    expect(r.MIA).toBe(1);
    expect(r.MIAthreshold).toBe(1);
  });

  it('scores 2 of 4 when the classes mirror around 0.5: both attackers cut at the midpoint', () => {
    // Members at 0.9, non-members at 0.1: the SVC's boundary is the midpoint by symmetry, like the threshold's.
    const r = miaEfficacy({ retain: [0.9, 0.9], test: [0.1, 0.1], forget: [0.2, 0.4, 0.6, 0.95] }, createRng(3));
    expect(r.thresholdAttacker.threshold).toBeCloseTo(0.5, 12);
    expect(r.MIAthreshold).toBeCloseTo(0.5, 12);
    expect(r.MIA).toBeCloseTo(0.5, 12);
  });

  it('calls forget samples drawn like the members members and ones drawn like the non-members non-members (n = 1000 a side)', () => {
    // Members in [0.98, 1] (a model's training data), non-members uniform in [0.6, 1]; 5 % of
    // the non-members overlap the members, so a perfect cut would score 0 and 0.95.
    const rng = createRng(4);
    const member = () => 1 - 0.02 * rng.next() ** 2;
    const nonMember = () => 1 - 0.4 * rng.next();
    const draw = (f: () => number, n: number) => Float32Array.from({ length: n }, f);
    const retain = draw(member, 3000), test = draw(nonMember, 1000);
    const likeRetain = miaEfficacy({ retain, test, forget: draw(member, 1000) }, createRng(5));
    const likeTest = miaEfficacy({ retain, test, forget: draw(nonMember, 1000) }, createRng(5));
    expect(likeRetain.MIA).toBeLessThan(0.02);
    expect(likeRetain.MIAthreshold).toBeLessThan(0.02);
    // The reference's γ = 1 RBF is smooth across [0.6, 1] (every K ≥ e^−0.16), so the SVC cuts
    // less sharply than the best threshold: 0.891 vs 0.96 here.
    expect(likeTest.MIA).toBeGreaterThan(0.85);
    expect(likeTest.MIAthreshold).toBeGreaterThan(0.93);
    expect(likeTest.svc?.converged).toBe(true);
  });

  it('fits on at most maxPerSide non-members and as many members', () => {
    const rng = createRng(6);
    const u = (n: number) => Float32Array.from({ length: n }, () => rng.next());
    const r = miaEfficacy({ retain: u(900), test: u(500), forget: u(50) }, createRng(7), { maxPerSide: 200 });
    expect(r.nonMembers).toBe(200);
    expect(r.members).toBe(200);
  });

  it('is deterministic for a seed and NaN with no test samples', () => {
    const rng = createRng(4);
    const retain = Float32Array.from({ length: 200 }, () => rng.next());
    const input = { retain, test: retain.slice(0, 30).map((v) => v * 0.9), forget: retain.slice(50, 80) };
    expect(miaEfficacy(input, createRng(9))).toEqual(miaEfficacy(input, createRng(9)));
    const empty = miaEfficacy({ retain, test: [], forget: [0.5] }, createRng(9));
    expect(empty.MIA).toBeNaN();
    expect(empty.MIAthreshold).toBeNaN();
  });
});

describe('lossMia', () => {
  it('is 1 when forget losses and test losses are perfectly separable', () => {
    const forget = Float32Array.from({ length: 40 }, (_, i) => 0.01 + 0.001 * i);
    const test = Float32Array.from({ length: 50 }, (_, i) => 2 + 0.01 * i);
    const r = lossMia(forget, test, createRng(1));
    expect(r.lossMIA).toBe(1);
    expect(r.foldAccuracies).toHaveLength(5);
    expect(r.perSide).toBe(40);
  });

  it('is ≈ 0.5 (within 0.06) when both come from the same distribution (n = 1000)', () => {
    const rng = createRng(2);
    const draw = () => Float32Array.from({ length: 1000 }, () => -Math.log(Math.max(rng.next(), 1e-9)));
    const r = lossMia(draw(), draw(), createRng(3));
    expect(Math.abs(r.lossMIA - 0.5)).toBeLessThan(0.06);
  });

  it('is deterministic for a seed and NaN with fewer than 2 samples a side', () => {
    const a = Float32Array.from([0.1, 0.5, 0.2, 0.9, 0.3, 0.7, 0.4]);
    const b = Float32Array.from([0.6, 1.5, 0.8, 1.2, 0.2, 2.0]);
    expect(lossMia(a, b, createRng(7))).toEqual(lossMia(a, b, createRng(7)));
    expect(lossMia([1], [2, 3], createRng(7)).lossMIA).toBeNaN();
  });
});

describe('fitLogistic1D', () => {
  it('recovers a positive slope on data where y = 1 for large x, with finite weights under separation', () => {
    const { w, b } = fitLogistic1D([-2, -1, 1, 2], [0, 0, 1, 1]);
    expect(w).toBeGreaterThan(0);
    expect(Math.abs(b)).toBeLessThan(1e-9);
    expect(Number.isFinite(w)).toBe(true);
  });
});
