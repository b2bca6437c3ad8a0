/**
 * Lesson 2 teaches what DA is. These tests hold its formula and its worked
 * example to the lab's own DA (src/engine/metrics/alignment.ts): DA weights
 * the forget directions by their squared eigenvalues, so it is not the share
 * of the forget energy inside the retain eigenspace (issue #15).
 */
import { describe, expect, it } from 'vitest';
import { daMetric, dimensionalAlignment } from '../../engine/metrics/alignment';
import { gram } from '../../engine/linalg/gram';
import { matrix } from '../../engine/linalg/matrix';
import { symmetricEigen } from '../../engine/linalg/symmetricEigen';
import { createRng } from '../../engine/random';
import { answerFeedback } from './feedback';
import { DA_EXAMPLE, daByDirection, lesson2, outsideShareAtDA } from './l2Eigenspaces';

const fixedText = () => [lesson2.goal, ...lesson2.intro, ...lesson2.question.choices.map((c) => `${c.text} ${c.feedback(null)}`)].join('\n');

describe('lesson 2: what DA is', () => {
  // Σ_f = X_fᵀX_f = diag(0.9, 0.1); the retain features lie along e₁ (with a little e₂, so the rank is 2 and k = 1 is chosen by τ, not clamped).
  const Xf = matrix(2, 2, Float32Array.from([Math.sqrt(0.9), 0, 0, Math.sqrt(0.1)]));
  const Xr = matrix(2, 2, Float32Array.from([1, 0, 0, 0.05]));

  it('Σ_f = diag(0.9, 0.1) with U_r = e₁: the lab\'s DA is 0.994 (√(0.81/0.82)) while 90 % of the energy is inside', () => {
    const lab = daMetric(Xr, Xf, { tau: 0.9, centered: false });
    expect(lab.info.k).toBe(1);
    expect(Math.abs(lab.eigenspace.U.data[0])).toBeCloseTo(1, 12);
    expect(lab.DA).toBeCloseTo(Math.sqrt(0.81 / 0.82), 6);
    expect(lab.DA.toFixed(3)).toBe('0.994');
    // The lesson's own example numbers are the lab's.
    expect(DA_EXAMPLE.DA).toBeCloseTo(lab.DA, 6);
    expect(DA_EXAMPLE.energyShare).toBeCloseTo(0.9, 12);
  });

  it('the lesson\'s text states DA = 0.994 for the 90 %-energy example and never calls DA the energy share', () => {
    const intro = lesson2.intro.join('\n');
    expect(intro).toContain('diag(0.9, 0.1)');
    expect(intro).toContain('has 90.0 % of its energy inside, yet DA = 0.994');
    expect(intro).toContain('DA\u00b2 = \u03a3 \u03bc_j\u00b2 \u2016U_r\u1d40w_j\u2016\u00b2 / \u03a3 \u03bc_j\u00b2');
    expect(intro).toContain('DA is therefore not the share of the forget features\' energy inside U_r');
    const t = fixedText();
    expect(t).not.toMatch(/DA is an energy share|the share of the forget features' energy inside U_r\. 1 means/);
    expect(t).not.toContain('DA = 0.900');
  });

  it('the answer "99 % of the energy inside" is wrong and its feedback shows the 0.9-energy / 0.994-DA example; the strong-directions answer is right', () => {
    const energy = lesson2.question.choices.find((c) => c.id === 'energy')!;
    expect(energy.correct).toBe(false);
    expect(answerFeedback(lesson2.question, 'energy', null)!.text).toContain('90.0 % of its energy inside, yet DA = 0.994');
    const right = lesson2.question.choices.filter((c) => c.correct);
    expect(right.map((c) => c.id)).toEqual(['strong-directions']);
    expect(right[0].text).not.toMatch(/energy/);
  });

  it('a DA of 0.99 leaves 12.5 % of the energy outside a two-direction forget set, and the feedback says so', () => {
    expect(outsideShareAtDA(0.99)).toBeCloseTo(0.1247, 4);
    // Check: inside 1 − s, outside s at that share gives DA 0.99 back.
    const s = outsideShareAtDA(0.99);
    expect(daByDirection([1 - s, s], [1, 0]).DA).toBeCloseTo(0.99, 12);
    expect(answerFeedback(lesson2.question, 'energy', null)!.text).toContain('room for 12.5 % of the energy outside');
  });

  it('the formula the lesson teaches, √(Σ μ_j² ‖U_rᵀw_j‖² / Σ μ_j²), equals the lab\'s DA on random 5-D features (1e-9)', () => {
    const rng = createRng(7);
    const C = 5;
    for (let trial = 0; trial < 5; trial++) {
      const rand = (n: number) => matrix(n, C, Float32Array.from({ length: n * C }, () => rng.normal() * (1 + rng.int(3))));
      const retain = rand(40);
      const forget = rand(15);
      const { eigenspace } = daMetric(retain, forget, { tau: 0.8, centered: false });
      const eig = symmetricEigen(gram(forget), C);
      const U = eigenspace.U;
      const inside = Array.from({ length: C }, (_, j) => {
        let s = 0;
        for (let c = 0; c < U.cols; c++) {
          let d = 0;
          for (let i = 0; i < C; i++) d += U.data[i * U.cols + c] * eig.vectors.data[i * C + j];
          s += d * d;
        }
        return s;
      });
      const taught = daByDirection(Array.from(eig.values), inside);
      expect(taught.DA).toBeCloseTo(dimensionalAlignment(forget, eigenspace), 9);
      // …and it is not the energy share, except by coincidence.
      expect(Math.abs(taught.DA - taught.energyShare)).toBeGreaterThan(1e-6);
    }
  });
});
