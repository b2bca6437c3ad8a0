import { describe, expect, it } from 'vitest';
import { methodIds } from '../../engine/methods';
import { configToHash, decodeHash } from '../urlState';
import { exercisesFor } from './exercises';
import { LESSONS } from './index';

describe('take-home exercises', () => {
  it.each(LESSONS.map((l) => [l.id, l] as const))('%s: at least one, each a valid shared link that differs from the lesson\'s own experiment', (_id, lesson) => {
    const exercises = exercisesFor(lesson);
    expect(exercises.length).toBeGreaterThan(0);
    for (const e of exercises) {
      expect(e.task.length).toBeGreaterThan(40);
      const decoded = decodeHash(configToHash(e.config), methodIds());
      expect(decoded).toEqual({ kind: 'ok', config: e.config });
      expect(JSON.stringify(e.config)).not.toBe(JSON.stringify(lesson.config));
      // Same data and model as the lesson, so it runs in about the lesson's time; reference defaults, as the lesson.
      expect(e.config.model).toEqual(lesson.config.model);
      expect(e.config.methodDefaults).toBe('reference');
    }
  });

  it("lesson 5's grid: five labelled MUDA runs over λ_DA and epochs", () => {
    const [grid] = exercisesFor(LESSONS.find((l) => l.id === 'muda')!);
    const runs = grid.config.methods === 'all' ? [] : grid.config.methods;
    expect(runs.map((r) => [r.id, r.params?.lambdaDA, r.params?.epochs])).toEqual([
      ['muda', 0, 10], ['muda', 5, 10], ['muda', 20, 10], ['muda', 5, 3], ['muda', 5, 20],
    ]);
    expect(new Set(runs.map((r) => r.label)).size).toBe(5);
  });
});
