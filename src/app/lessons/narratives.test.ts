/**
 * The narratives state the run's numbers and say honestly whether the
 * lesson's claim holds: each case feeds a fixture run, then the same run
 * with the numbers flipped, and reads the text.
 */
import { describe, expect, it } from 'vitest';
import type { ModelResult } from '../../engine/results';
import { answerFeedback } from './feedback';
import { lesson1, regionShare } from './l1Unlearning';
import { lesson2 } from './l2Eigenspaces';
import { lesson3 } from './l3Observation';
import { collapsed, daTrace, lesson4 } from './l4WrongSupervision';
import { lesson5 } from './l5Muda';
import { lesson6 } from './l6Measuring';
import { lesson7, triggerVerdict } from './l7Backdoor';
import { LESSONS } from './index';
import { BACKDOOR_MODELS, boundary, curve, measuredFor, MNIST_MODELS, result } from './testFixtures';
import type { Lesson } from './types';

const text = (lines: string[]) => lines.join('\n');

function pick(keys: string[], over: Record<string, ModelResult> = {}): Record<string, ModelResult> {
  const out: Record<string, ModelResult> = {};
  for (const k of keys) out[k] = MNIST_MODELS[k];
  return { ...out, ...over };
}

function withMetric(r: ModelResult, m: Partial<ModelResult['metrics']>): ModelResult {
  return { ...r, metrics: { ...r.metrics, ...m } };
}

