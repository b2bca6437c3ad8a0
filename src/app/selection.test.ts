import { describe, expect, it } from 'vitest';
import { classMix, formatEta } from './format';
import { indicesOfClass, insidePolygon, leastConfident, pointsInBox } from './selection';

describe('selection helpers', () => {
  const pts = { x: [0, 1, 2, 3], y: [0, 1, 0, 1] };

  it('box selection is inclusive and order-free', () => {
    expect(pointsInBox(pts, { x0: 2, x1: 0.5, y0: 0, y1: 1 })).toEqual([1, 2]);
  });

  it('polygon test (a unit square)', () => {
    const sq = { x: [0, 1, 1, 0], y: [0, 0, 1, 1] };
    expect(insidePolygon(0.5, 0.5, sq)).toBe(true);
    expect(insidePolygon(1.5, 0.5, sq)).toBe(false);
    expect(insidePolygon(0.5, -0.1, sq)).toBe(false);
  });

  it('least confident: lowest top probability under the chosen model, ties by index', () => {
    const probe = {
      indices: [5, 9, 2, 7],
      probabilities: { original: [[0.9, 0.1], [0.55, 0.45], [0.6, 0.4], [0.45, 0.55]], muda: [[0.5, 0.5], [1, 0], [1, 0], [1, 0]] },
    };
    expect(leastConfident(probe, 'original', 2)).toEqual([7, 9]);
    expect(leastConfident(probe, 'muda', 1)).toEqual([5]);
    expect(leastConfident(probe, 'retrain', 3)).toEqual([]);
  });

  it('indices of a class', () => {
    expect(indicesOfClass([1, 0, 1, 2], 1)).toEqual([0, 2]);
    expect(indicesOfClass([1, 0], null)).toEqual([0, 1]);
  });
});

describe('format', () => {
  it('ETA', () => {
    expect(formatEta(400)).toBe('<1 s');
    expect(formatEta(12_400)).toBe('12 s');
    expect(formatEta(185_000)).toBe('3 min 05 s');
    expect(formatEta(3_720_000)).toBe('1 h 02 min');
    expect(formatEta(NaN)).toBe('');
  });

  it('class mix sorted by count then class', () => {
    expect(classMix([0, 1, 2, 3, 4], [3, 1, 3, 1, 0])).toEqual([{ cls: 1, count: 2 }, { cls: 3, count: 2 }, { cls: 0, count: 1 }]);
  });
});
