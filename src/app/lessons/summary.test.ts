import { describe, expect, it } from 'vitest';
import { classPrediction } from './feedback';
import { LESSONS } from './index';
import { emptyMeasured } from './runner';
import { BACKDOOR_MODELS, measuredFor, MNIST_MODELS, result } from './testFixtures';

describe("the class's prediction", () => {
  it('is the ticked answer, else the choice with the most hands; none on a tie or without hands', () => {
    expect(classPrediction('b', { a: 9 })).toBe('b');
    expect(classPrediction(undefined, { a: 2, b: 5, c: 0 })).toBe('b');
    expect(classPrediction(undefined, { a: 3, b: 3 })).toBeUndefined();
    expect(classPrediction(undefined, { a: 0 })).toBeUndefined();
    expect(classPrediction(undefined, undefined)).toBeUndefined();
  });
});

describe('takeaways and the numbers of the summary', () => {
  const blobs = { original: result({ UA: 0, TA: 0.99, DA: 0.962 }), retrain: result({ UA: 1, TA: 0.99, DA: 0.991 }, { method: 'retrain' }) };
  const models = (id: string) => (id === 'backdoor' ? BACKDOOR_MODELS : id === 'unlearning' || id === 'eigenspaces' ? blobs : MNIST_MODELS);

  it.each(LESSONS.map((l) => [l.id, l] as const))('%s: a one-line takeaway; no number before the run, the run\'s own after', (id, lesson) => {
    expect(lesson.takeaway.length).toBeGreaterThan(40);
    expect(lesson.takeaway).not.toMatch(/\d\.\d/);
    expect(lesson.headline.value(emptyMeasured(lesson))).toBeUndefined();
    const value = lesson.headline.value(measuredFor(lesson, models(id)));
    expect(value).toMatch(/\d/);
    expect(value).not.toMatch(/–|NaN|undefined/);
  });

  it('the numbers are the run\'s: hand-read from the fixtures', () => {
    const byId = Object.fromEntries(LESSONS.map((l) => [l.id, (m: typeof MNIST_MODELS) => l.headline.value(measuredFor(l, m))]));
    expect(byId.unlearning(blobs)).toBe('100.0 % → 0.0 %');
    expect(byId.eigenspaces(blobs)).toBe('0.962 → 0.991');
    expect(byId.observation(MNIST_MODELS)).toBe('+0.036');
    expect(byId['wrong-supervision'](MNIST_MODELS)).toBe('Gradient ascent +0.049, Random labels +0.024');
    expect(byId.muda(MNIST_MODELS)).toBe('DA 0.990 (0.984), forget accuracy 35.7 % (0.0 %)');
    expect(byId.measuring(MNIST_MODELS)).toBe('Random labels +0.115, MUDA +0.036');
    expect(byId.backdoor(BACKDOOR_MODELS)).toBe('99.2 % → 6.1 % (0.1 %)');
  });
});
