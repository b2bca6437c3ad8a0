import { bundleFor } from './plotly';
import { describe, expect, it } from 'vitest';
import type { ScatterData, HeatmapData, BarData, Scatter3dData } from 'plotly.js-dist-min';
import { results, modelResult } from '../testing/fixtures';
import { boundaryFigure, discreteColorscale, thinPoints } from './boundary';
import { curveOf, daFigure } from './daCurves';
import { featureScatterFigure, featureStepsFigure, recordedSteps } from './featureScatter';
import { cell, isEmpty, modelOrder, type Figure, type FigureOrEmpty } from './figure';
import { histogram, miaFigure } from './mia';
import { metricCurvesFigure } from './metricCurves';
import { principalAnglesFigure } from './principalAngles';
import { runPoints, runsScatterFigure } from './runsScatter';
import { normalise, spectrumFigure } from './spectrum';
import { trainFigure } from './trainCurves';

function fig(f: FigureOrEmpty): Figure {
  if (isEmpty(f)) throw new Error(`expected a figure, got empty: ${f.empty}`);
  return f;
}
const scatter = (f: Figure, i: number) => f.data[i] as Partial<ScatterData>;

describe('modelOrder', () => {
  it('puts Original, then Retrain, then methods in insertion order', () => {
    expect(modelOrder({ muda: 1, retrain: 1, ga: 1, original: 1 })).toEqual(['original', 'retrain', 'muda', 'ga']);
  });
});

describe('subplot cells', () => {
  it('row-major from the top, with gaps, inside [0, 1]', () => {
    expect(cell(0, 2, 2, { x: 0.1, y: 0.2 })).toEqual({ x: [0, 0.45], y: [0.6, 1] });
    expect(cell(3, 2, 2, { x: 0.1, y: 0.2 })).toEqual({ x: [0.55, 1], y: [0, 0.4] });
    expect(cell(0, 1, 1)).toEqual({ x: [0, 1], y: [0, 1] });
  });
});

describe('spectrum', () => {
  it('normalises to sum 1 and hides non-positive values from the log axis', () => {
    const n = normalise([2, 1, 1, 0, -1]);
    expect(n[0]).toBeCloseTo(0.5, 12);
    const tiny = normalise([1, 1e-12]);
    expect(tiny[0]).toBeCloseTo(1, 9);
    expect(tiny[1]).toBeNull();
    expect(n[1]).toBeCloseTo(0.25, 12);
    expect(n.slice(3)).toEqual([null, null]);
    expect(normalise([0, 0])).toEqual([null, null]);
  });

  it('draws retain and forget per model with log y, legend once', () => {
    const f = fig(spectrumFigure(results().models, { muda: 'MUDA' }));
    expect(f.data).toHaveLength(8);
    expect(scatter(f, 0).name).toBe('retain set');
    expect(scatter(f, 1).name).toBe('forget set');
    expect(scatter(f, 0).showlegend).toBe(true);
    expect(scatter(f, 2).showlegend).toBe(false);
    expect(scatter(f, 4).xaxis).toBe('x3');
    expect((f.layout.yaxis as { type: string }).type).toBe('log');
    // Four side by side: the first cell starts at the left, the fourth ends at the right.
    expect(f.layout.xaxis?.domain?.[0]).toBe(0);
    expect(f.layout.xaxis4?.domain?.[1]).toBeCloseTo(1, 6);
    expect(f.layout.yaxis4?.anchor).toBe('x4');
    expect(f.layout.annotations!.map((a) => a.text)).toEqual(['Original', 'Retrain', 'MUDA', 'ga']);
    expect((scatter(f, 1).y as number[])[0]).toBeCloseTo(0.7, 12);
  });

  it('five models wrap onto a second row', () => {
    const m = { ...results().models, rl: modelResult() };
    const f = fig(spectrumFigure(m));
    expect(f.layout.yaxis5?.domain?.[1]).toBeLessThan(f.layout.yaxis?.domain?.[0] ?? 0);
    expect(f.layout.xaxis5?.domain).toEqual(f.layout.xaxis?.domain);
  });

  it('is empty without models', () => {
    expect(isEmpty(spectrumFigure({}))).toBe(true);
  });
});

