import { describe, expect, it } from 'vitest';
import type { CurvePoint } from '../../engine/results';
import { daFigure } from './daCurves';
import { isEmpty, type Figure, type FigureOrEmpty } from './figure';
import { linePanels, niceTicks } from './lineCanvas';
import { metricCurvesFigure } from './metricCurves';
import { trainFigure } from './trainCurves';
import { metrics, modelResult } from '../testing/fixtures';

function fig(f: FigureOrEmpty): Figure {
  if (isEmpty(f)) throw new Error(`expected a figure, got empty: ${f.empty}`);
  return f;
}

const curve: CurvePoint[] = [{ step: 0, loss: 1, DA: 0.9, UA: 0.1, RA: 0.95, TA: 0.9, MIA: 0.2 }, { step: 4, loss: 0.5, DA: 0.95, UA: 0.6, RA: 0.94, TA: 0.9, MIA: 0.3 }];

describe('linePanels: the canvas view reads the same figures Plotly draws', () => {
  it('DA: one panel, the method line and the reference lines, range padded around the data', () => {
    const retrain = modelResult({ metrics: metrics({ DA: 0.99 }) });
    const panels = linePanels(fig(daFigure({ muda: curve }, { retrain })));
    expect(panels).toHaveLength(1);
    const [p] = panels;
    expect(p.series.map((s) => s.name)).toEqual(['muda', 'Retrain DA']);
    expect(p.series[0].x).toEqual([0, 4]);
    expect(p.series[0].y).toEqual([0.9, 0.95]);
    expect(p.domainX).toEqual([0, 1]);
    expect(p.rangeX[0]).toBe(0);
    expect(p.rangeX[1]).toBeGreaterThan(4);
    expect(p.rangeY[0]).toBeLessThan(0.9);
    expect(p.rangeY[1]).toBeGreaterThan(0.99);
    expect(p.yTitle).toMatch(/DA/);
  });

  it('UA/RA/TA/MIA: one panel per metric in its grid cell, fixed 0–1 range, Retrain as a dashed rule, each name once in the legend', () => {
    const retrain = modelResult({ metrics: metrics({ UA: 1, RA: 0.96, TA: 0.91, MIA: 0.5 }) });
    const panels = linePanels(fig(metricCurvesFigure({ muda: curve }, { retrain })));
    expect(panels.map((p) => p.title)).toEqual(['UA (dashed: Retrain)', 'RA (dashed: Retrain)', 'TA (dashed: Retrain)', 'MIA (dashed: Retrain)']);
    expect(panels.every((p) => p.rangeY[0] === -0.02 && p.rangeY[1] === 1.02)).toBe(true);
    expect(panels.map((p) => p.rules[0]?.y)).toEqual([1, 0.96, 0.91, 0.5]);
    // Top-left and bottom-right cells of the 2 × 2 grid.
    expect(panels[0].domainX[0]).toBe(0);
    expect(panels[0].domainY[1]).toBe(1);
    expect(panels[3].domainX[1]).toBe(1);
    expect(panels[3].domainY[0]).toBe(0);
    expect(panels.flatMap((p) => p.series.filter((s) => s.showInLegend))).toHaveLength(1);
  });

  it('training curves: loss and accuracy stacked through the layout grid, accuracy in percent', () => {
    const panels = linePanels(fig(trainFigure({ original: [{ step: 0, rawStep: 0, epoch: 0, loss: 2, acc: 0.1 }, { step: 1, rawStep: 1, epoch: 0, loss: 1, acc: 0.5 }] })));
    expect(panels).toHaveLength(2);
    expect(panels[0].domainY[0]).toBeGreaterThan(panels[1].domainY[1]);
    expect(panels[0].yTitle).toBe('loss');
    expect(panels[1].percentY).toBe(true);
    expect(panels[1].rangeY).toEqual([0, 1]);
  });

  it('a flat line still gets a range of non-zero height', () => {
    const panels = linePanels({ data: [{ type: 'scatter', x: [0, 1], y: [0.5, 0.5] }], layout: {} });
    expect(panels[0].rangeY[1] - panels[0].rangeY[0]).toBeGreaterThan(0);
  });
});

describe('niceTicks', () => {
  it('steps of 1, 2 or 5 × 10^k inside the range', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6000000000000001, 0.8, 1]);
    expect(niceTicks(0, 37, 4)).toEqual([0, 10, 20, 30]);
    const t = niceTicks(0.93, 0.99, 4);
    expect(t.every((v) => v >= 0.93 && v <= 0.99)).toBe(true);
    expect(t.length).toBeGreaterThanOrEqual(3);
  });
});
