/**
 * The Results schema (docs/contracts.md, docs/metrics.md): the one format the UI shows,
 * the CLI writes, exports save, imports validate and tests assert on.
 */
import { parseConfig, type ExperimentConfig } from './config';
import { ConfigError } from './errors';
import type { TuningReport } from './tuning/report';

export interface DAInfo {
  k: number;
  /** Energy share that picked k; null when k was fixed. */
  tau: number | null;
  centered: boolean;
  /** Numerical rank of the retain features (k < rank is enforced). */
  rank?: number;
  /** Why k differs from what was asked (clamped below the rank), or why DA is degenerate. */
  note?: string;
}
export interface LPInfo { epochs: number; lr: number; seed: number; trainSize: number; testAcc: number; protocol?: string }
export interface ClusterInfo {
  k: number;
  seed: number;
  restarts: number;
  /** Samples clustered: forget rows and retain reference rows (absent in files from before the forget ∪ retain protocol). */
  forgetSize?: number;
  retainSize?: number;
  protocol?: string;
}
/** How relearnSteps was measured (metrics/relearn.ts). */
export interface RelearnInfo {
  capSteps: number;
  /** False when the cap was hit: relearnSteps is then a lower bound. */
  reached: boolean;
  lr: number;
  /** The level on the check samples: 0.5 × the Original's accuracy there. */
  targetAccuracy: number;
  /** Forget and retain samples fitted at every step; held-out forget samples the accuracy is read on. */
  forgetFit: number;
  retainFit: number;
  check: number;
  protocol: string;
}

/** Every metric of docs/metrics.md. Fractions in [0, 1] except relearnSteps. */
export interface Metrics {
  UA: number;
  RA: number;
  TA: number;
  forgetTestAcc?: number;
  /** MIA-efficacy with the reference's RBF-SVC attacker. */
  MIA?: number;
  /** MIA-efficacy with a 1-D optimal-threshold attacker on the same pairs. */
  MIAthreshold?: number;
  lossMIA?: number;
  avgGap?: number;
  ToW?: number;
  DA?: number;
  LP?: number;
  NMI?: number;
  F1?: number;
  CKAvsRetrain?: number;
  CKAvsOriginal?: number;
  relearnSteps?: number;
  /** Backdoor scenario: attack success rate on triggered test images. */
  ASR?: number;
  daInfo?: DAInfo;
  lpInfo?: LPInfo;
  clusterInfo?: ClusterInfo;
  relearnInfo?: RelearnInfo;
}

export type NumericMetric = Exclude<keyof Metrics, 'daInfo' | 'lpInfo' | 'clusterInfo' | 'relearnInfo'>;

export interface Spectrum {
  /** Eigenvalues of X_rᵀX_r, descending, normalised to sum 1. */
  retain: number[];
  /** Eigenvalues of X_fᵀX_f, descending, normalised to sum 1. */
  forget: number[];
}

/** One point of a live curve, recorded while a method runs. */
export interface CurvePoint {
  step: number;
  loss: number;
  UA?: number;
  TA?: number;
  RA?: number;
  DA?: number;
  MIA?: number;
}

export type RunStatus = 'ok' | 'stopped-early' | 'diverged' | 'cancelled' | 'failed';

/** Plain-data views for plots that need more than the metrics. */
export interface ModelViews {
  /** Principal angles (radians) between top-k retain and top-k forget eigenspaces. */
  principalAngles?: number[];
  /** 2-D / 3-D PCA of features (shared basis across models, from Original's retain ref). */
  pca?: { indices: number[]; labels: number[]; isForget: boolean[]; coords: number[][] };
  /**
   * The feature scatter over the unlearning steps: at each curve probe, the curve
   * subsets' features on one 2-D basis for the whole run (the PCA of the retain
   * features at step 0, i.e. the Original's). coords[s][p] = [PC1, PC2] of point p at steps[s].
   */
  pcaSteps?: FeatureSteps;
  /** Decision-boundary grid on 2-D data: probabilities of the argmax class. */
  boundary?: { xs: number[]; ys: number[]; classes: number[][]; confidence: number[][] };
  /** Membership-inference scores (probability of the true label) per group. */
  miaScores?: { forget: number[]; test: number[]; retain: number[] };
}

