/** Dimensional alignment over unlearning steps, one line per method, Retrain and Original as reference lines. */
import type { Data, Layout } from 'plotly.js-dist-min';
import type { CurvePoint } from '../../engine/results';
import { modelColor, modelDash } from '../palette';
import { BASE_LAYOUT, label, type FigureOrEmpty, type Labels, type Models } from './figure';

export function curveIds(curves: Record<string, CurvePoint[]>, models: Models): string[] {
  const ids = new Set([...Object.keys(models), ...Object.keys(curves)]);
  ids.delete('original');
  ids.delete('retrain');
  return [...ids];
}

/** The live curve while a method runs, its result's curve once it is done. */
export function curveOf(id: string, curves: Record<string, CurvePoint[]>, models: Models): CurvePoint[] {
  const done = models[id]?.curves;
  return done && done.length ? done : curves[id] ?? [];
}

export function daFigure(curves: Record<string, CurvePoint[]>, models: Models, labels: Labels = {}): FigureOrEmpty {
  const data: Data[] = [];
  let maxStep = 0;
  for (const id of curveIds(curves, models)) {
    const pts = curveOf(id, curves, models).filter((p) => typeof p.DA === 'number' && Number.isFinite(p.DA));
    if (!pts.length) continue;
    maxStep = Math.max(maxStep, ...pts.map((p) => p.step));
    data.push({
      // Markers only while they can be told apart: each is an SVG node to redraw.
      type: 'scatter', mode: pts.length > 40 ? 'lines' : 'lines+markers', name: label(id, labels), x: pts.map((p) => p.step), y: pts.map((p) => p.DA!),
      line: { color: modelColor(id), dash: modelDash(id), width: 2 }, marker: { size: 5, color: modelColor(id) },
      hovertemplate: `${label(id, labels)} step %{x}: DA %{y:.3f}<extra></extra>`,
    });
  }
  const hasMethods = data.length > 0;
  for (const ref of ['retrain', 'original'] as const) {
    const da = models[ref]?.metrics.DA;
    if (typeof da !== 'number' || !Number.isFinite(da)) continue;
    data.push({
      // meta 'reference': not data of a run (PlotlyChart's data-points leaves it out).
      type: 'scatter', mode: 'lines', name: `${label(ref, labels)} DA`, meta: 'reference', x: [0, maxStep || 1], y: [da, da],
      line: { color: modelColor(ref), dash: ref === 'retrain' ? 'dash' : 'dot', width: 2 }, hovertemplate: `${label(ref, labels)}: DA %{y:.3f}<extra></extra>`,
    });
  }
  if (!data.length) return { empty: 'No DA yet: it appears while a method runs.' };
  const layout: Partial<Layout> = {
    ...BASE_LAYOUT,
    height: 340,
    xaxis: { title: { text: 'unlearning step' }, rangemode: 'tozero' },
    // Autoscaled: DA differences between methods are often a few hundredths.
    yaxis: { title: { text: 'DA (dimensional alignment)' }, autorange: true },
    title: { text: hasMethods ? '' : 'References only: run a method to see its DA over steps', font: { size: 12 } },
  };
  return { data, layout };
}
