/**
 * UA / RA / TA / MIA over unlearning steps, one panel per metric, one line per
 * method. One metric gives a single panel: the cheap view to redraw live (four
 * panels cost four sets of axes per redraw).
 */
import type { Data, Layout } from 'plotly.js-dist-min';
import type { CurvePoint } from '../../engine/results';
import { modelColor, modelDash } from '../palette';
import { curveIds, curveOf } from './daCurves';
import { axisId, BASE_LAYOUT, label, placeSubplot, subplotTitle, type FigureOrEmpty, type Labels, type Models } from './figure';

export const CURVE_METRICS = ['UA', 'RA', 'TA', 'MIA'] as const;
export type CurveMetric = (typeof CURVE_METRICS)[number];

export function metricCurvesFigure(curves: Record<string, CurvePoint[]>, models: Models, labels: Labels = {}, metrics: readonly CurveMetric[] = CURVE_METRICS): FigureOrEmpty {
  const data: Data[] = [];
  const columns = metrics.length > 1 ? 2 : 1;
  const rows = Math.ceil(metrics.length / columns);
  const layout: Partial<Layout> = { ...BASE_LAYOUT, height: 240 * rows + 120, annotations: [] };
  const ids = curveIds(curves, models);
  const inLegend = new Set<string>();
  metrics.forEach((metric, i) => {
    const xa = axisId('x', i);
    const ya = axisId('y', i);
    ids.forEach((id) => {
      const pts = curveOf(id, curves, models).filter((p) => typeof p[metric] === 'number' && Number.isFinite(p[metric]));
      if (!pts.length) return;
      data.push({
        type: 'scatter', mode: pts.length > 40 ? 'lines' : 'lines+markers', name: label(id, labels), legendgroup: id, showlegend: !inLegend.has(id),
        x: pts.map((p) => p.step), y: pts.map((p) => p[metric] as number), xaxis: xa, yaxis: ya,
        line: { color: modelColor(id), dash: modelDash(id), width: 2 }, marker: { size: 4, color: modelColor(id) },
        hovertemplate: `${label(id, labels)} step %{x}: ${metric} %{y:.3f}<extra></extra>`,
      });
      inLegend.add(id);
    });
    const target = models.retrain?.metrics[metric];
    if (typeof target === 'number' && Number.isFinite(target)) {
      layout.shapes = [...(layout.shapes ?? []), {
        type: 'line', xref: `${xa} domain` as 'x', yref: ya as 'y', x0: 0, x1: 1, y0: target, y1: target, line: { color: modelColor('retrain'), dash: 'dash', width: 1.5 },
      }];
    }
    placeSubplot(layout, i, rows, columns, { title: { text: i >= metrics.length - columns ? 'unlearning step' : '' }, rangemode: 'tozero' }, { range: [-0.02, 1.02], title: { text: metric } });
    layout.annotations!.push(subplotTitle(i, `${metric}${typeof target === 'number' ? ' (dashed: Retrain)' : ''}`));
  });
  if (!data.length) return { empty: 'No curves yet: UA, RA, TA and MIA appear while a method runs.' };
  return { data, layout };
}
