/**
 * Small helpers the lesson narratives are written with: every number in a
 * lesson's text comes through these from the run's `Measured`, never from
 * the text itself. A missing value reads "–" rather than a made-up one.
 */
import type { NumericMetric } from '../../engine/results';
import type { Measured } from './types';

export const MISSING = '–';

/** 0.94763 → "0.948"; missing → "–". */
export function fmt(x: number | undefined | null, digits = 3): string {
  return typeof x === 'number' && Number.isFinite(x) ? x.toFixed(digits) : MISSING;
}

/** 0.0289 → "2.9 %". */
export function pct(x: number | undefined | null, digits = 1): string {
  return typeof x === 'number' && Number.isFinite(x) ? `${(100 * x).toFixed(digits)} %` : MISSING;
}

/** A metric of one of the lesson's models, or undefined. */
export function metric(m: Measured, key: string, name: NumericMetric): number | undefined {
  const v = m.models[key]?.metrics[name];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Forget-set accuracy (1 − UA). */
export function forgetAcc(m: Measured, key: string): number | undefined {
  const ua = metric(m, key, 'UA');
  return ua === undefined ? undefined : 1 - ua;
}

export function label(m: Measured, key: string): string {
  return m.labels[key] ?? (key === 'original' ? 'Original' : key === 'retrain' ? 'Retrain' : key);
}

/** "0.948 (k = 5)": DA with the k that measured it. */
export function daWithK(m: Measured, key: string): string {
  const k = m.models[key]?.metrics.daInfo?.k;
  return `${fmt(metric(m, key, 'DA'))}${k !== undefined ? ` (k = ${k})` : ''}`;
}

/** How DA was measured in this run, in words: "uncentered features, τ = 0.9". */
export function daSetting(m: Measured): string {
  const ev = m.config.eval;
  const how = ev.daK !== undefined ? `a fixed k = ${ev.daK}` : `τ = ${ev.daTau}`;
  return `${ev.daCentered ? 'centered' : 'uncentered'} features, ${how}`;
}

/** The lesson's keys that finished, in the given order. */
export function finished(m: Measured, keys: string[]): string[] {
  return keys.filter((k) => m.models[k]);
}

/**
 * One sentence for each needed model that is missing: it failed (with its
 * reason) or has not run. Empty when all are there.
 */
export function missingModels(m: Measured, keys: string[]): string[] {
  return keys
    .filter((k) => !m.models[k])
    .map((k) => (m.failed[k] ? `${label(m, k)} did not finish in this run: ${m.failed[k]}` : `${label(m, k)} has not run yet.`));
}

/** "class 3" with the dataset's class name when it differs from the index. */
export function className(m: Measured, c: number): string {
  const name = m.classNames[c];
  const plain = `class ${c}`;
  return name === undefined || name === String(c) || name.toLowerCase() === plain ? plain : `${plain} (${name})`;
}

/** "277 forget samples" when the run's split is known, else "the forget samples". */
export function forgetCount(m: Measured): string {
  return m.split ? `${m.split.forget} forget samples` : 'the forget samples';
}

/** "a, b and c". */
export function listWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Signed difference in a fixed format: "+0.036" / "−0.012". */
export function signed(x: number | undefined, digits = 3): string {
  if (x === undefined || !Number.isFinite(x)) return MISSING;
  const s = Math.abs(x).toFixed(digits);
  return x < 0 ? `−${s}` : `+${s}`;
}

/** Largest principal angle (degrees) between the top retain and top forget eigenspaces of a model. */
export function largestAngleDeg(m: Measured, key: string): number | undefined {
  const a = m.models[key]?.views?.principalAngles;
  if (!a?.length) return undefined;
  return (Math.max(...a) * 180) / Math.PI;
}

/** 8432 → "8.4 s". */
export function seconds(ms: number | undefined): string {
  return typeof ms === 'number' && Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : MISSING;
}

/** "Random labels'" / "MUDA's". */
export function possessive(name: string): string {
  return name.endsWith('s') ? `${name}'` : `${name}'s`;
}

/** A metric over the run's seeds: mean and sample std when the model ran on two or more (engine aggregateSeeds), else its one value. */
export interface SeedStat {
  value: number | undefined;
  /** Present only with two or more seeds. */
  std?: number;
  seeds: number;
}

export function seedStat(m: Measured, key: string, name: NumericMetric): SeedStat {
  const r = m.models[key];
  const seeds = r?.runs?.length ?? 1;
  const mean = r?.mean?.[name];
  const std = r?.std?.[name];
  if (seeds >= 2 && typeof mean === 'number' && Number.isFinite(mean)) {
    return { value: mean, seeds, ...(typeof std === 'number' && Number.isFinite(std) ? { std } : {}) };
  }
  return { value: metric(m, key, name), seeds: 1 };
}

/** "0.972" for one seed, "0.972 ± 0.004 over 3 seeds" for several. */
export function fmtSeeds(s: SeedStat, digits = 3): string {
  return s.std === undefined ? fmt(s.value, digits) : `${fmt(s.value, digits)} ± ${fmt(s.std, digits)} over ${s.seeds} seeds`;
}