export interface FeatureSteps {
  indices: number[];
  labels: number[];
  isForget: boolean[];
  steps: number[];
  coords: number[][][];
}

export interface ModelResult {
  /** Method id for unlearned models; absent for Original. */
  method?: string;
  /** What tables and plots call this model when a method ran more than once (methodInstances.ts). */
  label?: string;
  params?: Record<string, unknown>;
  seed: number;
  /** Wall time of training / unlearning itself (RTE), excluding evaluation. */
  timeMs: number;
  status?: RunStatus;
  /** Why it stopped early, diverged or failed. */
  message?: string;
  /**
   * The run could stop on the oracle rule (methods/earlyStop.ts): it read
   * Retrain's forget accuracy and the test set, which no real unlearner has.
   * Tables and CSV mark it. Absent = it did not.
   */
  oracleStop?: true;
  metrics: Metrics;
  spectrum: Spectrum;
  curves: CurvePoint[];
  views?: ModelViews;
  /** With eval.seeds > 1: one result per seed, and their mean / std. */
  runs?: ModelResult[];
  mean?: Partial<Record<NumericMetric, number>>;
  std?: Partial<Record<NumericMetric, number>>;
}

export interface Environment {
  backend: string;
  skipped: Record<string, string>;
  runtime: string;
  device: string;
  /** Each mid-run fallback, in order: "webgpu → wasm: why (during which step)". Absent when none happened. */
  fallbacks?: string[];
}

export interface Results {
  schemaVersion: 1;
  config: ExperimentConfig;
  environment: Environment;
  split: { train: number; test: number; forget: number; retain: number };
  models: Record<string, ModelResult>;
  /** When the run started (ISO 8601) and the lab version. */
  createdAt?: string;
  labVersion?: string;
  /** Written by `npm run lab -- tune`: every trial, the choice, the held-out values (tuning/report.ts). */
  tuning?: TuningReport;
}

// ================================================================ validation
//
// Results files come from this lab, other versions of it, or anyone (imports,
// shared links), so reading one is defensive: every array's length is checked
// before it is walked (a hostile 10⁷-entry array is refused at once), numbers
// must be finite and in range, strings are capped and stay data (nothing here
// or downstream interprets them), and unknown fields are dropped rather than
// refused, for forward compatibility (docs/contracts.md).

type Obj = Record<string, unknown>;

/** Caps on what a results file may hold; generous for real runs, fatal for hostile ones. */
export const RESULTS_LIMITS = {
  models: 200,
  runs: 20,
  curvePoints: 100_000,
  spectrum: 4096,
  perSamplePoints: 100_000,
  /** pcaSteps: snapshots, and points over all snapshots together. */
  featureSteps: 1000,
  featureStepPoints: 1_000_000,
  boundaryAxis: 1000,
  stringLength: 10_000,
  params: { depth: 4, nodes: 10_000 },
  /** tuning.methods.<id>.trials[i].params.<name>: six levels. */
  tuning: { depth: 6, nodes: 100_000 },
} as const;

/**
 * A fraction may leave [0, 1] by this much and is then clamped: GPU shaders
 * may round a float32 softmax a few ulps past 1 (WGSL division is not
 * correctly rounded), and means of fractions round in float64.
 */
const FRACTION_SLACK = 1e-6;

/** The unit of each numeric metric. Typed as a total record so a new metric cannot be forgotten here. */
const METRIC_KIND: Record<NumericMetric, 'fraction' | 'points' | 'steps'> = {
  UA: 'fraction', RA: 'fraction', TA: 'fraction', forgetTestAcc: 'fraction', MIA: 'fraction',
  MIAthreshold: 'fraction', lossMIA: 'fraction', avgGap: 'points', ToW: 'fraction', DA: 'fraction', LP: 'fraction',
  NMI: 'fraction', F1: 'fraction', CKAvsRetrain: 'fraction', CKAvsOriginal: 'fraction',
  relearnSteps: 'steps', ASR: 'fraction',
};
/** Every numeric metric, in the order tables and CSV columns show them. */
export const NUMERIC_METRICS = Object.keys(METRIC_KIND) as NumericMetric[];

