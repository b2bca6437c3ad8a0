/**
 * Reading a results file: parseResults walks the schema with the checks of
 * checks.ts and returns a clean copy. Unknown fields are dropped rather than
 * refused, for forward compatibility (docs/contracts.md).
 */
import { parseConfig } from '../config';
import type { TuningReport } from '../tuning/report';
import { bool, copyIfPresent, fail, finite, fraction, jsonValue, list, obj, put, RESULTS_LIMITS, show, str } from './checks';
import { METRIC_KIND, NUMERIC_METRICS } from './numericMetrics';
import type {
  ClusterInfo, CurvePoint, DAInfo, Environment, FeatureSteps, LPInfo, Metrics, ModelResult, ModelViews, NumericMetric,
  RelearnInfo, Results, RunStatus, Spectrum,
} from './types';

const RUN_STATUSES: readonly RunStatus[] = ['ok', 'stopped-early', 'diverged', 'cancelled', 'failed'];

function metricValue(name: NumericMetric, v: unknown, path: string): number {
  switch (METRIC_KIND[name]) {
    case 'fraction': return fraction(v, path);
    case 'points': return finite(v, path, { min: 0, max: 100 }); // avgGap: percentage points
    case 'steps': return finite(v, path, { min: 0 });
  }
}

/** A count: a finite integer ≥ 0. */
const count = (x: unknown, q: string): number => finite(x, q, { min: 0, int: true });
const text = (x: unknown, q: string): string => str(x, q);

function parseDAInfo(v: unknown, p: string): DAInfo {
  const d = obj(v, p);
  const tau = d.tau === null || d.tau === undefined ? null : finite(d.tau, `${p}.tau`, { min: 0, max: 1 });
  const info: DAInfo = { k: count(d.k, `${p}.k`), tau, centered: bool(d.centered, `${p}.centered`) };
  copyIfPresent(info, d, 'rank', p, count);
  copyIfPresent(info, d, 'note', p, text);
  return info;
}

function parseRelearnInfo(v: unknown, p: string): RelearnInfo {
  const d = obj(v, p);
  return {
    capSteps: count(d.capSteps, `${p}.capSteps`),
    reached: bool(d.reached, `${p}.reached`),
    lr: finite(d.lr, `${p}.lr`, { min: 0 }),
    targetAccuracy: fraction(d.targetAccuracy, `${p}.targetAccuracy`),
    forgetFit: count(d.forgetFit, `${p}.forgetFit`),
    retainFit: count(d.retainFit, `${p}.retainFit`),
    check: count(d.check, `${p}.check`),
    protocol: str(d.protocol, `${p}.protocol`),
  };
}

function parseLPInfo(v: unknown, p: string): LPInfo {
  const d = obj(v, p);
  const info: LPInfo = {
    epochs: count(d.epochs, `${p}.epochs`), lr: finite(d.lr, `${p}.lr`, { min: 0 }), seed: finite(d.seed, `${p}.seed`),
    trainSize: count(d.trainSize, `${p}.trainSize`), testAcc: fraction(d.testAcc, `${p}.testAcc`),
  };
  copyIfPresent(info, d, 'protocol', p, text);
  return info;
}

function parseClusterInfo(v: unknown, p: string): ClusterInfo {
  const d = obj(v, p);
  const info: ClusterInfo = { k: count(d.k, `${p}.k`), seed: finite(d.seed, `${p}.seed`), restarts: count(d.restarts, `${p}.restarts`) };
  for (const key of ['forgetSize', 'retainSize'] as const) copyIfPresent(info, d, key, p, count);
  copyIfPresent(info, d, 'protocol', p, text);
  return info;
}

/** A NaN metric is written by JSON as null: for optional metrics that reads as "not measured". */
function parseMetrics(v: unknown, path: string): Metrics {
  const o = obj(v, path);
  const m = {} as Metrics;
  for (const name of NUMERIC_METRICS) {
    const x = o[name];
    const required = name === 'UA' || name === 'RA' || name === 'TA';
    if (x === undefined || (x === null && !required)) {
      if (required) fail(`${path}.${name}`, 'is missing');
      continue;
    }
    m[name] = metricValue(name, x, `${path}.${name}`);
  }
  copyIfPresent(m, o, 'daInfo', path, parseDAInfo);
  copyIfPresent(m, o, 'lpInfo', path, parseLPInfo);
  copyIfPresent(m, o, 'clusterInfo', path, parseClusterInfo);
  copyIfPresent(m, o, 'relearnInfo', path, parseRelearnInfo);
  return m;
}

function parseMetricRecord(v: unknown, path: string, kind: 'mean' | 'std'): Partial<Record<NumericMetric, number>> {
  const o = obj(v, path);
  const out: Partial<Record<NumericMetric, number>> = {};
  for (const name of NUMERIC_METRICS) {
    if (o[name] === undefined || o[name] === null) continue;
    out[name] = kind === 'mean' ? metricValue(name, o[name], `${path}.${name}`) : finite(o[name], `${path}.${name}`, { min: 0 });
  }
  return out;
}

