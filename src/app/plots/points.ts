/** The 2-D training points for picking a forget set: coloured by class, the selection outlined, the current forget set marked. */
import type { Data, Layout } from 'plotly.js-dist-min';
import { classColor, OKABE_ITO } from '../palette';
import { BASE_LAYOUT, type FigureOrEmpty } from './figure';

export function pointsFigure(
  points: { x: number[]; y: number[] } | undefined,
  labels: readonly number[],
  selection: readonly number[],
  forget: readonly number[],
  classNames: readonly string[] = [],
): FigureOrEmpty {
  if (!points || !points.x.length) return { empty: 'No 2-D points for this dataset.' };
  const selected = new Set(selection);
  const inForget = new Set(forget);
  const data: Data[] = [];
  const classes = [...new Set(labels)].sort((a, b) => a - b);
  for (const c of classes) {
    const idx: number[] = [];
    for (let i = 0; i < points.x.length; i++) if (labels[i] === c) idx.push(i);
    data.push({
      type: 'scatter', mode: 'markers', name: classNames[c] ?? `class ${c}`, x: idx.map((i) => points.x[i]), y: idx.map((i) => points.y[i]),
      customdata: idx, marker: { color: classColor(c), size: 6, opacity: 0.75 },
      // The selection is drawn by its own overlay; plotly's own fading of unselected points would only confuse.
      selected: { marker: { opacity: 0.75 } }, unselected: { marker: { opacity: 0.75 } },
      hovertemplate: '#%{customdata} (%{x:.2f}, %{y:.2f})<extra>%{fullData.name}</extra>',
    });
  }
  const f = [...inForget].filter((i) => i < points.x.length);
  data.push({
    type: 'scatter', mode: 'markers', name: 'forget set (applied)', x: f.map((i) => points.x[i]), y: f.map((i) => points.y[i]), customdata: f,
    marker: { symbol: 'x-thin-open', size: 9, color: OKABE_ITO.black, line: { width: 1.5, color: OKABE_ITO.black } }, hoverinfo: 'skip',
  });
  const s = [...selected].filter((i) => i < points.x.length);
  data.push({
    type: 'scatter', mode: 'markers', name: 'selection', x: s.map((i) => points.x[i]), y: s.map((i) => points.y[i]), customdata: s,
    marker: { symbol: 'circle-open', size: 11, color: OKABE_ITO.vermillion, line: { width: 2, color: OKABE_ITO.vermillion } }, hoverinfo: 'skip',
  });
  const layout: Partial<Layout> = {
    ...BASE_LAYOUT, height: 420, dragmode: 'lasso', clickmode: 'event',
    xaxis: { zeroline: false }, yaxis: { zeroline: false },
  };
  return { data, layout };
}
