/**
 * Plain figure data for plotly: what every plot-data converter returns and
 * every plot component draws. Only types come from plotly here, so converters
 * stay pure and testable in Node.
 */
import type { Data, Layout, LayoutAxis } from 'plotly.js-dist-min';
import type { ModelResult } from '../../engine/results';

export interface Figure {
  data: Data[];
  layout: Partial<Layout>;
}

/** Shown instead of a plot when there is nothing to draw yet. */
export interface EmptyFigure {
  empty: string;
}

export type FigureOrEmpty = Figure | EmptyFigure;

export function isEmpty(f: FigureOrEmpty): f is EmptyFigure {
  return 'empty' in f;
}

/** Original first, Retrain second, then methods in the order they finished. */
export function modelOrder(models: Record<string, unknown>): string[] {
  const ids = Object.keys(models);
  const rest = ids.filter((id) => id !== 'original' && id !== 'retrain');
  return [...(ids.includes('original') ? ['original'] : []), ...(ids.includes('retrain') ? ['retrain'] : []), ...rest];
}

/** Unlearned models only (not Original, not Retrain). */
export function methodIds(models: Record<string, unknown>): string[] {
  return modelOrder(models).filter((id) => id !== 'original' && id !== 'retrain');
}

export type Labels = Record<string, string>;

export function label(id: string, labels: Labels = {}): string {
  if (labels[id]) return labels[id];
  if (id === 'original') return 'Original';
  if (id === 'retrain') return 'Retrain';
  return id;
}

/** Plotly names the n-th axis 'x', 'x2', 'x3'…; layout keys are 'xaxis', 'xaxis2'… */
export function axisId(axis: 'x' | 'y', i: number): string {
  return i === 0 ? axis : `${axis}${i + 1}`;
}

export function axisKey(axis: 'x' | 'y', i: number): `xaxis${number}` | `yaxis${number}` | 'xaxis' | 'yaxis' {
  return (i === 0 ? `${axis}axis` : `${axis}axis${i + 1}`) as `xaxis${number}`;
}

export function setAxis(layout: Partial<Layout>, axis: 'x' | 'y', i: number, value: Partial<LayoutAxis>): void {
  (layout as Record<string, unknown>)[axisKey(axis, i)] = value;
}

export const BASE_LAYOUT: Partial<Layout> = {
  margin: { l: 56, r: 16, t: 36, b: 48 },
  font: { family: 'system-ui, sans-serif', size: 13 },
  legend: { orientation: 'h', y: -0.2 },
  paper_bgcolor: '#ffffff',
  plot_bgcolor: '#ffffff',
};

export type Models = Record<string, ModelResult>;