/** No lesson text may show a broken number. */
function expectClean(lines: string[]): void {
  for (const t of lines) expect(t).not.toMatch(/undefined|NaN|null|\[object/);
}

describe('lesson 1: Original vs Retrain on blobs', () => {
  const models = {
    original: result({ UA: 0.006, TA: 0.983 }, { views: { boundary: boundary(2, 0.25) } }),
    retrain: result({ UA: 1, TA: 1 }, { method: 'retrain', views: { boundary: boundary(2, 0) } }),
  };
  const m = measuredFor(lesson1, models, { split: { train: 640, test: 160, forget: 160, retain: 480 }, classNames: ['class 0', 'class 1', 'class 2', 'class 3'] });

  it('states each model\'s forget accuracy and the share of the plane class 2 owns, from the boundary grid', () => {
    const t = text(lesson1.measured(m));
    expect(t).toContain('Original classifies 99.4 % of the forget set (the 160 training points of class 2) correctly');
    expect(t).toContain('Retrain classifies 0.0 % of them as class 2 (UA = 1.000)');
    expect(t).toContain('class 2 owns 25.0 % of the area under Original and none under Retrain');
    expect(t).toContain('test accuracy 98.3 % (Original) and 100.0 % (Retrain)');
    expectClean(lesson1.measured(m));
  });

  it('says so when Retrain still gives the forgotten class some of the plane', () => {
    const m2 = measuredFor(lesson1, { ...models, retrain: { ...models.retrain, views: { boundary: boundary(2, 0.1) } } });
    expect(text(lesson1.measured(m2))).toContain('still 10.0 % under Retrain');
  });

  it('regionShare counts grid cells of a class', () => {
    expect(regionShare(boundary(2, 0.5), 2)).toBeCloseTo(0.5, 6);
    expect(regionShare(undefined, 2)).toBeUndefined();
  });
});

describe('lesson 2: eigenspaces on a 4-unit feature layer', () => {
  const models = {
    original: result({ DA: 0.38, daInfo: { k: 2, tau: 0.9, centered: false } }, { spectrum: { retain: [0.7, 0.2, 0.08, 0.02], forget: [0.5, 0.4, 0.1, 0] }, views: { principalAngles: [0.2, 1.4] } }),
    retrain: result({ DA: 0.997, daInfo: { k: 1, tau: 0.9, centered: false } }, { method: 'retrain', spectrum: { retain: [0.95, 0.03, 0.02, 0], forget: [0.97, 0.02, 0.01, 0] }, views: { principalAngles: [0.1] } }),
  };

  it('reads the spectrum, k and DA of both models and explains the difference', () => {
    const lines = lesson2.measured(measuredFor(lesson2, models));
    const t = text(lines);
    expect(t).toContain('the top direction holds 70.0 % of the energy under Original and 95.0 % under Retrain');
    expect(t).toContain('k = 2 (Original) and k = 1 (Retrain)');
    expect(t).toContain('Original 0.380 (k = 2), Retrain 0.997 (k = 1)');
    expect(t).toContain('reach DA 0.997 with its retain eigenspace; under Original only 0.380');
    expect(t).not.toMatch(/% of their feature energy/);
    expect(t).toContain('largest principal angle between the top retain and top forget directions is 80° under Original and 6° under Retrain');
    expectClean(lines);
  });

  it('says it when Retrain is not better aligned', () => {
    const flipped = { original: withMetric(models.original, { DA: 0.99 }), retrain: withMetric(models.retrain, { DA: 0.9 }) };
    expect(text(lesson2.measured(measuredFor(lesson2, flipped)))).toContain("In this run Retrain's DA (0.900) is not above Original's (0.990)");
  });
});

describe('lesson 3: the observation', () => {
  it('reports "Original DA = 0.948, Retrain DA = 0.984" from the run and says the observation holds', () => {
    const lines = lesson3.measured(measuredFor(lesson3, pick(['original', 'retrain'])));
    const t = text(lines);
    expect(t).toContain('On the same 277 forget samples (every training 3), with uncentered features, τ = 0.9: Original DA = 0.948 (k = 5), Retrain DA = 0.984 (k = 5).');
    expect(t).toContain('The observation holds in this run');
    expect(t).toContain('(+0.036)');
    expect(t).toContain('Original recognises 97.1 % of the forgotten 3s, Retrain 0.0 %');
    expectClean(lines);
  });

  it('says the observation does not hold when Original is better aligned, and calls a tie a tie', () => {
    const reversed = pick(['original', 'retrain'], { original: withMetric(MNIST_MODELS.original, { DA: 0.99 }) });
    expect(text(lesson3.measured(measuredFor(lesson3, reversed)))).toContain('In this run the observation does not hold');
    const tie = pick(['original', 'retrain'], { original: withMetric(MNIST_MODELS.original, { DA: 0.982 }) });
    expect(text(lesson3.measured(measuredFor(lesson3, tie)))).toContain('too close to call');
  });
});

describe('lesson 4: wrong supervision', () => {
  it('traces DA over steps, flags GA\'s collapse, and says for which method the claim holds', () => {
    const lines = lesson4.measured(measuredFor(lesson4, pick(['original', 'retrain', 'ga', 'rl'])));
    const t = text(lines);
    expect(t).toContain("Gradient ascent: final DA 0.997 (Retrain 0.984, Original 0.948); along the way, on the lab's fixed curve subset, 0.941 → 0.997 over 15 steps;");
    expect(t).toContain('its feature space collapsed (k = 1 retain directions, retain accuracy 10.0 %)');
    expect(t).toContain('Random labels: final DA 0.972 (Retrain 0.984');
    expect(t).toContain('Its DA peaked at 0.983 (step 9) and drifted down to 0.972');
    // RL ends below Retrain's DA but above the Original's: that is no lowering (issue #15).
    expect(t).toContain("Its DA rose above the Original's (+0.024, beyond the tie tolerance 0.005), ending below Retrain's 0.984");
    expect(t).toContain("So in this run neither method lowers DA below the Original's (0.948)");
    expect(t).not.toMatch(/pushed the forget features/);
    expectClean(lines);
  });

  it('says the claim is not shown when neither method lowers DA below the Original\'s', () => {
    const rl = withMetric(MNIST_MODELS.rl, { DA: 0.99 });
    const t = text(lesson4.measured(measuredFor(lesson4, pick(['original', 'retrain', 'ga'], { rl }))));
    expect(t).toContain('the claim that wrong supervision lowers DA is not shown by these numbers');
  });

  it('names a method that did not finish, and still reports the other', () => {
    const m = measuredFor(lesson4, pick(['original', 'retrain', 'rl']), { failed: { ga: 'Running Gradient ascent: device lost' } });
    const t = text(lesson4.measured(m));
    expect(t).toContain('Gradient ascent did not finish in this run: Running Gradient ascent: device lost');
    expect(t).toContain('Random labels: final DA');
  });

  it('daTrace and collapsed read curves and spectra', () => {
    expect(daTrace(curve([0.9, 0.95, 0.93]))).toEqual({ start: 0.9, end: 0.93, peak: 0.95, peakStep: 3, lastStep: 6 });
    expect(daTrace([{ step: 0, loss: 1 }])).toBeNull();
    const m = measuredFor(lesson4, pick(['original', 'retrain', 'ga', 'rl']));
    expect(collapsed(m, 'ga')).toBe(true);
    expect(collapsed(m, 'rl')).toBe(false);
  });
});

describe('lesson 5: MUDA and its ablations', () => {
  it('compares MUDA with Retrain, notes the shrunken k, and names the smallest gap honestly', () => {
    const lines = lesson5.measured(measuredFor(lesson5, pick(['original', 'retrain', 'muda', 'muda-no-sd', 'muda-joint']), { failed: { 'muda-no-da': 'Running MUDA: Cannot find a connection between any variable and the result of the loss function' } }));
    const t = text(lines);
    expect(t).toContain('MUDA: forget accuracy 35.7 %, test 91.3 %, DA 0.990 (k = 2), gap to Retrain 10.1 points.');
    expect(t).toContain("MUDA's DA ends within 0.010 of Retrain's (0.990 vs 0.984)");
    expect(t).not.toContain('as the paper claims');
    expect(t).toContain('shrank from k = 5 (Original) to k = 2');
    expect(t).toContain('It stays stable: test accuracy 91.3 % against Original\'s 91.4 %');
    expect(t).toContain('It forgot less than Retrain: 35.7 % of the forget set is still recognised, against 0.0 %');
    expect(t).toContain('MUDA, no distillation: forget accuracy 0.0 %');
    expect(t).toContain('MUDA, no DA did not finish: Running MUDA: Cannot find a connection');
    expect(t).toContain('The smallest gap to Retrain in this run is MUDA, no distillation (0.8 points), not the full MUDA (10.1)');
    expectClean(lines);
  });

  it('credits the full MUDA when it has the smallest gap', () => {
    const noSd = withMetric(MNIST_MODELS['muda-no-sd'], { avgGap: 20 });
    const t = text(lesson5.measured(measuredFor(lesson5, pick(['original', 'retrain', 'muda'], { 'muda-no-sd': noSd }))));
    expect(t).toContain('The full MUDA has the smallest gap to Retrain of the variants run (10.1 points)');
  });

  it('says when MUDA stays below Retrain\'s DA or loses test accuracy', () => {
    const muda = withMetric(MNIST_MODELS.muda, { DA: 0.95, TA: 0.85 });
    const t = text(lesson5.measured(measuredFor(lesson5, pick(['original', 'retrain'], { muda }))));
    expect(t).toContain("stays below Retrain's (0.984) in this run");
    expect(t).toContain('Test accuracy fell from 91.4 % to 85.0 %');
  });
});

describe('lesson 6: measuring forgetting', () => {
  it('shows that RL matches Retrain by its outputs while its linear probe does not', () => {
    const lines = lesson6.measured(measuredFor(lesson6, pick(['original', 'retrain', 'rl', 'muda'])));
    const t = text(lines);
    expect(t).toContain('UA (1 − forget accuracy): Original 0.029, Retrain 1.000, Random labels 1.000 and MUDA 0.643');
    expect(t).toContain('By its outputs, Random labels is indistinguishable from Retrain here (|ΔUA| = 0.000, |ΔMIA| = 0.000)');
    expect(t).toContain('By its outputs, MUDA differs from Retrain (|ΔUA| = 0.357');
    expect(t).toContain("Random labels' LP (0.964) is above Retrain's by 0.115: its features still carry the forgotten class far more");
    expect(t).toContain("MUDA's LP (0.885) is above Retrain's by 0.036: its features keep somewhat more");
    expect(t).toContain('NMI is 0 by construction');
    expectClean(lines);
  });

  it('says when the probe finds nothing more than in Retrain', () => {
    const rl = withMetric(MNIST_MODELS.rl, { LP: 0.86 });
    expect(text(lesson6.measured(measuredFor(lesson6, pick(['original', 'retrain'], { rl }))))).toContain("Random labels' LP (0.860) is within 0.03 of Retrain's");
  });
});

describe('lesson 7: backdoor', () => {
  it('reads ASR for every model and gives each a verdict against Retrain', () => {
    const m = measuredFor(lesson7, BACKDOOR_MODELS);
    const lines = lesson7.measured(m);
    const t = text(lines);
    expect(t).toContain('Original: attack success 99.2 % — the trigger works');
    expect(t).toContain('Retrain, which never saw a poisoned image: attack success 0.1 %');
    expect(t).toContain('MUDA: attack success 6.1 % — the trigger mostly stopped working, though not as completely as under Retrain');
    expect(t).toContain('Fine-tune: attack success 96.3 % — the trigger still works');
    expect(t).toContain('Random labels: attack success 0.0 % — the trigger stopped working');
    expect(t).toContain('Fine-tuning on clean retain data alone did not remove the trigger');
    expectClean(lines);
  });

  it('triggerVerdict: within 5 points of Retrain is removed, at least half is working', () => {
    expect(triggerVerdict(0.04, 0.001)).toBe('removed');
    expect(triggerVerdict(0.1, 0.001)).toBe('mostly');
    expect(triggerVerdict(0.3, 0.001)).toBe('partly');
    expect(triggerVerdict(0.5, 0.001)).toBe('works');
  });
});

describe('question feedback', () => {
  it('marks the right answer right and the others wrong, with a reason, for every lesson', () => {
    for (const lesson of LESSONS as Lesson[]) {
      for (const c of lesson.question.choices) {
        const f = answerFeedback(lesson.question, c.id, null)!;
        expect(f.correct).toBe(c.correct);
        expect(f.text.length).toBeGreaterThan(20);
      }
    }
  });

  it('cites the run\'s numbers when there is a run', () => {
    const m = measuredFor(lesson3, pick(['original', 'retrain']));
    expect(answerFeedback(lesson3.question, 'shared', m)!.text).toContain("Here Retrain's DA is 0.984 against Original's 0.948.");
    expect(answerFeedback(lesson3.question, 'shared', null)!.text).not.toContain('0.984');
    const m6 = measuredFor(lesson6, pick(['original', 'retrain', 'rl', 'muda']));
    expect(answerFeedback(lesson6.question, 'lp', m6)!.text).toContain('Retrain 0.849, Random labels 0.964, MUDA 0.885');
  });

  it('returns null for an id that is not a choice', () => {
    expect(answerFeedback(lesson1.question, 'nope', null)).toBeNull();
  });
});
