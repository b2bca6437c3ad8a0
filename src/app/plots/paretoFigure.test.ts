import type { ScatterData } from 'plotly.js-dist-min';
import { describe, expect, it } from 'vitest';
import type { TrialRecord } from '../../engine/tuning/report';
import { isEmpty, type Figure } from './figure';
import { describeTrial, formatParam, paretoFigure, paretoFront } from './paretoFigure';

const trial = (index: number, utility: number, forget: number, params: TrialRecord['params'] = {}): TrialRecord =>
  ({ index, params, objective: (utility + forget) / 4, status: 'ok', gaps: { utility, forget } });

describe('paretoFront', () => {
  it('keeps exactly the points no other point dominates; ties stay, a point equal on one gap and worse on the other goes', () => {
    //            A       B       C (dominated by B)  D       E (= D)  F (x as B, y worse)
    const pts = [[1, 9], [3, 4], [5, 5], [8, 1], [8, 1], [3, 6]].map(([x, y]) => ({ x, y }));
    expect(paretoFront(pts)).toEqual([true, true, false, true, true, false]);
    expect(paretoFront([])).toEqual([]);
    expect(paretoFront([{ x: 2, y: 2 }])).toEqual([true]);
  });
});

describe('paretoFigure', () => {
  const trials = [
    trial(0, 4, 6),
    trial(1, 1, 9, { lr: 0.000123456, epochs: 3 }),
    trial(2, 5, 7, { lr: 0.01, epochs: 2 }),
    trial(3, 6, 1, { lr: 0.002, epochs: 8, optimizer: 'adam' }),
    { index: 4, params: { lr: 0.5 }, objective: null, status: 'failed: diverged' },
  ];
  const f = paretoFigure(trials, 'GA') as Figure;
  const trace = (i: number) => f.data[i] as Partial<ScatterData> & { customdata: number[]; text: string[]; marker: { symbol: string[] } };

  it('front (sorted by utility gap) and dominated trials; a trial without gaps is not placed', () => {
    expect(isEmpty(f)).toBe(false);
    expect(f.data).toHaveLength(2);
    expect(trace(0).customdata).toEqual([1, 0, 3]);
    expect(trace(0).x).toEqual([1, 4, 6]);
    expect(trace(0).y).toEqual([9, 6, 1]);
    expect(trace(0).name).toBe('Pareto front (3)');
    expect(trace(1).customdata).toEqual([2]);
    expect(trace(1).name).toBe('dominated trials (1)');
  });

  it('marks trial 0 (a star and a label at its place) and shows each trial\'s parameters on hover', () => {
    expect(trace(0).marker.symbol).toEqual(['circle', 'star', 'circle']);
    expect(f.layout.annotations).toHaveLength(1);
    expect(f.layout.annotations![0]).toMatchObject({ x: 4, y: 6, text: 'trial 0: where you started' });
    expect(trace(0).text[0]).toContain('lr = 0.000123');
    expect(trace(0).text[0]).toContain('epochs = 3');
    expect(trace(0).text[2]).toContain('optimizer = adam');
    expect(trace(0).text[1]).toContain("the form's settings when Tune was pressed");
    expect(trace(0).text[0]).not.toContain('same gaps');
  });

  it('names the trials that share a point (one point to the pointer)', () => {
    const g = paretoFigure([trial(0, 2, 3), trial(1, 2, 3, { lr: 0.1 }), trial(2, 1, 5, { lr: 0.2 })], 'GA') as Figure;
    const text = (g.data[0] as { text: string[] }).text;
    expect(text[1]).toContain('same gaps as trial 1');
    expect(text[2]).toContain('same gaps as trial 0');
    expect(text[0]).not.toContain('same gaps');
  });

  it('says so when no trial has finished yet', () => {
    expect(isEmpty(paretoFigure([], 'GA'))).toBe(true);
    expect(isEmpty(paretoFigure([trials[4]], 'GA'))).toBe(true);
  });
});

describe('trial text', () => {
  it('3 significant digits for fractions, integers and words unchanged; trial 0 is the form', () => {
    expect(formatParam(0.000123456)).toBe('0.000123');
    expect(formatParam(12)).toBe('12');
    expect(formatParam(true)).toBe('true');
    expect(describeTrial(trial(3, 1, 1, { lr: 0.002, optimizer: 'adam' }))).toBe('lr 0.002, optimizer adam');
    expect(describeTrial({ index: 0, params: {}, objective: 1, status: 'ok' })).toBe("the form's settings when Tune was pressed");
  });
});
