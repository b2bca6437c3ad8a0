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

/**
 * Axis domains of subplot `i` in a rows × columns grid, row-major from the
 * top. Set explicitly (rather than through layout.grid) so a subplot with no
 * trace yet keeps its place and nothing overlaps.
 */
export function cell(i: number, rows: number, columns: number, gap = { x: 0.06, y: 0.16 }): { x: [number, number]; y: [number, number] } {
  const r = Math.floor(i / columns);
  const c = i % columns;
  const w = (1 - gap.x * (columns - 1)) / columns;
  const h = (1 - gap.y * (rows - 1)) / rows;
  const x0 = c * (w + gap.x);
  const y1 = 1 - r * (h + gap.y);
  return { x: [round(x0), round(x0 + w)], y: [round(y1 - h), round(y1)] };
}

function round(v: number): number {
  // `+ 0` turns -0 into 0.
  return Math.round(v * 1e6) / 1e6 + 0;
}

/** Places subplot i's axes in its grid cell (each axis anchored to its partner). */
export function placeSubplot(layout: Partial<Layout>, i: number, rows: number, columns: number, x: Partial<LayoutAxis>, y: Partial<LayoutAxis>): void {
  const d = cell(i, rows, columns);
  setAxis(layout, 'x', i, { ...x, domain: d.x, anchor: axisId('y', i) as 'y' });
  setAxis(layout, 'y', i, { ...y, domain: d.y, anchor: axisId('x', i) as 'x' });
}

/** A subplot title above its cell. */
export function subplotTitle(i: number, text: string): NonNullable<Layout['annotations']>[number] {
  return { text, showarrow: false, xref: `${axisId('x', i)} domain` as 'x', yref: `${axisId('y', i)} domain` as 'y', x: 0.5, y: 1.02, xanchor: 'center', yanchor: 'bottom', font: { size: 14 } };
}

export const BASE_LAYOUT: Partial<Layout> = {
  // The top margin keeps subplot titles clear of plotly's mode bar.
  margin: { l: 64, r: 16, t: 60, b: 96 },
  font: { family: 'system-ui, sans-serif', size: 13 },
  legend: { orientation: 'h', x: 0, y: 0, yref: 'container', yanchor: 'bottom' },
  paper_bgcolor: '#ffffff',
  plot_bgcolor: '#ffffff',
};

export type Models = Record<string, ModelResult>;