const RUN_STATUSES: readonly RunStatus[] = ['ok', 'stopped-early', 'diverged', 'cancelled', 'failed'];

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fail(path: string, problem: string): never {
  throw new ConfigError(path, problem);
}

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (isObj(v)) return 'an object';
  return String(v);
}

function obj(v: unknown, path: string): Obj {
  if (!isObj(v)) fail(path, `must be an object, got ${show(v)}`);
  return v;
}

function finite(v: unknown, path: string, range: { min?: number; max?: number; int?: boolean } = {}): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(path, `must be a finite number, got ${show(v)}`);
  if (range.int && !Number.isInteger(v)) fail(path, `must be an integer, got ${v}`);
  if (range.min !== undefined && v < range.min) fail(path, `must be ≥ ${range.min}, got ${v}`);
  if (range.max !== undefined && v > range.max) fail(path, `must be ≤ ${range.max}, got ${v}`);
  return v;
}

function fraction(v: unknown, path: string): number {
  const x = finite(v, path);
  if (x < -FRACTION_SLACK || x > 1 + FRACTION_SLACK) fail(path, `must be a fraction in [0, 1], got ${x}`);
  return Math.min(1, Math.max(0, x));
}

function str(v: unknown, path: string, maxLength: number = RESULTS_LIMITS.stringLength): string {
  if (typeof v !== 'string') fail(path, `must be a string, got ${show(v)}`);
  if (v.length > maxLength) fail(path, `is ${v.length} characters long, more than ${maxLength}`);
  return v;
}

function bool(v: unknown, path: string): boolean {
  if (typeof v !== 'boolean') fail(path, `must be true or false, got ${show(v)}`);
  return v;
}

/** Checks the length *before* touching any element. */
function list<T>(v: unknown, path: string, maxLength: number, item: (x: unknown, path: string) => T): T[] {
  if (!Array.isArray(v)) fail(path, `must be an array, got ${show(v)}`);
  if (v.length > maxLength) fail(path, `has ${v.length} entries, more than ${maxLength}`);
  const out = new Array<T>(v.length);
  for (let i = 0; i < v.length; i++) out[i] = item(v[i], `${path}[${i}]`);
  return out;
}

/** Sets a key that came from the file, including "__proto__", as plain data. */
function put<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function optional<T>(o: Obj, key: string, path: string, parse: (v: unknown, path: string) => T): T | undefined {
  return o[key] === undefined ? undefined : parse(o[key], `${path}.${key}`);
}

