/**
 * `npm run lab -- report --results FILE`: a Results file as Markdown tables —
 * every model's headline metrics (mean ± std where it ran on several seeds),
 * and for a tuning run every method's trials and held-out summary. The tables
 * in docs/experiments are printed by it, so anyone can check them against the
 * Results files they came from.
 */
import type { ModelResult, NumericMetric, Results } from '../engine/results';
import type { MethodTuning } from '../engine/tuning/report';

/** The columns of the model table: the output-level metrics, DA and the relearn time. */
const COLUMNS: NumericMetric[] = ['UA', 'RA', 'TA', 'MIA', 'DA', 'avgGap', 'ToW', 'relearnSteps'];

const digits = (k: NumericMetric) => (k === 'avgGap' ? 2 : k === 'relearnSteps' ? 0 : 3);

function cell(m: ModelResult, k: NumericMetric): string {
  const mean = m.mean?.[k] ?? m.metrics[k];
  if (typeof mean !== 'number') return '–';
  const std = m.std?.[k];
  return typeof std === 'number' ? `${mean.toFixed(digits(k))} ± ${std.toFixed(digits(k))}` : mean.toFixed(digits(k));
}

/** Models (id and label) by their average gap to Retrain (Retrain first, models without a gap last); columns no model has are left out. */
export function modelTable(results: Results): string {
  const entries = Object.entries(results.models);
  const gap = ([id, m]: [string, ModelResult]) => (id === 'retrain' ? -1 : m.mean?.avgGap ?? m.metrics.avgGap ?? Infinity);
  entries.sort((a, b) => gap(a) - gap(b));
  const cols = COLUMNS.filter((k) => entries.some(([, m]) => typeof (m.mean?.[k] ?? m.metrics[k]) === 'number'));
  const lines = [`| model | ${cols.join(' | ')} | status |`, `|---|${cols.map(() => '---|').join('')}---|`];
  for (const [id, m] of entries) lines.push(`| ${id}${m.label ? ` — ${m.label}` : ''} | ${cols.map((k) => cell(m, k)).join(' | ')} | ${m.status ?? 'ok'} |`);
  return lines.join('\n');
}

const num = (v: unknown) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(4)) : String(v));

function trialTable(id: string, m: MethodTuning, objective: string): string {
  const lines = [`### ${id}`, '', `| trial | parameters (the rest at their defaults) | ${objective} on the validation seed |`, '|---|---|---|'];
  for (const t of m.trials) {
    const params = Object.keys(t.params).length ? Object.entries(t.params).map(([k, v]) => `${k} ${num(v)}`).join(', ') : 'defaults';
    const obj = t.objective === null ? `– (${t.status})` : t.objective.toFixed(2);
    lines.push(`| ${t.index}${t.index === m.chosen ? ' **chosen**' : ''} | ${params} | ${obj} |`);
  }
  if (m.heldOut) {
    const s = (h: { mean: number; std: number; values: number[] }) => `${h.mean.toFixed(2)} ± ${h.std.toFixed(2)} (${h.values.map((v) => v.toFixed(2)).join(', ')})`;
    lines.push('', `Held-out seeds: chosen ${s(m.heldOut.chosen)}, defaults ${s(m.heldOut.defaults)}.`);
  }
  return lines.join('\n');
}

export function resultsReport(results: Results): string {
  const parts = [modelTable(results)];
  const t = results.tuning;
  if (t) {
    parts.push(`## Every trial (validation seed ${t.validationSeed}; held-out seeds ${t.heldOutSeeds.join(', ')})`);
    for (const [id, m] of Object.entries(t.methods)) parts.push(trialTable(id, m, t.objective));
  }
  return parts.join('\n\n') + '\n';
}
