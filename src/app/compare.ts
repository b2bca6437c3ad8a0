/**
 * The Compare table as data: one row per model (of one or several runs), a
 * column per metric that any row has, each cell's gap to its own run's
 * Retrain, and sorting. The component only renders what this returns.
 */
import type { ModelResult, NumericMetric, Results } from '../engine/results';
import { cannotSeparate, SPREAD_TOLERANCE } from './metricSpread';
import { label, modelOrder, type Labels } from './plots/figure';

export type ColumnKey = NumericMetric | 'timeMs';

/** Every metric of docs/metrics.md, in the order the table shows them. */
export const ALL_COLUMNS: ColumnKey[] = [
  'UA', 'RA', 'TA', 'forgetTestAcc', 'MIA', 'MIAthreshold', 'lossMIA', 'avgGap', 'ToW', 'DA', 'LP', 'NMI', 'F1',
  'CKAvsRetrain', 'CKAvsOriginal', 'relearnSteps', 'ASR', 'timeMs',
];

export const COLUMN_TITLES: Record<ColumnKey, { short: string; help: string }> = {
  UA: { short: 'UA', help: 'Unlearning accuracy: 1 − accuracy on the forget set' },
  RA: { short: 'RA', help: 'Accuracy on the retain set' },
  TA: { short: 'TA', help: 'Test accuracy (class-wise: without the forgotten class)' },
  forgetTestAcc: { short: 'forget TA', help: "Test accuracy on the forgotten class" },
  MIA: { short: 'MIA', help: 'MIA-efficacy: share of the forget set an RBF-SVC attacker (the reference protocol) calls non-member' },
  MIAthreshold: { short: 'MIA (cut)', help: 'MIA-efficacy with a one-threshold attacker on the same confidences: share of the forget set below its cut' },
  lossMIA: { short: 'loss-MIA', help: 'Accuracy of a loss-based membership attack (ideal ≈ Retrain)' },
  avgGap: { short: 'avg gap', help: 'Mean |Δ| of UA, RA, TA, MIA to Retrain, in percentage points' },
  ToW: { short: 'ToW', help: 'Tug of war: (1−|ΔA_f|)(1−|ΔA_r|)(1−|ΔA_t|) vs Retrain' },
  DA: { short: 'DA', help: 'Dimensional alignment of forget features with the retain eigenspace' },
  LP: { short: 'LP', help: 'Linear probe accuracy on forget features (head-only forgetting shows up here)' },
  NMI: { short: 'NMI', help: 'k-means of a forget sample plus the retain reference vs true labels: do the forgotten samples still form their own cluster?' },
  F1: { short: 'F1', help: 'Pairwise F-measure of that clustering' },
  CKAvsRetrain: { short: 'CKA↔R', help: 'Linear CKA of features vs Retrain' },
  CKAvsOriginal: { short: 'CKA↔O', help: 'Linear CKA of features vs Original' },
  relearnSteps: { short: 'relearn', help: 'SGD steps on a fixed forget + retain mix until forget accuracy reaches half the Original\'s' },
  ASR: { short: 'ASR', help: 'Backdoor attack success rate on triggered test images' },
  timeMs: { short: 'time', help: 'Wall time of training / unlearning itself (RTE), excluding evaluation' },
};

const PERCENT: ReadonlySet<ColumnKey> = new Set(['UA', 'RA', 'TA', 'forgetTestAcc', 'MIA', 'MIAthreshold', 'lossMIA', 'LP', 'ASR']);

export interface CompareRow {
  key: string;
  run?: string;
  modelId: string;
  label: string;
  status?: string;
  message?: string;
  /** The run could stop on the oracle rule: it read Retrain and the test set. */
  oracleStop?: true;
  values: Partial<Record<ColumnKey, number>>;
  std: Partial<Record<ColumnKey, number>>;
  /** The same values of this run's Retrain (absent when Retrain did not run). */
  reference?: Partial<Record<ColumnKey, number>>;
  /** Retrain's spread over seeds, its noise floor (present when Retrain ran on two or more seeds). */
  referenceNoise?: { std: Partial<Record<ColumnKey, number>>; seeds: number };
}