function metricValue(name: NumericMetric, v: unknown, path: string): number {
  switch (METRIC_KIND[name]) {
    case 'fraction': return fraction(v, path);
    case 'points': return finite(v, path, { min: 0, max: 100 }); // avgGap: percentage points
    case 'steps': return finite(v, path, { min: 0 });
  }
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
  if (o.daInfo !== undefined) {
    const p = `${path}.daInfo`;
    const d = obj(o.daInfo, p);
    const info: DAInfo = {
      k: finite(d.k, `${p}.k`, { min: 0, int: true }),
      tau: d.tau === null || d.tau === undefined ? null : finite(d.tau, `${p}.tau`, { min: 0, max: 1 }),
      centered: bool(d.centered, `${p}.centered`),
    };
    const rank = optional(d, 'rank', p, (x, q) => finite(x, q, { min: 0, int: true }));
    if (rank !== undefined) info.rank = rank;
    const note = optional(d, 'note', p, (x, q) => str(x, q));
    if (note !== undefined) info.note = note;
    m.daInfo = info;
  }
  if (o.lpInfo !== undefined) {
    const p = `${path}.lpInfo`;
    const d = obj(o.lpInfo, p);
    const info: LPInfo = {
      epochs: finite(d.epochs, `${p}.epochs`, { min: 0, int: true }),
      lr: finite(d.lr, `${p}.lr`, { min: 0 }),
      seed: finite(d.seed, `${p}.seed`),
      trainSize: finite(d.trainSize, `${p}.trainSize`, { min: 0, int: true }),
      testAcc: fraction(d.testAcc, `${p}.testAcc`),
    };
    const protocol = optional(d, 'protocol', p, (x, q) => str(x, q));
    if (protocol !== undefined) info.protocol = protocol;
    m.lpInfo = info;
  }
  if (o.clusterInfo !== undefined) {
    const p = `${path}.clusterInfo`;
    const d = obj(o.clusterInfo, p);
    const info: ClusterInfo = {
      k: finite(d.k, `${p}.k`, { min: 0, int: true }),
      seed: finite(d.seed, `${p}.seed`),
      restarts: finite(d.restarts, `${p}.restarts`, { min: 0, int: true }),
    };
    const forgetSize = optional(d, 'forgetSize', p, (x, q) => finite(x, q, { min: 0, int: true }));
    if (forgetSize !== undefined) info.forgetSize = forgetSize;
    const retainSize = optional(d, 'retainSize', p, (x, q) => finite(x, q, { min: 0, int: true }));
    if (retainSize !== undefined) info.retainSize = retainSize;
    const protocol = optional(d, 'protocol', p, (x, q) => str(x, q));
    if (protocol !== undefined) info.protocol = protocol;
    m.clusterInfo = info;
  }
  if (o.relearnInfo !== undefined) {
    const p = `${path}.relearnInfo`;
    const d = obj(o.relearnInfo, p);
    m.relearnInfo = {
      capSteps: finite(d.capSteps, `${p}.capSteps`, { min: 0, int: true }),
      reached: bool(d.reached, `${p}.reached`),
      lr: finite(d.lr, `${p}.lr`, { min: 0 }),
      targetAccuracy: fraction(d.targetAccuracy, `${p}.targetAccuracy`),
      forgetFit: finite(d.forgetFit, `${p}.forgetFit`, { min: 0, int: true }),
      retainFit: finite(d.retainFit, `${p}.retainFit`, { min: 0, int: true }),
      check: finite(d.check, `${p}.check`, { min: 0, int: true }),
      protocol: str(d.protocol, `${p}.protocol`),
    };
  }
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

/** A JSON value of bounded depth and size (method params, the tuning report): copied, never interpreted. */
function jsonValue(v: unknown, path: string, limits: { depth: number; nodes: number }, budget = { nodes: limits.nodes }, depth = 0): unknown {
  if (--budget.nodes < 0) fail(path, `holds more than ${limits.nodes} values`);
  if (v === null || typeof v === 'boolean') return v;
  if (typeof v === 'number') return finite(v, path);
  if (typeof v === 'string') return str(v, path);
  if (depth >= limits.depth) fail(path, `nests deeper than ${limits.depth} levels`);
  if (Array.isArray(v)) return list(v, path, limits.nodes, (x, p) => jsonValue(x, p, limits, budget, depth + 1));
  if (isObj(v)) {
    const out: Obj = {};
    for (const key of Object.keys(v)) put(out, key, jsonValue(v[key], `${path}.${key}`, limits, budget, depth + 1));
    return out;
  }
  return fail(path, `must be JSON data, got ${typeof v}`);
}

/** Sizes are checked (snapshots × points within the limit, every snapshot one pair per point) before the coordinates are read. */
function parseFeatureSteps(v: unknown, p: string): FeatureSteps {
  const d = obj(v, p);
  const N = RESULTS_LIMITS.perSamplePoints;
  const int = (x: unknown, q: string) => finite(x, q, { int: true, min: 0 });
  const indices = list(d.indices, `${p}.indices`, N, int);
  const steps = list(d.steps, `${p}.steps`, RESULTS_LIMITS.featureSteps, int);
  if (steps.length * indices.length > RESULTS_LIMITS.featureStepPoints) {
    fail(p, `holds ${steps.length} snapshots of ${indices.length} points, more than ${RESULTS_LIMITS.featureStepPoints} in all`);
  }
  const labels = list(d.labels, `${p}.labels`, N, int);
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
  const int = (x: unknown, p: string) => finite(x, p, { int: true, min: 0 });
  if (o.principalAngles !== undefined) {
    views.principalAngles = list(o.principalAngles, `${path}.principalAngles`, RESULTS_LIMITS.spectrum,
      (x, p) => finite(x, p, { min: 0, max: Math.PI / 2 + 1e-6 }));
  }
  if (o.pca !== undefined) {
    const p = `${path}.pca`;
    const d = obj(o.pca, p);
    views.pca = {
      indices: list(d.indices, `${p}.indices`, N, int),
      labels: list(d.labels, `${p}.labels`, N, int),
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
      classes: grid(d.classes, `${p}.classes`, int),
      confidence: grid(d.confidence, `${p}.confidence`, fraction),
    };
  }
  if (o.miaScores !== undefined) {
    const p = `${path}.miaScores`;
    const d = obj(o.miaScores, p);
    views.miaScores = {
      forget: list(d.forget, `${p}.forget`, N, fraction),
      test: list(d.test, `${p}.test`, N, fraction),
      retain: list(d.retain, `${p}.retain`, N, fraction),
    };
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
  const method = optional(o, 'method', path, (x, p) => str(x, p, 200));
  if (method !== undefined) model.method = method;
  const label = optional(o, 'label', path, (x, p) => str(x, p, 200));
  if (label !== undefined) model.label = label;
  if (o.params !== undefined) model.params = obj(jsonValue(o.params, `${path}.params`, RESULTS_LIMITS.params), `${path}.params`);
  if (o.status !== undefined) {
    if (!RUN_STATUSES.includes(o.status as RunStatus)) fail(`${path}.status`, `must be one of ${RUN_STATUSES.join(', ')}, got ${show(o.status)}`);
    model.status = o.status as RunStatus;
  }
  const message = optional(o, 'message', path, (x, p) => str(x, p));
  if (message !== undefined) model.message = message;
  if (o.oracleStop !== undefined) {
    if (o.oracleStop !== true) fail(`${path}.oracleStop`, `must be true when present, got ${show(o.oracleStop)}`);
    model.oracleStop = true;
  }
  const views = optional(o, 'views', path, parseViews);
  if (views !== undefined) model.views = views;
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
  const fallbacks = optional(o, 'fallbacks', path, (x, p) => list(x, p, 100, (y, q) => str(y, q)));
  if (fallbacks !== undefined) env.fallbacks = fallbacks;
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
  const createdAt = optional(root, 'createdAt', '', (x) => str(x, 'createdAt', 100));
  if (createdAt !== undefined) results.createdAt = createdAt;
  const labVersion = optional(root, 'labVersion', '', (x) => str(x, 'labVersion', 100));
  if (labVersion !== undefined) results.labVersion = labVersion;
  // Kept as inert data (bounded in size), for re-export and display; nothing computes from it.
  if (root.tuning !== undefined) results.tuning = obj(jsonValue(root.tuning, 'tuning', RESULTS_LIMITS.tuning), 'tuning') as unknown as TuningReport;
  return results;
}

// ================================================================ output

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
  if (!isObj(v)) return v;
  let keys = Object.keys(v).filter((k) => v[k] !== undefined);
  if (keyOrder === 'top') {
    const rank = (k: string) => (TOP_LEVEL_ORDER.includes(k) ? TOP_LEVEL_ORDER.indexOf(k) : TOP_LEVEL_ORDER.length);
    keys = keys.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  } else if (keyOrder !== 'insertion') {
    keys = keys.sort();
  }
  const out: Obj = {};
  for (const k of keys) put(out, k, canonical(v[k], keyOrder === 'top' && k === 'models' ? 'insertion' : undefined));
  return out;
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