function parseSpectrum(v: unknown, path: string): Spectrum {
  const o = obj(v, path);
  const values = (x: unknown, p: string) => list(x, p, RESULTS_LIMITS.spectrum, fraction);
  return { retain: values(o.retain, `${path}.retain`), forget: values(o.forget, `${path}.forget`) };
}

const CURVE_METRICS = ['UA', 'TA', 'RA', 'DA', 'MIA'] as const;

function parseCurvePoint(v: unknown, path: string): CurvePoint {
  const o = obj(v, path);
  // A diverged step's loss is not finite, which JSON writes as null.
  const loss = o.loss === null ? NaN : finite(o.loss, `${path}.loss`);
  const point: CurvePoint = { step: finite(o.step, `${path}.step`, { min: 0 }), loss };
  for (const name of CURVE_METRICS) {
    if (o[name] !== undefined && o[name] !== null) point[name] = fraction(o[name], `${path}.${name}`);
  }
  return point;
}

/** Sizes are checked (snapshots × points within the limit, every snapshot one pair per point) before the coordinates are read. */
function parseFeatureSteps(v: unknown, p: string): FeatureSteps {
  const d = obj(v, p);
  const N = RESULTS_LIMITS.perSamplePoints;
  const indices = list(d.indices, `${p}.indices`, N, count);
  const steps = list(d.steps, `${p}.steps`, RESULTS_LIMITS.featureSteps, count);
  if (steps.length * indices.length > RESULTS_LIMITS.featureStepPoints) {
    fail(p, `holds ${steps.length} snapshots of ${indices.length} points, more than ${RESULTS_LIMITS.featureStepPoints} in all`);
  }
  const labels = list(d.labels, `${p}.labels`, N, count);
  const isForget = list(d.isForget, `${p}.isForget`, N, bool);
  if (labels.length !== indices.length || isForget.length !== indices.length) fail(p, `needs one label and one isForget per index (${indices.length})`);
  const coords = list(d.coords, `${p}.coords`, steps.length, (snap, q) => {
    const rows = list(snap, q, indices.length, (pt, r) => list(pt, r, 2, (x, t) => finite(x, t)));
    if (rows.length !== indices.length || rows.some((r) => r.length !== 2)) fail(q, `must hold one [x, y] pair per index (${indices.length})`);
    return rows;
  });
  if (coords.length !== steps.length) fail(`${p}.coords`, `must hold one snapshot per step (${steps.length}), got ${coords.length}`);
  return { indices, labels, isForget, steps, coords };
}

function parseViews(v: unknown, path: string): ModelViews {
  const o = obj(v, path);
  const views: ModelViews = {};
  const N = RESULTS_LIMITS.perSamplePoints;
  const num = (x: unknown, p: string) => finite(x, p);
  if (o.principalAngles !== undefined) {
    views.principalAngles = list(o.principalAngles, `${path}.principalAngles`, RESULTS_LIMITS.spectrum,
      (x, p) => finite(x, p, { min: 0, max: Math.PI / 2 + 1e-6 }));
  }
  if (o.pca !== undefined) {
    const p = `${path}.pca`;
    const d = obj(o.pca, p);
    views.pca = {
      indices: list(d.indices, `${p}.indices`, N, count),
      labels: list(d.labels, `${p}.labels`, N, count),
      isForget: list(d.isForget, `${p}.isForget`, N, bool),
      coords: list(d.coords, `${p}.coords`, N, (x, q) => list(x, q, 3, num)),
    };
  }
  if (o.pcaSteps !== undefined) views.pcaSteps = parseFeatureSteps(o.pcaSteps, `${path}.pcaSteps`);
  if (o.boundary !== undefined) {
    const p = `${path}.boundary`;
    const d = obj(o.boundary, p);
    const A = RESULTS_LIMITS.boundaryAxis;
    const grid = (x: unknown, q: string, cell: (y: unknown, r: string) => number) => list(x, q, A, (row, r) => list(row, r, A, cell));
    views.boundary = {
      xs: list(d.xs, `${p}.xs`, A, num),
      ys: list(d.ys, `${p}.ys`, A, num),
      classes: grid(d.classes, `${p}.classes`, count),
      confidence: grid(d.confidence, `${p}.confidence`, fraction),
    };
  }
  if (o.miaScores !== undefined) {
    const p = `${path}.miaScores`;
    const d = obj(o.miaScores, p);
    const scores = (key: 'forget' | 'test' | 'retain') => list(d[key], `${p}.${key}`, N, fraction);
    views.miaScores = { forget: scores('forget'), test: scores('test'), retain: scores('retain') };
  }
  return views;
}