function valuesOf(m: ModelResult): { values: Partial<Record<ColumnKey, number>>; std: Partial<Record<ColumnKey, number>> } {
  const values: Partial<Record<ColumnKey, number>> = {};
  const std: Partial<Record<ColumnKey, number>> = {};
  for (const k of ALL_COLUMNS) {
    const v = k === 'timeMs' ? m.timeMs : m.mean?.[k] ?? m.metrics[k];
    if (typeof v === 'number' && Number.isFinite(v)) values[k] = v;
    const s = k === 'timeMs' ? undefined : m.std?.[k];
    if (typeof s === 'number' && Number.isFinite(s)) std[k] = s;
  }
  return { values, std };
}

/**
 * One row per model. `run` names the run the rows come from (the table's Run
 * column); `runKey` tells runs apart in the rows' keys where names repeat
 * (runs made in the same minute get the same default name): a stored run's id.
 */
export function compareRows(results: Pick<Results, 'models'>, labels: Labels = {}, run?: string, runKey = run): CompareRow[] {
  const retrain = results.models.retrain;
  const ref = retrain ? valuesOf(retrain).values : undefined;
  const seeds = retrain?.runs?.length ?? 1;
  const noise = retrain && seeds >= 2 ? { std: valuesOf(retrain).std, seeds } : undefined;
  return modelOrder(results.models).map((id) => {
    const m = results.models[id];
    const row: CompareRow = { key: runKey ? `${runKey}/${id}` : id, modelId: id, label: m.label ?? label(id, labels), ...valuesOf(m) };
    if (run) row.run = run;
    if (ref) row.reference = ref;
    if (noise) row.referenceNoise = noise;
    if (m.status) row.status = m.status;
    if (m.message) row.message = m.message;
    if (m.oracleStop || m.runs?.some((r) => r.oracleStop)) row.oracleStop = true;
    return row;
  });
}

/** The columns at least one row has a value for, in ALL_COLUMNS order. */
export function columnsOf(rows: CompareRow[]): ColumnKey[] {
  return ALL_COLUMNS.filter((k) => rows.some((r) => r.values[k] !== undefined));
}

/**
 * Columns that cannot separate the models shown (metricSpread.ts: spread over
 * every model, Original and Retrain included, below a tolerance), each with
 * the title that says why it is greyed. With several runs, a column is greyed
 * when it is flat in every run that has both Original and Retrain.
 */
export function saturatedColumns(rows: CompareRow[], columns: ColumnKey[] = columnsOf(rows)): Partial<Record<ColumnKey, string>> {
  const runs = new Map<string | undefined, CompareRow[]>();
  for (const r of rows) runs.set(r.run, [...(runs.get(r.run) ?? []), r]);
  const out: Partial<Record<ColumnKey, string>> = {};
  for (const k of columns) {
    const judged = [...runs.values()]
      .map((group) => Object.fromEntries(group.map((r) => [r.modelId, r.values[k]])))
      .filter((byModel) => byModel.original !== undefined && byModel.retrain !== undefined);
    if (judged.length === 0 || !judged.every((byModel) => cannotSeparate(k, byModel))) continue;
    const values = rows.map((r) => r.values[k]).filter((v): v is number => v !== undefined);
    const [lo, hi] = [Math.min(...values), Math.max(...values)];
    const range = formatValue(k, lo) === formatValue(k, hi) ? formatValue(k, lo) : `${formatValue(k, lo)} to ${formatValue(k, hi)}`;
    out[k] = `Greyed: every model reads ${range}, Original and Retrain included (spread below ${SPREAD_TOLERANCE[k]}), so this metric cannot tell the models apart in this scenario`;
  }
  return out;
}

/** Value minus Retrain's value; relearn steps and time are relative to Retrain's (a share). */
export function gapToRetrain(row: CompareRow, k: ColumnKey): number | undefined {
  const v = row.values[k];
  const r = row.reference?.[k];
  if (v === undefined || r === undefined) return undefined;
  if (k === 'relearnSteps' || k === 'timeMs') return (v - r) / Math.max(Math.abs(r), 1);
  return v - r;
}

