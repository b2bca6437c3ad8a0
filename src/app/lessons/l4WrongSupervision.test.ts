/**
 * Lesson 4's verdict compares a method's DA with where it started, the
 * Original's, not with Retrain's: the Original is already below Retrain, so
 * "below Retrain's" would credit doing nothing (issue #15). With several
 * seeds the tie tolerance widens to the seed spread.
 */
import { describe, expect, it } from 'vitest';
import type { ModelResult } from '../../engine/results';
import { daTolerance, daVerdict, lesson4 } from './l4WrongSupervision';
import { measuredFor, MNIST_MODELS } from './testFixtures';

const PUSHED = /pushed the forget features/;

/** GA as a healthy (not collapsed) run ending at `DA`: MNIST_MODELS.ga collapsed to k = 1, which would mask the verdict. */
function ga(DA: number): ModelResult {
  const r = MNIST_MODELS.ga;
  return { ...r, metrics: { ...r.metrics, DA, RA: 0.95, TA: 0.9, daInfo: { k: 5, tau: 0.9, centered: false } } };
}

function withDA(r: ModelResult, DA: number): ModelResult {
  return { ...r, metrics: { ...r.metrics, DA } };
}

/** A model that ran on three seeds: DA mean and std as engine aggregateSeeds writes them. */
function seeded(r: ModelResult, mean: number, std: number): ModelResult {
  return { ...r, runs: [r, r, r], mean: { DA: mean }, std: { DA: std } };
}

const run = (models: Record<string, ModelResult>) => measuredFor(lesson4, { original: MNIST_MODELS.original, retrain: MNIST_MODELS.retrain, ...models });
const text = (models: Record<string, ModelResult>) => lesson4.measured(run(models)).join('\n');

describe('lesson 4: did wrong supervision lower DA? (Original 0.948, Retrain 0.984)', () => {
  it('GA below Retrain\'s DA but above the Original\'s (0.960) does not "push the forget features out"', () => {
    const t = text({ ga: ga(0.96) });
    expect(daVerdict(run({ ga: ga(0.96) }), 'ga')).toBe('raised');
    expect(t).not.toMatch(PUSHED);
    expect(t).toContain("Its DA rose above the Original's (+0.012, beyond the tie tolerance 0.005), ending below Retrain's 0.984");
    expect(t).toContain('Gradient ascent does not lower DA below the Original\'s (0.948)');
    expect(t).toContain("Ending below Retrain's DA is not evidence of it: the Original, which did nothing, is already below Retrain's (0.948 vs 0.984)");
  });

  it('GA leaving DA at the Original\'s value (0.948, and 0.951 within the tie) is "unchanged", not "pushed out"', () => {
    for (const DA of [0.948, 0.951]) {
      const t = text({ ga: ga(DA) });
      expect(daVerdict(run({ ga: ga(DA) }), 'ga')).toBe('unchanged');
      expect(t).not.toMatch(PUSHED);
      expect(t).toContain("Its DA ends where the Original's started");
      expect(t).toContain("the gap to Retrain is the Original's, and doing nothing would show it too");
    }
  });

  it('GA below the Original\'s DA (0.930) is said to have pushed the forget features out', () => {
    const t = text({ ga: ga(0.93) });
    expect(daVerdict(run({ ga: ga(0.93) }), 'ga')).toBe('lowered');
    expect(t).toContain("It ends below the Original's DA, where it started (−0.018, beyond the tie tolerance 0.005) and below Retrain's 0.984: here wrong supervision pushed the forget features further out");
    expect(t).toContain("So in this run Gradient ascent ends below the Original's DA, where unlearning started: injecting wrong supervision pushed the forget features out of the retain eigenspace");
  });

  it('both methods below the Original\'s DA: the summary says both; one of two: it names which', () => {
    const both = text({ ga: ga(0.93), rl: withDA(MNIST_MODELS.rl, 0.935) });
    expect(both).toContain("So in this run both methods end below the Original's DA");
    const one = text({ ga: ga(0.93), rl: MNIST_MODELS.rl });
    expect(one).toContain("the claim holds for Gradient ascent (DA lowered below the Original's) but not for Random labels");
  });

  it('with 3 seeds, a drop inside twice Retrain\'s seed spread is not a lowering; one seed would have called it one', () => {
    const oneSeed = run({ ga: ga(0.935) });
    expect(daVerdict(oneSeed, 'ga')).toBe('lowered');
    const threeSeeds = run({
      original: seeded(MNIST_MODELS.original, 0.948, 0.004),
      retrain: seeded(MNIST_MODELS.retrain, 0.984, 0.01),
      ga: seeded(ga(0.935), 0.935, 0.003),
    });
    expect(daTolerance(threeSeeds, 'ga')).toBeCloseTo(0.02, 12);
    expect(daVerdict(threeSeeds, 'ga')).toBe('unchanged');
    const t = lesson4.measured(threeSeeds).join('\n');
    expect(t).toContain('final DA 0.935 ± 0.003 over 3 seeds (Retrain 0.984 ± 0.010 over 3 seeds, Original 0.948 ± 0.004 over 3 seeds)');
    expect(t).toContain('within the tie tolerance 0.020');
    expect(t).not.toMatch(PUSHED);
  });

  it('a collapsed feature space is never read as lowering DA', () => {
    expect(daVerdict(run({ ga: MNIST_MODELS.ga }), 'ga')).toBe('collapsed');
  });
});
