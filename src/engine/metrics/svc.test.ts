import { describe, expect, it } from 'vitest';
import loadLibsvm from 'libsvm-js/asm.js';
import { createRng } from '../random';
import { fitSvc, svcDecision, svcPredict, type SvcModel } from './svc';

/** n points a class on one feature: +1 first (as the MIA attacker orders them), then −1. */
function overlapping(n: number, seed: number, shape: 'uniform' | 'confidence'): { x: number[]; y: number[] } {
  const rng = createRng(seed);
  const x: number[] = [], y: number[] = [];
  for (const label of [1, -1]) {
    for (let i = 0; i < n; i++) {
      if (shape === 'uniform') x.push(label === 1 ? 0.7 * rng.next() : 0.3 + 0.7 * rng.next());
      // Softmax-like confidences in float32: most near 1, many exactly 1 (ties), a tail of errors.
      else x.push(Math.fround(Math.min(1, 1 - (label === 1 ? 0.5 : 0.1) * rng.next() ** 3 + 2e-8)));
      y.push(label);
    }
  }
  return { x, y };
}

describe('fitSvc on hand-computed cases', () => {
  it('two points at distance 1: α = 1/(1 − e⁻¹), ρ = 0, f = ±1 on them (within 1e-6)', () => {
    // ½αᵀQα − eᵀα with α₁ = α₂ = a is a²(1 − k) − 2a, k = K(0, 1) = e⁻¹: minimum a = 1/(1 − k) < C.
    const fit = fitSvc([0, 1], 1, [1, -1], { C: 3, gamma: 1 });
    const a = 1 / (1 - Math.exp(-1));
    expect(fit.alpha[0]).toBeCloseTo(a, 6);
    expect(fit.alpha[1]).toBeCloseTo(a, 6);
    expect(fit.rho).toBeCloseTo(0, 6);
    const f = svcDecision(fit, [0, 1, 0.5]);
    expect(f[0]).toBeCloseTo(1, 6);
    expect(f[1]).toBeCloseTo(-1, 6);
    expect(f[2]).toBeCloseTo(0, 6);
    expect(fit.objective).toBeCloseTo(-a, 6); // a²(1 − k) − 2a at a = 1/(1 − k)
  });

  it('two close points hit the box: α = C = 3 each, f(0) = 3(1 − e^−0.09) (within 1e-6)', () => {
    // The unconstrained optimum 1/(1 − e^−0.09) ≈ 11.6 is past C, so both α clip to 3.
    const fit = fitSvc([0, 0.3], 1, [1, -1], { C: 3, gamma: 1 });
    expect(Array.from(fit.alpha)).toEqual([3, 3]);
    expect(fit.rho).toBeCloseTo(0, 6);
    expect(svcDecision(fit, [0])[0]).toBeCloseTo(3 * (1 - Math.exp(-0.09)), 6);
  });

  it('separates linearly separable 1-D points perfectly, boundary between the classes', () => {
    const x = [0.05, 0.1, 0.2, 0.25, 0.3, 0.7, 0.75, 0.8, 0.9, 0.95];
    const y = [1, 1, 1, 1, 1, -1, -1, -1, -1, -1];
    const fit = fitSvc(x, 1, y);
    expect(Array.from(svcPredict(fit, x))).toEqual(y);
    expect(svcDecision(fit, [0.3])[0]).toBeGreaterThan(0);
    expect(svcDecision(fit, [0.7])[0]).toBeLessThan(0);
  });

  it('is antisymmetric for mirrored classes: ρ = 0 and f(−x) = −f(x) (within 1e-6 at ε = 1e-9)', () => {
    // At the default ε = 1e-3 ρ is only ε-accurate (it averages yᵢ∇ᵢf over free αᵢ); solve tightly to test the symmetry.
    const pos = [-2, -1.2, -0.9, -0.4, 0.3];
    const x = [...pos, ...pos.map((v) => -v)];
    const y = [...pos.map(() => 1), ...pos.map(() => -1)];
    const fit = fitSvc(x, 1, y, { gamma: 0.5, tolerance: 1e-9 });
    expect(fit.rho).toBeCloseTo(0, 6);
    const q = [0.1, 0.5, 1, 1.7];
    const f = svcDecision(fit, q);
    const fm = svcDecision(fit, q.map((v) => -v));
    q.forEach((_, i) => expect(f[i] + fm[i]).toBeCloseTo(0, 6));
  });

  it('gamma "auto" is 1 / dims', () => {
    expect(fitSvc([0, 1], 1, [1, -1]).gamma).toBe(1);
    expect(fitSvc([0, 0, 1, 1], 2, [1, -1]).gamma).toBe(0.5);
  });

  it('rejects a missing class and labels other than ±1', () => {
    expect(() => fitSvc([0, 1], 1, [1, 1])).toThrow(RangeError);
    expect(() => fitSvc([0, 1], 1, [1, 0])).toThrow(RangeError);
  });
});