/** Within this many of Retrain's standard deviations (over seeds), a value is indistinguishable from Retrain's. */
export const NOISE_FLOOR_STDS = 2;

/**
 * Whether a cell lies within Retrain's noise floor: |value − Retrain's mean|
 * ≤ 2 × Retrain's std over seeds. Undefined where there is no floor (one
 * seed, no Retrain, no value, or time, which is not a quality). A gap inside
 * the floor is one that two Retrain runs with other seeds could show too.
 */
export function withinNoiseFloor(row: CompareRow, k: ColumnKey): boolean | undefined {
  const v = row.values[k];
  const r = row.reference?.[k];
  const std = row.referenceNoise?.std[k];
  if (k === 'timeMs' || v === undefined || r === undefined || std === undefined) return undefined;
  // A tiny allowance for rounding: Retrain's own cell and exact ties at std 0 count as inside.
  return Math.abs(v - r) <= NOISE_FLOOR_STDS * std + 1e-9;
}

/** How large a gap paints a cell fully: 20 points (avg gap is already in points), a doubling for steps. Time is not coloured (faster is not "further from Retrain"). */
export function gapScale(k: ColumnKey): number | null {
  if (k === 'timeMs') return null;
  if (k === 'relearnSteps') return 1;
  if (k === 'avgGap') return 20;
  return 0.2;
}

export type SortKey = ColumnKey | 'label';
export interface Sort { key: SortKey; dir: 'asc' | 'desc' }

/** Stable sort; rows without a value go last in either direction. */
export function sortRows(rows: CompareRow[], sort: Sort | null): CompareRow[] {
  if (!sort) return rows;
  const sign = sort.dir === 'asc' ? 1 : -1;
  return rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => {
      if (sort.key === 'label') return sign * a.row.label.localeCompare(b.row.label) || a.i - b.i;
      const va = a.row.values[sort.key];
      const vb = b.row.values[sort.key];
      if (va === undefined && vb === undefined) return a.i - b.i;
      if (va === undefined) return 1;
      if (vb === undefined) return -1;
      return sign * (va - vb) || a.i - b.i;
    })
    .map((x) => x.row);
}

/** Clicking a header: first descending for metrics, ascending for names; again flips; a third time clears. */
export function nextSort(current: Sort | null, key: SortKey): Sort | null {
  const first: Sort['dir'] = key === 'label' ? 'asc' : 'desc';
  if (!current || current.key !== key) return { key, dir: first };
  if (current.dir === first) return { key, dir: first === 'asc' ? 'desc' : 'asc' };
  return null;
}

export function formatValue(k: ColumnKey, v: number | undefined): string {
  if (v === undefined) return '—';
  if (k === 'timeMs') return v >= 10_000 ? `${(v / 1000).toFixed(0)} s` : `${(v / 1000).toFixed(1)} s`;
  if (k === 'relearnSteps') return String(Math.round(v));
  if (k === 'avgGap') return `${v.toFixed(1)} pp`;
  if (PERCENT.has(k)) return `${(v * 100).toFixed(1)}%`;
  return v.toFixed(3);
}

export function formatGap(k: ColumnKey, g: number | undefined): string {
  if (g === undefined) return '';
  if (k === 'relearnSteps' || k === 'timeMs') return `${g >= 0 ? '+' : '−'}${Math.abs(g * 100).toFixed(0)}% vs Retrain`;
  if (PERCENT.has(k)) return `${g >= 0 ? '+' : '−'}${Math.abs(g * 100).toFixed(1)} pp vs Retrain`;
  if (k === 'avgGap') return `${g >= 0 ? '+' : '−'}${Math.abs(g).toFixed(1)} pp vs Retrain`;
  return `${g >= 0 ? '+' : '−'}${Math.abs(g).toFixed(3)} vs Retrain`;
}
