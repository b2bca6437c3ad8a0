import { describe, expect, it } from 'vitest';
import { isEmpty, type Figure } from '../plots/figure';
import { lessonBoundary, lessonDaCurves, lessonFeatures, metricBarsFigure } from './figures';
import { lesson1 } from './l1Unlearning';
import { lesson5 } from './l5Muda';
import { boundary, measuredFor, MNIST_MODELS, result } from './testFixtures';

describe('lesson figures', () => {
  it('metric bars: one trace per finished model, values printed on the bars, missing values as n/a', () => {
    const m = measuredFor(lesson5, { original: MNIST_MODELS.original, retrain: MNIST_MODELS.retrain });
    const f = metricBarsFigure(m, ['original', 'retrain', 'muda'], [{ name: 'DA', label: 'DA' }, { name: 'ASR', label: 'ASR' }]) as Figure;
    expect(f.data.map((d) => d.name)).toEqual(['Original', 'Retrain']);
    expect((f.data[0] as { y: unknown[] }).y).toEqual([0.948, null]);
    expect((f.data[1] as { text: string[] }).text).toEqual(['0.984', 'n/a']);
    expect(isEmpty(metricBarsFigure(measuredFor(lesson5, {}), ['muda'], [{ name: 'DA', label: 'DA' }]))).toBe(true);
  });

  it('DA curves: one line per variant that has a curve, with the live curve of a running one', () => {
    const m = measuredFor(lesson5, { original: MNIST_MODELS.original, retrain: MNIST_MODELS.retrain, muda: MNIST_MODELS.muda }, { curves: { 'muda-joint': [{ step: 0, loss: 1, DA: 0.94 }, { step: 3, loss: 1, DA: 0.96 }] } });
    const f = lessonDaCurves(m, ['muda', 'muda-joint']) as Figure;
    expect(f.data.map((d) => d.name)).toEqual(['MUDA', 'MUDA, joint', 'Retrain DA', 'Original DA']);
  });

  it('features: more than two models go two per row', () => {
    const pca = { indices: [1, 2, 3], labels: [0, 1, 3], isForget: [false, false, true], coords: [[0, 0, 0], [1, 1, 1], [2, 2, 2]] };
    const models = Object.fromEntries(['original', 'ga', 'rl', 'retrain'].map((k) => [k, result({}, { views: { pca } })]));
    const f = lessonFeatures(measuredFor(lesson5, models), ['original', 'ga', 'rl', 'retrain'], 2) as Figure;
    const domains = (fig: Figure, n: number) => Array.from({ length: n }, (_, i) => (fig.layout as unknown as Record<string, { domain: number[] }>)[i ? `xaxis${i + 1}` : 'xaxis'].domain);
    const y = (fig: Figure, i: number) => (fig.layout as unknown as Record<string, { domain: number[] }>)[i ? `yaxis${i + 1}` : 'yaxis'].domain;
    expect(domains(f, 4)[0]).toEqual(domains(f, 4)[2]); // same column, two rows
    expect(y(f, 0)[0]).toBeGreaterThan(y(f, 2)[1]);
    const two = lessonFeatures(measuredFor(lesson5, models), ['original', 'retrain'], 2) as Figure;
    expect(domains(two, 2)[0][1]).toBeLessThan(domains(two, 2)[1][0]); // side by side
  });

  it('boundary: drawn from the lesson\'s own points and both models\' grids', () => {
    const models = { original: result({}, { views: { boundary: boundary(2, 0.3) } }), retrain: result({}, { views: { boundary: boundary(2, 0) } }) };
    const points = { x: [0, 1], y: [0, 1], labels: [2, 0], forget: [0], numClasses: 4 };
    const f = lessonBoundary(measuredFor(lesson1, models, { points }), ['original', 'retrain']) as Figure;
    expect(f.data.filter((d) => d.type === 'heatmap')).toHaveLength(2);
    expect(f.data.some((d) => d.name === 'forget set')).toBe(true);
  });
});