describe('fitSvc satisfies the dual optimality conditions', () => {
  const { x, y } = overlapping(150, 3, 'uniform');
  const fit = fitSvc(x, 1, y);

  it('0 ≤ α ≤ C and yᵀα = 0 (within 1e-9)', () => {
    let sum = 0;
    fit.alpha.forEach((a, i) => {
      expect(a).toBeGreaterThanOrEqual(0);
      expect(a).toBeLessThanOrEqual(3);
      sum += y[i] * a;
    });
    expect(Math.abs(sum)).toBeLessThan(1e-9);
    expect(fit.converged).toBe(true);
  });

  it('KKT within ε = 1e-3 (+1e-5 for the single-precision Q): yf ≥ 1 at α = 0, ≤ 1 at α = C, = 1 between', () => {
    const f = svcDecision(fit, x);
    const tol = 1e-3 + 1e-5;
    let free = 0;
    fit.alpha.forEach((a, i) => {
      const margin = y[i] * f[i];
      if (a === 0) expect(margin).toBeGreaterThanOrEqual(1 - tol);
      else if (a === 3) expect(margin).toBeLessThanOrEqual(1 + tol);
      else { free++; expect(Math.abs(margin - 1)).toBeLessThanOrEqual(tol); }
    });
    expect(free).toBeGreaterThan(0); // the case exercises all three conditions
  });

  it('trainDecision (read off the gradient) equals svcDecision within 1e-5', () => {
    const f = svcDecision(fit, x);
    fit.trainDecision.forEach((v, i) => expect(Math.abs(v - f[i])).toBeLessThan(1e-5));
  });

  it('gives the same model with and without shrinking (decision values within 2e-3)', () => {
    const plain = fitSvc(x, 1, y, { shrinking: false });
    const q = Array.from({ length: 101 }, (_, i) => i / 100);
    const a = svcDecision(fit, q), b = svcDecision(plain, q);
    q.forEach((_, i) => expect(Math.abs(a[i] - b[i])).toBeLessThan(2e-3));
  });

  it('is deterministic', () => {
    const again = fitSvc(x, 1, y);
    expect(Array.from(again.alpha)).toEqual(Array.from(fit.alpha));
    expect(again.rho).toBe(fit.rho);
  });
});

/** libsvm's model file → the same decision function (SV lines "coef 1:x"). */
function parseLibsvmModel(text: string): SvcModel & { labels: number[] } {
  const lines = text.split('\n');
  const header = (key: string) => lines.find((l) => l.startsWith(`${key} `))!.slice(key.length + 1);
  const sv = lines.slice(lines.indexOf('SV') + 1).filter((l) => l.trim() !== '');
  return {
    dims: 1,
    gamma: Number(header('gamma')),
    rho: Number(header('rho')),
    labels: header('label').split(' ').map(Number),
    dualCoef: Float64Array.from(sv, (l) => Number(l.split(' ')[0])),
    supportVectors: Float64Array.from(sv, (l) => Number(l.split(' ')[1].split(':')[1])),
    supportIndices: new Int32Array(0),
  };
}

describe('fitSvc agrees with libsvm (libsvm-js, asm.js build) at C = 3, γ = 1', () => {
  for (const [shape, n, seed] of [['uniform', 200, 11], ['confidence', 300, 12]] as const) {
    it(`${shape} data, ${2 * n} points: same support vectors, predictions agree on ≥ 99.5 %, decision values within 1e-4`, async () => {
      const { x, y } = overlapping(n, seed, shape);
      const Libsvm = await loadLibsvm;
      const ref = new Libsvm({ type: Libsvm.SVM_TYPES.C_SVC, kernel: Libsvm.KERNEL_TYPES.RBF, cost: 3, gamma: 1, tolerance: 1e-3, shrinking: true, quiet: true });
      ref.train(x.map((v) => [v]), y);
      const refModel = parseLibsvmModel(ref.serializeModel());
      const refIndices = ref.getSVIndices().sort((a, b) => a - b); // libsvm-js reports them from 0
      const grid = Array.from({ length: 1001 }, (_, i) => i / 1000);
      const query = [...x, ...grid];
      const refPred = ref.predict(query.map((v) => [v]));
      ref.free();
      expect(refModel.labels).toEqual([1, -1]); // +1 first, so the dual's signs match ours

      const fit = fitSvc(x, 1, y);
      expect(fit.dualCoef.length).toBe(refModel.dualCoef.length);
      expect(Array.from(fit.supportIndices)).toEqual(refIndices);
      const pred = svcPredict(fit, query);
      const agree = refPred.filter((p, i) => p === pred[i]).length / query.length;
      expect(agree).toBeGreaterThanOrEqual(0.995);
      // The model file prints ρ with 6 significant digits and x with 8: that, not the solvers, sets 1e-4.
      const mine = svcDecision(fit, query), theirs = svcDecision(refModel, query);
      const maxDiff = Math.max(...Array.from(mine, (v, i) => Math.abs(v - theirs[i])));
      expect(maxDiff).toBeLessThan(1e-4);
    });
  }
});
