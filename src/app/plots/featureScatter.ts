/**
 * Feature space after PCA (shared basis across models, views.pca), forget
 * samples highlighted; Original / a method / Retrain side by side, in 2-D or 3-D.
 */
import type { Data, Layout } from 'plotly.js-dist-min';
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

function split(models: Models, id: string, classNames: string[] | undefined, dims: 2 | 3, maxPerGroup: number): { retain: Group; forget: Group } | null {
  const pca = models[id]?.views?.pca;
  if (!pca || !pca.coords.length) return null;
  const mk = (): Group => ({ x: [], y: [], z: [], color: [], text: [], index: [] });
  const out = { retain: mk(), forget: mk() };
  const nForget = pca.isForget.filter(Boolean).length;
  // Every n-th point of a group: the same samples in every model, since the views share indices.
  const stride = { forget: Math.max(1, Math.ceil(nForget / maxPerGroup)), retain: Math.max(1, Math.ceil((pca.coords.length - nForget) / maxPerGroup)) };
  const seen = { forget: 0, retain: 0 };
  pca.coords.forEach((c, i) => {
    const part = pca.isForget[i] ? 'forget' : 'retain';
    if (seen[part]++ % stride[part] !== 0) return;
    const g = out[part];
    g.x.push(c[0]);
    g.y.push(c[1] ?? 0);
    if (dims === 3) g.z.push(c[2] ?? 0);
    const cls = pca.labels[i];
    g.color.push(classColor(cls));
    g.text.push(`#${pca.indices[i]} · class ${classNames?.[cls] ?? cls}${pca.isForget[i] ? ' · forget' : ''}`);
    g.index.push(pca.indices[i]);
  });
  return out;
}

export function featureScatterFigure(models: Models, ids: string[], opts: ScatterOptions): FigureOrEmpty {
  const present = ids.filter((id) => models[id]?.views?.pca?.coords.length);
  if (!present.length) return { empty: 'No feature views yet: they appear when a model finishes.' };
  const dims = opts.dims === 3 && present.every((id) => (models[id].views!.pca!.coords[0]?.length ?? 0) >= 3) ? 3 : 2;
  const data: Data[] = [];
  const columns = Math.max(1, Math.min(present.length, opts.columns ?? present.length));
  const rows = Math.ceil(present.length / columns);
  const layout: Partial<Layout> = { ...BASE_LAYOUT, height: 340 * rows + 100, annotations: [], showlegend: true };
  present.forEach((id, i) => {
    const groups = split(models, id, opts.classNames, dims, opts.maxPerGroup ?? 600)!;
    const name = label(id, opts.labels);
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
      placeSubplot(layout, i, rows, columns, { title: { text: 'PC1' }, zeroline: false }, { title: { text: i % columns === 0 ? 'PC2' : '' }, zeroline: false });
      layout.annotations!.push(subplotTitle(i, name));
    }
  });
  return { data, layout };
}