describe('DA curves', () => {
  it('one line per method plus Retrain and Original reference lines across the steps', () => {
    const r = results();
    const f = fig(daFigure({}, r.models));
    expect(f.data.map((d) => d.name)).toEqual(['muda', 'ga', 'Retrain DA', 'Original DA']);
    expect(scatter(f, 0).y).toEqual([0.9, 0.5, 0.32]);
    expect(scatter(f, 2)).toMatchObject({ x: [0, 20], y: [0.3, 0.3] });
    expect(scatter(f, 3)).toMatchObject({ x: [0, 20], y: [0.9, 0.9] });
  });

  it('uses the live curve while a method runs', () => {
    const live = { rl: [{ step: 5, loss: 1, DA: 0.8 }, { step: 10, loss: 1, DA: 0.7 }] };
    const f = fig(daFigure(live, {}));
    expect(f.data).toHaveLength(1);
    expect(scatter(f, 0)).toMatchObject({ name: 'rl', x: [5, 10], y: [0.8, 0.7] });
  });

  it("prefers a finished model's curve over a stale live one", () => {
    const r = results();
    expect(curveOf('muda', { muda: [{ step: 1, loss: 0 }] }, r.models)).toBe(r.models.muda.curves);
  });

  it('points without DA are skipped, and nothing at all is empty', () => {
    expect(isEmpty(daFigure({ x: [{ step: 1, loss: 1 }] }, {}))).toBe(true);
  });
});

describe('UA/RA/TA/MIA curves', () => {
  it('one panel per metric, method lines only where the metric was recorded, Retrain as a dashed target', () => {
    const f = fig(metricCurvesFigure({}, results().models));
    // UA: muda + ga; RA: none; TA: muda; MIA: none.
    expect(f.data.map((d) => `${(d as ScatterData).yaxis}:${d.name}`)).toEqual(['y:muda', 'y:ga', 'y3:muda']);
    expect(f.data.filter((d) => (d as ScatterData).showlegend).map((d) => d.name)).toEqual(['muda', 'ga']);
    expect(f.layout.shapes).toHaveLength(4);
    expect(f.layout.shapes![0]).toMatchObject({ y0: 1, y1: 1 });
  });
});

describe('one metric over steps', () => {
  it('a single panel for one metric, with its Retrain target', () => {
    const f = fig(metricCurvesFigure({}, results().models, {}, ['TA']));
    expect(f.data.map((d) => d.name)).toEqual(['muda']);
    expect(f.layout.xaxis?.domain).toEqual([0, 1]);
    expect(f.layout.shapes).toHaveLength(1);
    expect(f.layout.shapes![0]).toMatchObject({ y0: 0.92 });
    expect(f.layout.height).toBe(360);
  });
});

describe('feature scatter', () => {
  const models = {
    original: modelResult({ views: { pca: { indices: [10, 11, 12], labels: [3, 1, 3], isForget: [true, false, true], coords: [[0, 1, 2], [1, 1, 1], [2, 0, 0]] } } }),
    retrain: modelResult({ views: { pca: { indices: [10, 11, 12], labels: [3, 1, 3], isForget: [true, false, true], coords: [[5, 5, 5], [1, 1, 1], [6, 6, 6]] } } }),
  };

  it('splits retain and forget, forget highlighted, side by side', () => {
    const f = fig(featureScatterFigure(models, ['original', 'muda', 'retrain'], { dims: 2 }));
    expect(f.layout.xaxis2?.domain?.[0]).toBeGreaterThan(f.layout.xaxis?.domain?.[1] ?? 1);
    expect(f.data).toHaveLength(4);
    const forget = scatter(f, 1);
    expect(forget).toMatchObject({ name: 'forget set', x: [0, 2], y: [1, 0], customdata: [10, 12] });
    expect((forget.marker as { symbol: string }).symbol).toBe('diamond');
    expect(scatter(f, 3).xaxis).toBe('x2');
  });

  it('3-D uses one scene per model', () => {
    const f = fig(featureScatterFigure(models, ['original', 'retrain'], { dims: 3 }));
    const t = f.data[3] as Partial<Scatter3dData>;
    expect(t.type).toBe('scatter3d');
    expect(t.scene).toBe('scene2');
    expect(t.z).toEqual([5, 6]);
    expect(f.layout.scene2?.domain?.x).toEqual([0.505, 1]);
  });

  it('wraps onto rows of `columns` panels', () => {
    const m = { ...models, muda: models.original, ga: models.retrain };
    const f = fig(featureScatterFigure(m, ['original', 'muda', 'ga', 'retrain'], { dims: 2, columns: 2 }));
    expect(f.layout.xaxis3?.domain).toEqual(f.layout.xaxis?.domain);
    expect(f.layout.yaxis3?.domain?.[1]).toBeLessThan(f.layout.yaxis?.domain?.[0] ?? 0);
    expect(f.layout.height).toBe(780);
  });

  it('steps through a run: step 0 beside the chosen step, on axes fixed over every snapshot', () => {
    const pcaSteps = { indices: [10, 11], labels: [3, 1], isForget: [true, false], steps: [0, 4, 8], coords: [[[0, 0], [1, 1]], [[2, -1], [1, 1]], [[4, -2], [1, 1]]] };
    const m = { ...models, muda: modelResult({ method: 'muda', views: { pcaSteps } }) };
    expect(recordedSteps(m, 'muda')).toEqual([0, 4, 8]);
    expect(recordedSteps(m, 'ga')).toEqual([]);
    const f = fig(featureStepsFigure(m, 'muda', 1, { labels: { muda: 'MUDA' } }));
    expect(f.layout.annotations?.map((a) => a.text)).toEqual(['Original (step 0)', 'MUDA at step 4']);
    expect(scatter(f, 1)).toMatchObject({ name: 'forget set', x: [0], y: [0], customdata: [10] });
    expect(scatter(f, 3)).toMatchObject({ name: 'forget set', x: [2], y: [-1], xaxis: 'x2' });
    // x spans 0..4 and y −2..1 over all snapshots, padded by 5 %.
    expect(f.layout.xaxis?.range).toEqual([-0.2, 4.2]);
    expect(f.layout.xaxis2?.range).toEqual([-0.2, 4.2]);
    expect(f.layout.yaxis?.range?.map((v: number) => +v.toFixed(6))).toEqual([-2.15, 1.15]);
    // An index past the end shows the last step; a run without snapshots says so.
    expect(fig(featureStepsFigure(m, 'muda', 9, {})).layout.annotations?.[1].text).toBe('muda at step 8');
    expect(featureStepsFigure(m, 'retrain', 0, {})).toEqual({ empty: 'This run recorded no feature snapshots.' });
  });

  it('falls back to 2-D when the coordinates have only two columns', () => {
    const two = { original: modelResult({ views: { pca: { indices: [1], labels: [0], isForget: [false], coords: [[1, 2]] } } }) };
    expect(fig(featureScatterFigure(two, ['original'], { dims: 3 })).data[0].type).toBe('scatter');
  });
});

