/**
 * Feature space after PCA, forget samples highlighted: Original / a method /
 * Retrain side by side in 2-D or 3-D (views.pca), or a run stepped through
 * beside its step 0 (views.pcaSteps).
 */
import type { Data, Layout, LayoutAxis } from 'plotly.js-dist-min';
import { classColor, OKABE_ITO } from '../palette';
import { axisId, BASE_LAYOUT, cell, label, placeSubplot, subplotTitle, type FigureOrEmpty, type Labels, type Models } from './figure';

export interface ScatterOptions {
  dims: 2 | 3;
  labels?: Labels;
  classNames?: string[];
  /** Most points drawn per model and group (retain / forget): SVG markers cost main-thread time. */
  maxPerGroup?: number;
  /** Panels per row (default: all in one row). */
  columns?: number;
}

interface Group { x: number[]; y: number[]; z: number[]; color: string[]; text: string[]; index: number[] }

/** One panel of points: a model's final PCA view, or a run's snapshot at one step. */
interface PointSet { indices: number[]; labels: number[]; isForget: boolean[]; coords: number[][] }

function split(view: PointSet, classNames: string[] | undefined, dims: 2 | 3, maxPerGroup: number): { retain: Group; forget: Group } {
  const mk = (): Group => ({ x: [], y: [], z: [], color: [], text: [], index: [] });
  const out = { retain: mk(), forget: mk() };
  const nForget = view.isForget.filter(Boolean).length;
  // Every n-th point of a group: the same samples in every model, since the views share indices.
  const stride = { forget: Math.max(1, Math.ceil(nForget / maxPerGroup)), retain: Math.max(1, Math.ceil((view.coords.length - nForget) / maxPerGroup)) };
  const seen = { forget: 0, retain: 0 };
  view.coords.forEach((c, i) => {
    const part = view.isForget[i] ? 'forget' : 'retain';
    if (seen[part]++ % stride[part] !== 0) return;
    const g = out[part];
    g.x.push(c[0]);
    g.y.push(c[1] ?? 0);
    if (dims === 3) g.z.push(c[2] ?? 0);
    const cls = view.labels[i];
    g.color.push(classColor(cls));
    g.text.push(`#${view.indices[i]} · class ${classNames?.[cls] ?? cls}${view.isForget[i] ? ' · forget' : ''}`);
    g.index.push(view.indices[i]);
  });
  return out;
}

/** Panels side by side (`columns` per row), forget samples as outlined diamonds. */
function scatterPanels(panels: { name: string; view: PointSet }[], dims: 2 | 3, opts: Omit<ScatterOptions, 'dims'>, axes: { x?: Partial<LayoutAxis>; y?: Partial<LayoutAxis> } = {}): FigureOrEmpty {
  const data: Data[] = [];
  const columns = Math.max(1, Math.min(panels.length, opts.columns ?? panels.length));
  const rows = Math.ceil(panels.length / columns);
  const layout: Partial<Layout> = { ...BASE_LAYOUT, height: 340 * rows + 100, annotations: [], showlegend: true };
  panels.forEach(({ name, view }, i) => {
    const groups = split(view, opts.classNames, dims, opts.maxPerGroup ?? 600);
    for (const part of ['retain', 'forget'] as const) {
      const g = groups[part];
      const isForget = part === 'forget';
      const marker = isForget
        ? { color: g.color, size: dims === 3 ? 4 : 8, symbol: 'diamond' as const, line: { color: OKABE_ITO.black, width: 1.5 } }
        : { color: g.color, size: dims === 3 ? 2 : 5, opacity: 0.45 };
      const common = {
        name: isForget ? 'forget set' : 'retain set', legendgroup: part, showlegend: i === 0,
        text: g.text, customdata: g.index, hovertemplate: `${name}: %{text}<extra></extra>`, marker,
      };
      if (dims === 3) {
        data.push({ type: 'scatter3d', mode: 'markers', x: g.x, y: g.y, z: g.z, scene: i === 0 ? 'scene' : `scene${i + 1}`, ...common });
      } else {
        data.push({ type: 'scatter', mode: 'markers', x: g.x, y: g.y, xaxis: axisId('x', i), yaxis: axisId('y', i), ...common });
      }
    }
    if (dims === 3) {
      const d = cell(i, rows, columns, { x: 0.01, y: 0.08 });
      (layout as Record<string, unknown>)[i === 0 ? 'scene' : `scene${i + 1}`] = {
        domain: { x: d.x, y: [d.y[0], d.y[1] - 0.06] },
        xaxis: { title: { text: 'PC1' } }, yaxis: { title: { text: 'PC2' } }, zaxis: { title: { text: 'PC3' } },
      };
      layout.annotations!.push({ text: name, showarrow: false, xref: 'paper', yref: 'paper', x: (d.x[0] + d.x[1]) / 2, y: d.y[1], xanchor: 'center', yanchor: 'top' });
    } else {
      placeSubplot(layout, i, rows, columns, { title: { text: 'PC1' }, zeroline: false, ...axes.x }, { title: { text: i % columns === 0 ? 'PC2' : '' }, zeroline: false, ...axes.y });
      layout.annotations!.push(subplotTitle(i, name));
    }
  });
  return { data, layout };
}

export function featureScatterFigure(models: Models, ids: string[], opts: ScatterOptions): FigureOrEmpty {
  const present = ids.filter((id) => models[id]?.views?.pca?.coords.length);
  if (!present.length) return { empty: 'No feature views yet: they appear when a model finishes.' };
  const dims = opts.dims === 3 && present.every((id) => (models[id].views!.pca!.coords[0]?.length ?? 0) >= 3) ? 3 : 2;
  return scatterPanels(present.map((id) => ({ name: label(id, opts.labels), view: models[id].views!.pca! })), dims, opts);
}

/** The steps recorded for `id` (views.pcaSteps), or none. */
export function recordedSteps(models: Models, id: string): number[] {
  return models[id]?.views?.pcaSteps?.steps ?? [];
}

/**
 * A run at one recorded step beside its step 0 (the Original's features),
 * both on the run's fixed basis and on fixed axes, so that stepping through
 * the run moves the points, not the axes.
 */
export function featureStepsFigure(models: Models, id: string, stepIndex: number, opts: Omit<ScatterOptions, 'dims'>): FigureOrEmpty {
  const fs = models[id]?.views?.pcaSteps;
  if (!fs?.steps.length) return { empty: 'This run recorded no feature snapshots.' };
  const s = Math.max(0, Math.min(fs.steps.length - 1, Math.round(stepIndex)));
  const at = (k: number): PointSet => ({ indices: fs.indices, labels: fs.labels, isForget: fs.isForget, coords: fs.coords[k] });
  const range = (axis: 0 | 1): [number, number] => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const snap of fs.coords) for (const p of snap) { lo = Math.min(lo, p[axis]); hi = Math.max(hi, p[axis]); }
    const pad = 0.05 * (hi - lo || 1);
    return [lo - pad, hi + pad];
  };
  return scatterPanels([
    { name: 'Original (step 0)', view: at(0) },
    { name: `${label(id, opts.labels)} at step ${fs.steps[s]}`, view: at(s) },
  ], 2, opts, { x: { range: range(0) }, y: { range: range(1) } });
}
