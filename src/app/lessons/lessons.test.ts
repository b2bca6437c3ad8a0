/** Every lesson definition is a valid, small experiment with a well-formed question and honest empty state. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../engine/config';
import { getMethod, methodIds } from '../../engine/methods';
import { resolveParams } from '../../engine/methods/params';
import { questionProblems } from './feedback';
import { LESSONS } from './index';
import { emptyMeasured } from './runner';

describe('lesson definitions', () => {
  it('there are seven lessons with unique ids, in teaching order', () => {
    expect(LESSONS.map((l) => l.id)).toEqual(['unlearning', 'eigenspaces', 'observation', 'wrong-supervision', 'muda', 'measuring', 'backdoor']);
  });

  for (const lesson of LESSONS) {
    describe(lesson.id, () => {
      it('its config is valid: parseConfig with the registry accepts it and changes nothing', () => {
        const again = parseConfig(JSON.parse(JSON.stringify(lesson.config)), methodIds());
        expect(again).toEqual(lesson.config);
      });

      it('each run names a registered method with parameters its schema accepts, and keys are unique', () => {
        const keys = lesson.runs.map((r) => r.key);
        expect(new Set(keys).size).toBe(keys.length);
        expect(keys).not.toContain('original');
        expect(lesson.runs[0].id).toBe('retrain');
        for (const r of lesson.runs) {
          const m = getMethod(r.id);
          expect(() => resolveParams(m.id, m.params, r.params)).not.toThrow();
        }
      });

      it('the config\'s methods list is the lesson\'s runs (so a shared link reproduces it)', () => {
        const fromRuns = lesson.runs.filter((r) => r.id !== 'retrain').map((r) => ({ id: r.id, params: r.params ?? {} }));
        expect(lesson.config.methods).toEqual(fromRuns);
      });

      it('is small enough for a 2-core CPU with wasm (a minute or two)', () => {
        const c = lesson.config;
        if (c.dataset.name === 'mnist') {
          expect(c.dataset.options.trainSize).toBeLessThanOrEqual(3000);
          expect(c.train.epochs).toBeLessThanOrEqual(5);
          expect(c.eval.relearn).toBe(false);
        } else {
          expect(['blobs', 'moons', 'circles', 'spirals']).toContain(c.dataset.name);
          expect(c.dataset.options.n).toBeLessThanOrEqual(1000);
        }
        expect(lesson.runMinutes).toBeLessThanOrEqual(2);
      });

      it('has one question with exactly one right answer, and feedback for every choice', () => {
        expect(questionProblems(lesson.question)).toEqual([]);
        for (const c of lesson.question.choices) expect(c.feedback(null).length).toBeGreaterThan(20);
      });

      it('points at something to look at, and its plots have ids of their own', () => {
        expect(lesson.lookAt.length).toBeGreaterThan(0);
        for (const l of lesson.lookAt) expect(l.selectors.length).toBeGreaterThan(0);
        expect(lesson.plots.length).toBeGreaterThan(0);
        for (const p of lesson.plots) expect(p.id).toMatch(/^lesson-/);
        expect(new Set(lesson.plots.map((p) => p.id)).size).toBe(lesson.plots.length);
      });

      it('before running, it claims nothing: the measured text only says what has not run, and plots are empty', () => {
        const m = emptyMeasured(lesson);
        const lines = lesson.measured(m);
        expect(lines.length).toBeGreaterThan(0);
        for (const t of lines) expect(t).toMatch(/has not run yet/);
        for (const p of lesson.plots) expect('empty' in p.figure(m, { dims: 2 })).toBe(true);
      });
    });
  }

  it('lessons 3–6 share one MNIST setup, so Original and Retrain are trained once for all four', () => {
    const key = (i: number) => JSON.stringify([LESSONS[i].config.dataset, LESSONS[i].config.model, LESSONS[i].config.train, LESSONS[i].config.eval, LESSONS[i].config.scenario, LESSONS[i].config.seed]);
    expect(new Set([2, 3, 4, 5].map(key)).size).toBe(1);
  });
});
