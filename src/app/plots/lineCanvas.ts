/**
 * A plain <canvas> view of a line figure, for live curves while work runs.
 * On this kind of machine (software rasteriser, 2 cores) a Plotly.react of a
 * live plot took 50–290 ms of main-thread time per redraw; drawing the same
 * lines on a canvas takes a few milliseconds. When the work ends the chart
 * is handed back to Plotly (hover, zoom, PNG of the interactive figure).
 *
 * `linePanels` reads a Plotly line figure (the same one the converters make)
 * into panels of series; `drawLinePanels` paints them. Only what the live
 * figures use is read: scatter traces, axis domains or a layout grid, fixed
 * ranges, horizontal reference shapes, subplot titles, the legend names.
 */
import type { Data, Layout, LayoutAxis } from 'plotly.js-dist-min';
import { axisKey, cell, type Figure } from './figure';

export interface LineSeries {
  name: string;
  showInLegend: boolean;
  color: string;
  dash: string;
  width: number;
  x: number[];
  y: number[];
}

export interface LinePanel {
  /** Fractions of the plotting area (0–1, y from the bottom), as Plotly's axis domains. */
  domainX: [number, number];
  domainY: [number, number];
  rangeX: [number, number];
  rangeY: [number, number];
  title: string;
  xTitle: string;
  yTitle: string;
  percentY: boolean;
  series: LineSeries[];
  /** Horizontal reference lines (y values) with their colours. */
  rules: { y: number; color: string }[];
}

type Trace = Data & { x?: unknown[]; y?: unknown[]; xaxis?: string; yaxis?: string; name?: string; showlegend?: boolean; line?: { color?: string; dash?: string; width?: number }; legendgroup?: string };

function axisIndex(ref: string | undefined): number {
  const m = /^[xy](\d*)/.exec(ref ?? '');
  return m && m[1] ? Number(m[1]) - 1 : 0;
}

function titleText(t: unknown): string {
  if (typeof t === 'string') return t;
  if (t && typeof t === 'object' && typeof (t as { text?: unknown }).text === 'string') return (t as { text: string }).text;
  return '';
}

function numbers(values: unknown[] | undefined): number[] {
  return (values ?? []).map((v) => (typeof v === 'number' ? v : NaN));
}

