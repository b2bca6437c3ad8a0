/**
 * A Tune's trials as a trade-off: each trial placed by its utility gap (x,
 * |ΔRA| + |ΔTA|) and its forgetting gap (y, |ΔUA| + |ΔMIA|) to Retrain, in
 * percentage points on the validation seed. Lower-left is closer to Retrain
 * on both sides; the non-dominated trials (the Pareto front) are the only ones
 * worth choosing between. Trial 0, the form's settings when Tune was pressed,
 * is a star.
 */
import type { Data, Layout } from 'plotly.js-dist-min';
import type { TrialRecord } from '../../engine/tuning/report';
import { OKABE_ITO } from '../palette';
import { BASE_LAYOUT, type FigureOrEmpty } from './figure';

export interface GapPoint {
  /** Utility gap, pp. */
  x: number;
  /** Forgetting gap, pp. */
  y: number;
}

/**
 * Which points no other point dominates (as low or lower on both gaps, and
 * lower on one). Equal points dominate neither: both stay on the front.
 */
export function paretoFront(points: GapPoint[]): boolean[] {
  return points.map((p) => !points.some((q) => q.x <= p.x && q.y <= p.y && (q.x < p.x || q.y < p.y)));
}

/** A parameter value as the hover and the trial list show it: 3 significant digits for fractions, integers and words as they are. */
export function formatParam(v: number | string | boolean): string {
  if (typeof v !== 'number') return String(v);
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(3)));
}

/** What trial 0 ran: the method's form as it was (it may have changed since). */
export const START_SETTINGS = "the form's settings when Tune was pressed";

/** "lr 0.00123, epochs 3", or what trial 0 is. */
export function describeTrial(t: TrialRecord): string {
  const params = Object.entries(t.params);
  if (t.index === 0 || !params.length) return START_SETTINGS;
  return params.map(([k, v]) => `${k} ${formatParam(v)}`).join(', ');
}

type Placed = TrialRecord & { gaps: { forget: number; utility: number } };

/** The trial's parameters and gaps; trials with the very same gaps are one point to the pointer, so they are named too. */
function hoverText(t: Placed, all: Placed[]): string {
  const params = t.index === 0 ? [START_SETTINGS] : Object.entries(t.params).map(([k, v]) => `${k} = ${formatParam(v)}`);
  const twins = all.filter((o) => o.index !== t.index && o.gaps.utility === t.gaps.utility && o.gaps.forget === t.gaps.forget).map((o) => o.index);
  return [
    `<b>trial ${t.index}</b>`, ...params, `utility gap ${t.gaps.utility.toFixed(2)} pp, forgetting gap ${t.gaps.forget.toFixed(2)} pp`,
    ...(twins.length ? [`same gaps as trial ${twins.join(', ')} (see the list below)`] : []), 'click to use these parameters',
  ].join('<br>');
}

function markers(name: string, trials: Placed[], all: Placed[], color: string, size: number, line: boolean): Data {
  return {
    type: 'scatter', mode: line ? 'lines+markers' : 'markers', name,
    x: trials.map((t) => t.gaps.utility), y: trials.map((t) => t.gaps.forget),
    customdata: trials.map((t) => t.index), text: trials.map((t) => hoverText(t, all)), hovertemplate: '%{text}<extra></extra>',
    marker: { size: trials.map((t) => (t.index === 0 ? size + 6 : size)), symbol: trials.map((t) => (t.index === 0 ? 'star' : 'circle')), color, line: { color: '#000', width: 1 } },
    ...(line ? { line: { color, width: 1.5, dash: 'dot', shape: 'hv' } } : {}),
  };
}

/** The trials with gaps to Retrain; the front as a step line (sorted by utility gap), the rest as grey points. */
export function paretoFigure(trials: TrialRecord[], methodLabel: string): FigureOrEmpty {
  const placed = trials.filter((t): t is Placed => !!t.gaps && Number.isFinite(t.gaps.forget) && Number.isFinite(t.gaps.utility));
  if (!placed.length) return { empty: 'No finished trial yet: the first appears once the Original, Retrain and trial 0 have run.' };
  const onFront = paretoFront(placed.map((t) => ({ x: t.gaps.utility, y: t.gaps.forget })));
  const front = placed.filter((_, i) => onFront[i]).sort((a, b) => a.gaps.utility - b.gaps.utility || a.gaps.forget - b.gaps.forget);
  const rest = placed.filter((_, i) => !onFront[i]);
  const data: Data[] = [markers(`Pareto front (${front.length})`, front, placed, OKABE_ITO.vermillion, 12, true)];
  if (rest.length) data.push(markers(`dominated trials (${rest.length})`, rest, placed, '#9a9a9a', 9, false));
  const start = placed.find((t) => t.index === 0);
  const layout: Partial<Layout> = {
    ...BASE_LAYOUT, height: 380, hovermode: 'closest',
    xaxis: { title: { text: `${methodLabel}: utility gap |ΔRA| + |ΔTA| to Retrain (pp, lower is better)` }, rangemode: 'tozero', zeroline: true },
    yaxis: { title: { text: 'forgetting gap |ΔUA| + |ΔMIA| (pp)' }, rangemode: 'tozero', zeroline: true },
    annotations: start ? [{ x: start.gaps.utility, y: start.gaps.forget, text: 'trial 0: where you started', showarrow: true, arrowhead: 2, ax: 40, ay: -30, font: { size: 12 } }] : [],
  };
  return { data, layout };
}