function parseModel(v: unknown, path: string, allowRuns: boolean): ModelResult {
  const o = obj(v, path);
  const model: ModelResult = {
    seed: finite(o.seed, `${path}.seed`, { min: 0 }),
    timeMs: finite(o.timeMs, `${path}.timeMs`, { min: 0 }),
    metrics: parseMetrics(o.metrics, `${path}.metrics`),
    spectrum: parseSpectrum(o.spectrum, `${path}.spectrum`),
    curves: o.curves === undefined ? [] : list(o.curves, `${path}.curves`, RESULTS_LIMITS.curvePoints, parseCurvePoint),
  };
  copyIfPresent(model, o, 'method', path, (x, p) => str(x, p, 200));
  copyIfPresent(model, o, 'label', path, (x, p) => str(x, p, 200));
  if (o.params !== undefined) model.params = obj(jsonValue(o.params, `${path}.params`, RESULTS_LIMITS.params), `${path}.params`);
  if (o.status !== undefined) {
    if (!RUN_STATUSES.includes(o.status as RunStatus)) fail(`${path}.status`, `must be one of ${RUN_STATUSES.join(', ')}, got ${show(o.status)}`);
    model.status = o.status as RunStatus;
  }
  copyIfPresent(model, o, 'message', path, (x, p) => str(x, p));
  if (o.oracleStop !== undefined) {
    if (o.oracleStop !== true) fail(`${path}.oracleStop`, `must be true when present, got ${show(o.oracleStop)}`);
    model.oracleStop = true;
  }
  copyIfPresent(model, o, 'views', path, parseViews);
  // Runs of runs cannot occur (seeds fold once); deeper levels are ignored like any unknown field.
  if (allowRuns && o.runs !== undefined) model.runs = list(o.runs, `${path}.runs`, RESULTS_LIMITS.runs, (x, p) => parseModel(x, p, false));
  if (allowRuns && o.mean !== undefined) model.mean = parseMetricRecord(o.mean, `${path}.mean`, 'mean');
  if (allowRuns && o.std !== undefined) model.std = parseMetricRecord(o.std, `${path}.std`, 'std');
  return model;
}

function parseEnvironment(v: unknown, path: string): Environment {
  const o = obj(v, path);
  const skippedRaw = obj(o.skipped ?? {}, `${path}.skipped`);
  const keys = Object.keys(skippedRaw);
  if (keys.length > 50) fail(`${path}.skipped`, `has ${keys.length} entries, more than 50`);
  const skipped: Record<string, string> = {};
  for (const k of keys) put(skipped, k, str(skippedRaw[k], `${path}.skipped.${k}`));
  const env: Environment = {
    backend: str(o.backend, `${path}.backend`, 100),
    skipped,
    runtime: str(o.runtime, `${path}.runtime`, 1000),
    device: str(o.device, `${path}.device`, 1000),
  };
  copyIfPresent(env, o, 'fallbacks', path, (x, p) => list(x, p, 100, (y, q) => str(y, q)));
  return env;
}

/**
 * Validates a parsed results file (e.g. from JSON.parse) and returns a clean
 * copy holding only known fields. Throws `ConfigError` naming the first bad
 * field, e.g. `models.muda.metrics.UA: must be a fraction in [0, 1], got 1.5`.
 */
export function parseResults(raw: unknown): Results {
  const root = obj(raw, '(root)');
  const sv = root.schemaVersion;
  if (sv !== 1) {
    fail('schemaVersion', typeof sv === 'number' && sv > 1
      ? `is ${sv}, newer than this lab understands (1); update the lab to open this file`
      : `must be 1, got ${show(sv)}`);
  }
  const config = parseConfig(obj(root.config, 'config'));
  const environment = parseEnvironment(root.environment, 'environment');
  const s = obj(root.split, 'split');
  const count = (key: string) => finite(s[key], `split.${key}`, { min: 0, int: true });
  const split = { train: count('train'), test: count('test'), forget: count('forget'), retain: count('retain') };

  const rawModels = obj(root.models, 'models');
  const ids = Object.keys(rawModels);
  if (ids.length > RESULTS_LIMITS.models) fail('models', `has ${ids.length} models, more than ${RESULTS_LIMITS.models}`);
  const models: Record<string, ModelResult> = {};
  for (const id of ids) {
    if (id.length === 0 || id.length > 200) fail('models', `has a model id of ${id.length} characters (1–200 allowed)`);
    put(models, id, parseModel(rawModels[id], `models.${id}`, true));
  }

  const results: Results = { schemaVersion: 1, config, environment, split, models };
  copyIfPresent(results, root, 'createdAt', '', (x, p) => str(x, p, 100));
  copyIfPresent(results, root, 'labVersion', '', (x, p) => str(x, p, 100));
  // Kept as inert data (bounded in size), for re-export and display; nothing computes from it.
  if (root.tuning !== undefined) results.tuning = obj(jsonValue(root.tuning, 'tuning', RESULTS_LIMITS.tuning), 'tuning') as unknown as TuningReport;
  return results;
}