function finiteExtent(values: number[][]): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const vs of values) {
    for (const v of vs) {
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : null;
}

/** A range with some headroom (Plotly's autorange pads too); a flat line gets ±5 %. */
function padded(extent: [number, number] | null, zero: boolean): [number, number] {
  if (!extent) return [0, 1];
  let [lo, hi] = extent;
  if (zero) lo = Math.min(lo, 0);
  if (hi - lo < 1e-12) {
    const d = Math.abs(hi) * 0.05 || 0.5;
    return [lo - d, hi + d];
  }
  const pad = (hi - lo) * 0.05;
  return [zero && lo === 0 ? 0 : lo - pad, hi + pad];
}

/** The panels of a line figure, one per x/y axis pair that has a trace. */
export function linePanels(figure: Figure): LinePanel[] {
  const layout = figure.layout as Partial<Layout> & Record<string, unknown>;
  const grid = layout.grid as { rows?: number; columns?: number } | undefined;
  const byAxis = new Map<number, Trace[]>();
  for (const t of figure.data as Trace[]) {
    if (t.type !== undefined && t.type !== 'scatter' && t.type !== 'scattergl') continue;
    const i = axisIndex(t.xaxis);
    byAxis.set(i, [...(byAxis.get(i) ?? []), t]);
  }
  const titles = new Map<number, string>();
  for (const a of layout.annotations ?? []) {
    const ref = typeof a.xref === 'string' ? a.xref : '';
    if (ref.endsWith(' domain') && typeof a.text === 'string') titles.set(axisIndex(ref), a.text);
  }
  const figureTitle = titleText(layout.title);
  const panels: LinePanel[] = [];
  for (const i of [...byAxis.keys()].sort((a, b) => a - b)) {
    const traces = byAxis.get(i)!;
    const xAxis = (layout[axisKey('x', i)] ?? {}) as Partial<LayoutAxis>;
    const yAxis = (layout[axisKey('y', i)] ?? {}) as Partial<LayoutAxis>;
    const gridCell = grid?.rows && grid.columns ? cell(i, grid.rows, grid.columns) : { x: [0, 1] as [number, number], y: [0, 1] as [number, number] };
    const series: LineSeries[] = traces.map((t) => ({
      name: t.name ?? '',
      showInLegend: t.showlegend !== false,
      color: t.line?.color ?? '#000000',
      dash: t.line?.dash ?? 'solid',
      width: t.line?.width ?? 2,
      x: numbers(t.x),
      y: numbers(t.y),
    }));
    const rules: LinePanel['rules'] = [];
    for (const s of layout.shapes ?? []) {
      if (s.type !== 'line' || s.y0 !== s.y1 || typeof s.y0 !== 'number' || axisIndex(String(s.yref ?? 'y')) !== i) continue;
      rules.push({ y: s.y0, color: String(s.line?.color ?? '#000000') });
    }
    const fixedY = Array.isArray(yAxis.range) && yAxis.range.length === 2 ? (yAxis.range as [number, number]) : null;
    const xs = finiteExtent(series.map((s) => s.x));
    panels.push({
      domainX: (xAxis.domain as [number, number] | undefined) ?? gridCell.x,
      domainY: (yAxis.domain as [number, number] | undefined) ?? gridCell.y,
      rangeX: padded(xs, xAxis.rangemode === 'tozero'),
      rangeY: fixedY ?? padded(finiteExtent([...series.map((s) => s.y), rules.map((r) => r.y)]), false),
      title: titles.get(i) ?? (panels.length === 0 ? figureTitle : ''),
      xTitle: titleText(xAxis.title),
      yTitle: titleText(yAxis.title),
      percentY: yAxis.tickformat === '.0%',
      series,
      rules,
    });
  }
  return panels;
}

/** Tick values at 1, 2 or 5 × 10^k steps, about `count` of them. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return ticks;
}

const DASH_PATTERNS: Record<string, number[]> = {
  solid: [], dot: [2, 4], dash: [8, 5], longdash: [14, 5], dashdot: [8, 4, 2, 4], longdashdot: [14, 4, 2, 4],
};

function tickLabel(v: number, step: number, percent: boolean): string {
  if (percent) return `${Math.round(v * 100)}%`;
  const digits = Math.max(0, Math.min(4, -Math.floor(Math.log10(step || 1))));
  return v.toFixed(digits);
}

export interface CanvasSize {
  width: number;
  height: number;
  margin: { l: number; r: number; t: number; b: number };
  fontSize: number;
}

/** Paints the panels on a 2-D context already scaled to CSS pixels. */
export function drawLinePanels(ctx: CanvasRenderingContext2D, panels: LinePanel[], size: CanvasSize): void {
  const { width, height, margin, fontSize } = size;
  const font = `${fontSize}px system-ui, sans-serif`;
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  const areaW = Math.max(1, width - margin.l - margin.r);
  const areaH = Math.max(1, height - margin.t - margin.b);
  ctx.font = font;
  for (const p of panels) {
    const left = margin.l + p.domainX[0] * areaW;
    const right = margin.l + p.domainX[1] * areaW;
    const top = margin.t + (1 - p.domainY[1]) * areaH;
    const bottom = margin.t + (1 - p.domainY[0]) * areaH;
    const sx = (v: number) => left + ((v - p.rangeX[0]) / (p.rangeX[1] - p.rangeX[0])) * (right - left);
    const sy = (v: number) => bottom - ((v - p.rangeY[0]) / (p.rangeY[1] - p.rangeY[0])) * (bottom - top);

    ctx.strokeStyle = '#e5e5e5';
    ctx.lineWidth = 1;
    ctx.setLineDash([]);
    ctx.fillStyle = '#444444';
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    const yTicks = niceTicks(p.rangeY[0], p.rangeY[1], 4);
    for (const v of yTicks) {
      const y = Math.round(sy(v)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(left, y);
      ctx.lineTo(right, y);
      ctx.stroke();
      ctx.fillText(tickLabel(v, yTicks[1] - yTicks[0], p.percentY), left - 6, y);
    }
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    const xTicks = niceTicks(p.rangeX[0], p.rangeX[1], 6);
    for (const v of xTicks) ctx.fillText(tickLabel(v, xTicks[1] - xTicks[0], false), sx(v), bottom + 4);
    ctx.strokeStyle = '#888888';
    ctx.strokeRect(left + 0.5, top + 0.5, right - left, bottom - top);
    if (p.xTitle) ctx.fillText(p.xTitle, (left + right) / 2, bottom + fontSize + 8);
    if (p.title) {
      ctx.textBaseline = 'bottom';
      ctx.fillText(p.title, (left + right) / 2, top - 4);
    }
    if (p.yTitle) {
      ctx.save();
      ctx.translate(left - 6 - fontSize * 3.2, (top + bottom) / 2);
      ctx.rotate(-Math.PI / 2);
      ctx.textBaseline = 'middle';
      ctx.fillText(p.yTitle, 0, 0);
      ctx.restore();
    }

    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, right - left, bottom - top);
    ctx.clip();
    for (const r of p.rules) {
      ctx.strokeStyle = r.color;
      ctx.lineWidth = 1.5;
      ctx.setLineDash(DASH_PATTERNS.dash);
      ctx.beginPath();
      ctx.moveTo(left, sy(r.y));
      ctx.lineTo(right, sy(r.y));
      ctx.stroke();
    }
    for (const s of p.series) {
      ctx.strokeStyle = s.color;
      ctx.lineWidth = s.width;
      ctx.setLineDash(DASH_PATTERNS[s.dash] ?? []);
      ctx.beginPath();
      let pen = false;
      for (let k = 0; k < s.x.length; k++) {
        const x = s.x[k];
        const y = s.y[k];
        if (!Number.isFinite(x) || !Number.isFinite(y)) {
          pen = false;
          continue;
        }
        if (pen) ctx.lineTo(sx(x), sy(y));
        else ctx.moveTo(sx(x), sy(y));
        pen = true;
      }
      ctx.stroke();
    }
    ctx.restore();
  }

  // Legend along the bottom, as the Plotly figures place it.
  const seen = new Set<string>();
  let x = 8;
  let y = height - fontSize - 6;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  for (const s of panels.flatMap((p) => p.series)) {
    if (!s.showInLegend || !s.name || seen.has(s.name)) continue;
    seen.add(s.name);
    const w = 30 + ctx.measureText(s.name).width + 16;
    if (x + w > width && x > 8) {
      x = 8;
      y -= fontSize + 6;
    }
    ctx.strokeStyle = s.color;
    ctx.lineWidth = s.width;
    ctx.setLineDash(DASH_PATTERNS[s.dash] ?? []);
    ctx.beginPath();
    ctx.moveTo(x, y);
    ctx.lineTo(x + 24, y);
    ctx.stroke();
    ctx.fillStyle = '#222222';
    ctx.fillText(s.name, x + 30, y);
    x += w;
  }
  ctx.setLineDash([]);
}