describe('decision boundary', () => {
  const b = { xs: [0, 1, 2], ys: [0, 1], classes: [[0, 0, 1], [0, 1, 1]], confidence: [[0.9, 0.6, 0.9], [0.8, 0.55, 0.95]] };
  const models = { original: modelResult({ views: { boundary: b } }), muda: modelResult({ views: { boundary: b } }) };
  const points = { x: [0.1, 1.5, 1.9, 0.2], y: [0.1, 0.9, 0.2, 0.8], labels: [0, 1, 1, 0], forget: new Set([2]) };

  it('a class heatmap, a confidence contour and the points per model', () => {
    const f = fig(boundaryFigure(models, ['original', 'muda', 'retrain'], points, 2));
    expect(f.data.map((d) => d.type)).toEqual(['heatmap', 'contour', 'scatter', 'scatter', 'heatmap', 'contour', 'scatter', 'scatter']);
    const h = f.data[0] as Partial<HeatmapData>;
    expect(h.z).toBe(b.classes);
    expect(h).toMatchObject({ zmin: -0.5, zmax: 1.5 });
    expect(scatter(f, 3)).toMatchObject({ name: 'forget set', x: [1.9], customdata: [2] });
    expect(scatter(f, 2).customdata).toEqual([0, 1, 3]);
  });

  it('discrete colour bands, one per class', () => {
    const s = discreteColorscale(2);
    expect(s.map((x) => x[0])).toEqual([0, 0.5, 0.5, 1]);
    expect(s[0][1]).toBe(s[1][1]);
    expect(s[1][1]).not.toBe(s[2][1]);
  });

  it('thinning keeps every n-th point and every forget point', () => {
    const p = { x: new Array(10).fill(0), y: new Array(10).fill(0), labels: new Array(10).fill(0), forget: new Set([3, 7]) };
    expect(thinPoints(p, 5)).toEqual([0, 2, 3, 4, 6, 7, 8]);
  });

  it('no boundary views: empty', () => {
    expect(isEmpty(boundaryFigure({ original: modelResult() }, ['original'], null, 2))).toBe(true);
  });
});

describe('principal angles', () => {
  it('rows per model in degrees, padded with null', () => {
    const m = {
      original: modelResult({ views: { principalAngles: [0, Math.PI / 2] } }),
      muda: modelResult({ views: { principalAngles: [Math.PI / 4] } }),
    };
    const h = fig(principalAnglesFigure(m, { muda: 'MUDA' })).data[0] as Partial<HeatmapData>;
    expect(h.y).toEqual(['Original', 'MUDA']);
    expect((h.z as (number | null)[][])[0][1]).toBeCloseTo(90, 10);
    expect((h.z as (number | null)[][])[1]).toEqual([45, null]);
  });
});

