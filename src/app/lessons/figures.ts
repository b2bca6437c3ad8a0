/**
 * Figures of the lessons: the lab's own converters (plots/*) fed with one
 * lesson's models, plus grouped metric bars. Pure functions of `Measured`.
 */
import type { Data, Layout, LayoutAxis } from 'plotly.js-dist-min';
import type { CurvePoint, NumericMetric } from '../../engine/results';
import { modelColor } from '../palette';
import { boundaryFigure } from '../plots/boundary';
import { daFigure } from '../plots/daCurves';
import { featureScatterFigure } from '../plots/featureScatter';
import { axisKey, BASE_LAYOUT, isEmpty, placeSubplot, type FigureOrEmpty, type Models } from '../plots/figure';
import { spectrumFigure } from '../plots/spectrum';
import { label } from './narrate';
import type { Measured } from './types';

/** Only the given keys of the lesson's models, in that order. */
export function pick(m: Measured, keys: string[]): Models {
  const out: Models = {};
  for (const k of keys) if (m.models[k]) out[k] = m.models[k];
  return out;
}

export function lessonBoundary(m: Measured, keys: string[]): FigureOrEmpty {
  const p = m.points;
  const points = p ? { x: p.x, y: p.y, labels: p.labels, forget: new Set(p.forget) } : null;
  return boundaryFigure(m.models, keys, points, p?.numClasses ?? 2, m.labels);
}

export function lessonSpectrum(m: Measured, keys: string[]): FigureOrEmpty {
  return spectrumFigure(pick(m, keys), m.labels, 16);
}

export function lessonFeatures(m: Measured, keys: string[], dims: 2 | 3): FigureOrEmpty {
  const f = featureScatterFigure(m.models, keys, { dims, labels: m.labels, classNames: m.classNames, maxPerGroup: 300 });
  const n = keys.filter((k) => m.models[k]?.views?.pca?.coords.length).length;
  if (isEmpty(f) || dims === 3 || n <= 2) return f;
  // More than two models side by side is too narrow for the side panel: two per row instead.
  const rows = Math.ceil(n / 2);
  const layout = { ...f.layout } as Record<string, unknown>;
  for (let i = 0; i < n; i++) {
    const x = (layout[axisKey('x', i)] ?? {}) as Partial<LayoutAxis>;
    const y = (layout[axisKey('y', i)] ?? {}) as Partial<LayoutAxis>;
    placeSubplot(layout as Partial<Layout>, i, rows, 2, x, y);
  }
  return { ...f, layout: { ...(layout as Partial<Layout>), height: 300 * rows + 140 } };
}

/** DA over unlearning steps of the given keys, with Retrain's and Original's DA as reference lines. */
export function lessonDaCurves(m: Measured, keys: string[]): FigureOrEmpty {
  const curves: Record<string, CurvePoint[]> = {};
  for (const k of keys) if (m.curves[k]?.length) curves[k] = m.curves[k];
  return daFigure(curves, pick(m, ['original', 'retrain', ...keys]), m.labels);
}

/**
 * One group of bars per metric, one bar per model, the value written on each
 * bar (small differences, e.g. DA 0.948 vs 0.984, are read, not guessed).
 */
export function metricBarsFigure(m: Measured, keys: string[], metrics: { name: NumericMetric; label: string }[], opts: { yTitle?: string; fractions?: boolean; digits?: number } = {}): FigureOrEmpty {
  const present = keys.filter((k) => m.models[k]);
  if (!present.length) return { empty: 'Nothing measured yet: run the lesson.' };
  const fractions = opts.fractions ?? true;
  const digits = opts.digits ?? 3;
  const data: Data[] = present.map((k) => {
    const y = metrics.map((x) => {
      const v = m.models[k].metrics[x.name];
      return typeof v === 'number' && Number.isFinite(v) ? v : null;
    });
    return {
      type: 'bar', name: label(m, k), x: metrics.map((x) => x.label), y,
      marker: { color: modelColor(k) }, text: y.map((v) => (v === null ? 'n/a' : v.toFixed(digits))), textposition: 'outside',
      hovertemplate: `${label(m, k)} · %{x}: %{y:.${digits}f}<extra></extra>`,
    };
  });
  const layout: Partial<Layout> = {
    ...BASE_LAYOUT, barmode: 'group', height: 340,
    yaxis: fractions ? { range: [0, 1.12], title: { text: opts.yTitle ?? 'value (fraction)' } } : { rangemode: 'tozero', title: { text: opts.yTitle ?? '' } },
  };
  return { data, layout };
}
