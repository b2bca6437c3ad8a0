import { describe, expect, it } from 'vitest';
import { probabilityTable } from './sampleProbabilities';

describe('probabilityTable', () => {
  it('one row per model (Original, Retrain, then methods), every class a column, the argmax as predicted', () => {
    const t = probabilityTable({
      muda: [0.1, 0.7, 0.2],
      retrain: [0.2, 0.2, 0.6],
      original: [0.9, 0.05, 0.05],
    }, 0, { muda: 'MUDA' });
    expect(t.columns).toEqual([0, 1, 2]);
    expect(t.rows.map((r) => [r.id, r.label, r.predicted])).toEqual([
      ['original', 'Original', 0],
      ['retrain', 'Retrain', 2],
      ['muda', 'MUDA', 1],
    ]);
    expect(t.rows[2].cells).toEqual([0.1, 0.7, 0.2]);
  });

  it('with more than ten classes keeps the true class and each model\'s top three, in class order', () => {
    const p = (hot: number[]) => Array.from({ length: 20 }, (_, c) => (hot.includes(c) ? 0.2 - hot.indexOf(c) * 0.01 : 0.001));
    const t = probabilityTable({ original: p([4, 9, 17]), ga: p([4, 2, 11]) }, 13);
    expect(t.columns).toEqual([2, 4, 9, 11, 13, 17]);
    expect(t.rows[0].cells[t.columns.indexOf(13)]).toBeCloseTo(0.001);
    expect(t.rows.map((r) => r.predicted)).toEqual([4, 4]);
  });

  it('no models: an empty table', () => {
    expect(probabilityTable({}, 3)).toEqual({ columns: [], rows: [] });
  });
});
