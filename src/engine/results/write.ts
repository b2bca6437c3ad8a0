/**
 * Writing Results out: canonical JSON (what exports save and the CLI writes) and
 * CSV for spreadsheets.
 */
import { NUMERIC_METRICS } from './numericMetrics';
import type { ModelResult, NumericMetric, Results } from './types';

const TOP_LEVEL_ORDER = ['schemaVersion', 'createdAt', 'labVersion', 'config', 'environment', 'split', 'models', 'tuning'];

/**
 * A canonical copy for stable output: object keys sorted, except that the
 * top level follows the contract's order and `models` keeps run order
 * (Original, Retrain, then methods), which the UI shows. Typed arrays become
 * plain arrays; NaN / ±Infinity become null (as JSON.stringify would write them).
 */
function canonical(v: unknown, keyOrder?: 'top' | 'insertion'): unknown {
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>, (x) => canonical(x));
  if (Array.isArray(v)) return v.map((x) => canonical(x));
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'object' || v === null) return v;
  const o = v as Record<string, unknown>;
  let keys = Object.keys(o).filter((k) => o[k] !== undefined);
  if (keyOrder === 'top') {
    const rank = (k: string) => (TOP_LEVEL_ORDER.includes(k) ? TOP_LEVEL_ORDER.indexOf(k) : TOP_LEVEL_ORDER.length);
    keys = keys.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  } else if (keyOrder !== 'insertion') {
    keys = keys.sort();
  }
  // fromEntries defines each key as data, so a model id "__proto__" stays a key.
  return Object.fromEntries(keys.map((k) => [k, canonical(o[k], keyOrder === 'top' && k === 'models' ? 'insertion' : undefined)]));
}

/** Results as stable JSON (2-space indent, canonical key order), ending in a newline. */
export function serializeResults(r: Results): string {
  return `${JSON.stringify(canonical(r, 'top'), null, 2)}\n`;
}

/** A CSV cell: quoted when needed; text that a spreadsheet would run as a formula is prefixed with '. */
function csvCell(v: string | number | undefined): string {
  if (v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  let s = v;
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * One row per model, one column per numeric metric that any model has (in
 * NUMERIC_METRICS order), for spreadsheets. Multi-seed models show their
 * mean, with a `<metric>_std` column beside each metric that has a std.
 * avgGap is in percentage points, every other metric but relearnSteps a fraction.
 */
export function resultsToCsv(r: Results): string {
  const entries = Object.entries(r.models);
  const valuesOf = (m: ModelResult): Partial<Record<NumericMetric, number>> =>
    (m.mean && Object.keys(m.mean).length > 0 ? m.mean : m.metrics);
  const present = NUMERIC_METRICS.filter((k) => entries.some(([, m]) => valuesOf(m)[k] !== undefined));
  const withStd = present.filter((k) => entries.some(([, m]) => m.std?.[k] !== undefined));
  const anyOracle = entries.some(([, m]) => m.oracleStop);
  const anyLabel = entries.some(([, m]) => m.label);
  const header = ['model', 'method', ...(anyLabel ? ['label'] : []), 'status', ...(anyOracle ? ['oracleStop'] : []), 'seed', 'seeds', 'timeMs'];
  for (const k of present) {
    header.push(k);
    if (withStd.includes(k)) header.push(`${k}_std`);
  }
  const lines = [header.map(csvCell).join(',')];
  for (const [id, m] of entries) {
    const values = valuesOf(m);
    const row: (string | number | undefined)[] = [
      id, m.method, ...(anyLabel ? [m.label] : []), m.status, ...(anyOracle ? [m.oracleStop ? 'yes' : ''] : []), m.seed, m.runs?.length ?? 1, m.timeMs,
    ];
    for (const k of present) {
      row.push(values[k]);
      if (withStd.includes(k)) row.push(m.std?.[k]);
    }
    lines.push(row.map(csvCell).join(','));
  }
  return `${lines.join('\n')}\n`;
}
