/** Every unlearned model of every run, placed by its distance to that run's Retrain: |ΔUA| against |ΔTA|. */
import type { Data, Layout } from 'plotly.js-dist-min';
import type { Results } from '../../engine/results';
import { modelColor } from '../palette';
import { BASE_LAYOUT, label, methodIds, type FigureOrEmpty, type Labels } from './figure';

export interface RunPoint {
  run: string;
  modelId: string;
  dUA: number;
  dTA: number;
}

export function runPoints(runs: { name: string; results: Pick<Results, 'models'> }[]): RunPoint[] {
  const out: RunPoint[] = [];
  for (const { name, results } of runs) {
    const ref = results.models.retrain?.metrics;
    if (!ref) continue;
    for (const id of methodIds(results.models)) {
      const m = results.models[id].mean ?? results.models[id].metrics;
      const ua = m.UA ?? results.models[id].metrics.UA;
      const ta = m.TA ?? results.models[id].metrics.TA;
      if (!Number.isFinite(ua) || !Number.isFinite(ta)) continue;
      out.push({ run: name, modelId: id, dUA: Math.abs(ua - ref.UA), dTA: Math.abs(ta - ref.TA) });
    }
  }
  return out;
}

export function runsScatterFigure(points: RunPoint[], labels: Labels = {}): FigureOrEmpty {
  if (!points.length) return { empty: 'No runs with a Retrain reference yet.' };
  const byMethod = new Map<string, RunPoint[]>();
  for (const p of points) byMethod.set(p.modelId, [...(byMethod.get(p.modelId) ?? []), p]);
  const data: Data[] = [...byMethod].map(([id, pts]) => ({
    type: 'scatter', mode: 'markers', name: label(id, labels), x: pts.map((p) => p.dUA), y: pts.map((p) => p.dTA),
    text: pts.map((p) => p.run), marker: { size: 11, color: modelColor(id), line: { color: '#000', width: 1 } },
    hovertemplate: `${label(id, labels)} · %{text}<br>|ΔUA| %{x:.1%}, |ΔTA| %{y:.1%}<extra></extra>`,
  }));
  const layout: Partial<Layout> = {
    ...BASE_LAYOUT, height: 380,
    xaxis: { title: { text: '|ΔUA| to Retrain (lower is better)' }, tickformat: '.0%', rangemode: 'tozero' },
    yaxis: { title: { text: '|ΔTA| to Retrain (lower is better)' }, tickformat: '.0%', rangemode: 'tozero' },
  };
  return { data, layout };
}