describe('MIA histograms', () => {
  it('shares per bin, the last bin includes 1, non-finite dropped', () => {
    const h = histogram([0, 0.05, 0.5, 1, NaN], 4);
    expect(h.centers).toEqual([0.125, 0.375, 0.625, 0.875]);
    expect(h.shares).toEqual([0.5, 0, 0.25, 0.25]);
  });

  it('three groups per model', () => {
    const f = fig(miaFigure(results().models, {}, 10));
    expect(f.data.map((d) => d.name)).toEqual(['forget samples', 'test samples', 'retain samples']);
    const forget = f.data[0] as Partial<BarData>;
    expect((forget.y as number[]).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
});

describe('runs scatter', () => {
  it('|ΔUA| and |ΔTA| of each method to its own run\'s Retrain', () => {
    const pts = runPoints([{ name: 'run A', results: results() }]);
    expect(pts.map((p) => p.modelId)).toEqual(['muda', 'ga']);
    expect(pts[0].dUA).toBeCloseTo(0.03, 12);
    expect(pts[0].dTA).toBeCloseTo(0.02, 12);
    expect(pts[1].dUA).toBeCloseTo(0.3, 12);
    expect(pts[1].dTA).toBeCloseTo(0.17, 12);
  });

  it('runs without Retrain are left out; one trace per method across runs', () => {
    const r = results();
    const noRetrain = { models: { original: r.models.original, muda: r.models.muda } };
    const pts = runPoints([{ name: 'a', results: r }, { name: 'b', results: r }, { name: 'c', results: noRetrain }]);
    expect(pts).toHaveLength(4);
    const f = fig(runsScatterFigure(pts));
    expect(f.data.map((d) => d.name)).toEqual(['muda', 'ga']);
    expect(scatter(f, 0).text).toEqual(['a', 'b']);
  });
});

describe('training curves', () => {
  it('loss on top, accuracy below, only points with accuracy', () => {
    const f = fig(trainFigure({ original: [{ step: 0, rawStep: 0, epoch: 0, loss: 2, acc: 0.1 }, { step: 1, rawStep: 1, epoch: 0, loss: 1 }] }));
    expect(f.data.map((d) => d.name)).toEqual(['Original loss', 'Original accuracy']);
    expect(scatter(f, 0).y).toEqual([2, 1]);
    expect(scatter(f, 1)).toMatchObject({ x: [0], y: [0.1], yaxis: 'y2' });
    expect(isEmpty(trainFigure({ original: [] }))).toBe(true);
  });
});

describe('points for picking', () => {
  it('one trace per class with indices as customdata, then forget set and selection overlays', async () => {
    const { pointsFigure } = await import('./points');
    const f = fig(pointsFigure({ x: [0, 1, 2, 3], y: [0, 1, 0, 1] }, [1, 0, 1, 0], [2], [0, 3], ['a', 'b']));
    expect(f.data.map((d) => d.name)).toEqual(['a', 'b', 'forget set (applied)', 'selection']);
    expect(scatter(f, 0).customdata).toEqual([1, 3]);
    expect(scatter(f, 2).customdata).toEqual([0, 3]);
    expect(scatter(f, 3)).toMatchObject({ x: [2], y: [0], customdata: [2] });
    expect(f.layout.dragmode).toBe('lasso');
  });
});

describe('feature scatter thinning', () => {
  it('keeps every n-th point per group, the same samples in every model', () => {
    const n = 10;
    const pca = { indices: Array.from({ length: n }, (_, i) => 100 + i), labels: new Array(n).fill(0), isForget: Array.from({ length: n }, (_, i) => i >= 6), coords: Array.from({ length: n }, (_, i) => [i, i]) };
    const f = fig(featureScatterFigure({ original: modelResult({ views: { pca } }) }, ['original'], { dims: 2, maxPerGroup: 3 }));
    expect(scatter(f, 0).customdata).toEqual([100, 102, 104]);
    expect(scatter(f, 1).customdata).toEqual([106, 108]);
  });
});

describe('Plotly bundle choice', () => {
  it('the cartesian bundle for 2-D traces, the gl3d one as soon as a trace is 3-D', () => {
    expect(bundleFor([{ type: 'scatter' }, { type: 'heatmap' }, { type: 'bar' }, { type: 'contour' }, {}])).toBe('cartesian');
    expect(bundleFor([{ type: 'scatter' }, { type: 'scatter3d' }])).toBe('gl3d');
    expect(bundleFor([])).toBe('cartesian');
  });
});
