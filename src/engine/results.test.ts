import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, parseConfig } from './config';
import { ConfigError } from './errors';
import { parseResults, resultsToCsv, serializeResults, type ModelResult, type Results } from './results';

function model(over: Partial<ModelResult> = {}): ModelResult {
  return {
    seed: 1,
    timeMs: 1234.5,
    metrics: {
      UA: 0.05, RA: 0.99, TA: 0.95, MIA: 0.2, avgGap: 1.5, ToW: 0.97, DA: 0.991, relearnSteps: 40,
      daInfo: { k: 6, tau: 0.95, centered: false, rank: 128 },
      lpInfo: { epochs: 10, lr: 0.01, seed: 3, trainSize: 1000, testAcc: 0.9 },
      clusterInfo: { k: 10, seed: 4, restarts: 5 },
    },
    spectrum: { retain: [0.6, 0.3, 0.1], forget: [0.9, 0.1, 0] },
    curves: [{ step: 0, loss: 2.3, UA: 0.1 }, { step: 10, loss: 0.4, DA: 0.98 }],
    ...over,
  };
}

function valid(): Results {
  return {
    schemaVersion: 1,
    config: parseConfig(DEFAULT_CONFIG), // the config as run: defaults filled in
    environment: { backend: 'cpu', skipped: { webgpu: 'no adapter' }, runtime: 'node 20', device: 'cpu' },
    split: { train: 8000, test: 2000, forget: 800, retain: 7200 },
    models: {
      original: model(),
      retrain: model({ method: 'retrain' }),
      muda: model({ method: 'muda', params: { lambdaDA: 5, mode: 'alternate' }, status: 'ok' }),
    },
    createdAt: '2026-11-28T00:00:00.000Z',
    labVersion: '0.1.0',
  };
}

/** A JSON round trip, as a file import sees it. */
const asFile = (r: unknown): unknown => JSON.parse(JSON.stringify(r));

function errorOf(f: () => unknown): ConfigError {
  try {
    f();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('parseResults', () => {
  it('accepts a valid results file and returns the same data', () => {
    const r = valid();
    expect(parseResults(asFile(r))).toEqual(asFile(r));
  });

  it('ignores unknown fields at every level', () => {
    const raw = asFile(valid()) as any;
    raw.futureField = { x: 1 };
    raw.environment.gpuTemp = 71;
    raw.models.muda.newView = [1, 2, 3];
    raw.models.muda.metrics.someNewMetric = 0.5;
    const r = parseResults(raw) as any;
    expect(r.futureField).toBeUndefined();
    expect(r.environment.gpuTemp).toBeUndefined();
    expect(r.models.muda.newView).toBeUndefined();
    expect(r.models.muda.metrics.someNewMetric).toBeUndefined();
    expect(r.models.muda.metrics.UA).toBe(0.05);
  });

  it('rejects a newer schemaVersion with a polite "update the lab"', () => {
    const raw = { ...(asFile(valid()) as object), schemaVersion: 2 };
    const e = errorOf(() => parseResults(raw));
    expect(e.field).toBe('schemaVersion');
    expect(e.message).toMatch(/newer than this lab understands.*update the lab/);
  });

  it('rejects a non-number metric and names the field', () => {
    const raw = asFile(valid()) as any;
    raw.models.muda.metrics.DA = 'high';
    const e = errorOf(() => parseResults(raw));
    expect(e.field).toBe('models.muda.metrics.DA');
    expect(e.message).toMatch(/finite number/);
  });

  it('rejects UA = 1.5 as models.muda.metrics.UA', () => {
    const raw = asFile(valid()) as any;
    raw.models.muda.metrics.UA = 1.5;
    const e = errorOf(() => parseResults(raw));
    expect(e.field).toBe('models.muda.metrics.UA');
    expect(e.message).toMatch(/fraction in \[0, 1\], got 1.5/);
  });

  it('allows avgGap above 1 (percentage points) and relearnSteps above 1, but not a negative gap', () => {
    const raw = asFile(valid()) as any;
    raw.models.muda.metrics.avgGap = 37.5;
    raw.models.muda.metrics.relearnSteps = 500;
    expect(parseResults(raw).models.muda.metrics.avgGap).toBe(37.5);
    raw.models.muda.metrics.avgGap = -1;
    expect(errorOf(() => parseResults(raw)).field).toBe('models.muda.metrics.avgGap');
  });

  it('reads clusterInfo with its sample sizes, and names a bad size', () => {
    const raw = asFile(valid()) as any;
    const clusterInfo = { k: 10, seed: 4, restarts: 5, forgetSize: 111, retainSize: 1000, protocol: 'forget sample ∪ retain reference' };
    raw.models.muda.metrics.clusterInfo = clusterInfo;
    expect(parseResults(raw).models.muda.metrics.clusterInfo).toEqual(clusterInfo);
    raw.models.muda.metrics.clusterInfo = { ...clusterInfo, forgetSize: -1 };
    expect(errorOf(() => parseResults(raw)).field).toBe('models.muda.metrics.clusterInfo.forgetSize');
  });

  it('reads relearnInfo, and names a bad field', () => {
    const raw = asFile(valid()) as any;
    const relearnInfo = { capSteps: 50, reached: false, lr: 0.003, targetAccuracy: 0.49, forgetFit: 16, retainFit: 16, check: 64, protocol: 'full-batch SGD' };
    raw.models.muda.metrics.relearnInfo = relearnInfo;
    expect(parseResults(raw).models.muda.metrics.relearnInfo).toEqual(relearnInfo);
    raw.models.muda.metrics.relearnInfo = { ...relearnInfo, reached: 'no' };
    expect(errorOf(() => parseResults(raw)).field).toBe('models.muda.metrics.relearnInfo.reached');
    raw.models.muda.metrics.relearnInfo = { ...relearnInfo, targetAccuracy: 1.5 };
    expect(errorOf(() => parseResults(raw)).field).toBe('models.muda.metrics.relearnInfo.targetAccuracy');
  });

  it('clamps a fraction a few float32 ulps past 1 (GPU softmax) to 1, but not 1.001', () => {
    const raw = asFile(valid()) as any;
    raw.models.muda.metrics.CKAvsRetrain = 1 + 1e-7;
    expect(parseResults(raw).models.muda.metrics.CKAvsRetrain).toBe(1);
    raw.models.muda.metrics.CKAvsRetrain = 1.001;
    expect(errorOf(() => parseResults(raw)).field).toBe('models.muda.metrics.CKAvsRetrain');
  });

  it('rejects a 10-million-entry array quickly, by its length, naming the field', () => {
    const raw = asFile(valid()) as any;
    // Sparse (one element at the end), so building it is instant; the message proves
    // the length was checked before any entry was looked at.
    const huge: unknown[] = [];
    huge[9_999_999] = { step: 0, loss: 1 };
    raw.models.muda.curves = huge;
    const t0 = performance.now();
    const e = errorOf(() => parseResults(raw));
    expect(performance.now() - t0).toBeLessThan(500);
    expect(e.field).toBe('models.muda.curves');
    expect(e.message).toMatch(/10000000 entries, more than 100000/);
  });

  it('reads the feature scatter over steps, and rejects one whose snapshots do not match its points', () => {
    const pcaSteps = { indices: [4, 9], labels: [1, 3], isForget: [true, false], steps: [0, 10], coords: [[[0.5, -1], [2, 0]], [[0.25, -0.5], [2, 0.125]]] };
    const r = valid();
    r.models.muda.views = { pcaSteps };
    expect(parseResults(asFile(r)).models.muda.views?.pcaSteps).toEqual(pcaSteps);
    const short = asFile(r) as any;
    short.models.muda.views.pcaSteps.coords[1].pop();
    expect(errorOf(() => parseResults(short)).field).toBe('models.muda.views.pcaSteps.coords[1]');
    const missing = asFile(r) as any;
    missing.models.muda.views.pcaSteps.coords.pop();
    expect(errorOf(() => parseResults(missing)).message).toMatch(/one snapshot per step \(2\), got 1/);
    const huge = asFile(r) as any;
    huge.models.muda.views.pcaSteps.indices = new Array(100_000).fill(0);
    huge.models.muda.views.pcaSteps.steps = new Array(11).fill(0);
    expect(errorOf(() => parseResults(huge)).message).toMatch(/11 snapshots of 100000 points, more than 1000000/);
  });

  it('rejects an oversized spectrum and a missing required metric', () => {
    const raw = asFile(valid()) as any;
    raw.models.original.spectrum.retain = new Array(5000).fill(0);
    expect(errorOf(() => parseResults(raw)).field).toBe('models.original.spectrum.retain');
    const raw2 = asFile(valid()) as any;
    delete raw2.models.retrain.metrics.TA;
    expect(errorOf(() => parseResults(raw2)).field).toBe('models.retrain.metrics.TA');
  });

  it('reads a null optional metric (JSON for NaN) as not measured, and a null loss as NaN', () => {
    const raw = asFile(valid()) as any;
    raw.models.muda.metrics.MIA = null;
    raw.models.muda.curves.push({ step: 20, loss: null });
    const r = parseResults(raw);
    expect('MIA' in r.models.muda.metrics).toBe(false);
    expect(r.models.muda.curves[2].loss).toBeNaN();
  });

  it('validates the config with parseConfig and reports its path', () => {
    const raw = asFile(valid()) as any;
    raw.config.train.lr = -1;
    expect(errorOf(() => parseResults(raw)).field).toBe('config.train.lr');
  });

  it('keeps strings as inert data, including a "__proto__" model id', () => {
    const raw = JSON.parse(`{"schemaVersion":1,"config":${JSON.stringify(DEFAULT_CONFIG)},
      "environment":{"backend":"cpu","skipped":{},"runtime":"<img src=x onerror=alert(1)>","device":"d"},
      "split":{"train":1,"test":1,"forget":1,"retain":1},
      "models":{"__proto__":${JSON.stringify(model())}}}`);
    const r = parseResults(raw);
    expect(Object.getPrototypeOf(r.models)).toBe(Object.prototype);
    expect(Object.keys(r.models)).toEqual(['__proto__']);
    expect(r.environment.runtime).toBe('<img src=x onerror=alert(1)>');
  });

  it('parses multi-seed models with runs, mean and std', () => {
    const r = valid();
    r.models.muda = { ...model(), runs: [model(), model({ seed: 2 })], mean: { UA: 0.05, avgGap: 2 }, std: { UA: 0.01 } };
    const back = parseResults(asFile(r));
    expect(back.models.muda.runs).toHaveLength(2);
    expect(back.models.muda.mean).toEqual({ UA: 0.05, avgGap: 2 });
    expect(back.models.muda.std).toEqual({ UA: 0.01 });
  });

  it('rejects a non-object root and a bad status', () => {
    expect(errorOf(() => parseResults([])).field).toBe('(root)');
    const raw = asFile(valid()) as any;
    raw.models.muda.status = 'exploded';
    expect(errorOf(() => parseResults(raw)).field).toBe('models.muda.status');
  });
});

describe('oracleStop', () => {
  it('keeps the mark of a run that used the oracle stop, rejects any other value, and puts it in the CSV', () => {
    const r = valid();
    r.models.ga = model({ method: 'ga', params: { earlyStop: 'oracle' }, status: 'stopped-early', oracleStop: true });
    expect(parseResults(asFile(r)).models.ga.oracleStop).toBe(true);
    expect(parseResults(asFile(r)).models.muda.oracleStop).toBeUndefined();
    const bad = asFile(r) as any;
    bad.models.ga.oracleStop = 'yes';
    expect(errorOf(() => parseResults(bad)).field).toBe('models.ga.oracleStop');
    const lines = resultsToCsv(r).trimEnd().split('\n');
    expect(lines[0].startsWith('model,method,status,oracleStop,seed,')).toBe(true);
    expect(lines[4].startsWith('ga,ga,stopped-early,yes,1,')).toBe(true);
    expect(lines[3].startsWith('muda,muda,ok,,1,')).toBe(true);
  });
});

describe('tuning section', () => {
  it('is kept through a file round trip, and a hostile one is bounded', () => {
    const r = valid();
    r.tuning = {
      objective: 'avgGap', trialsPerMethod: 2, validationSeed: 1, heldOutSeeds: [2, 3],
      methods: { ga: { trials: [{ index: 0, params: {}, objective: 4.5, status: 'ok' }, { index: 1, params: { lr: 0.01 }, objective: null, status: 'failed: x' }], chosen: 0 } },
    };
    expect(parseResults(JSON.parse(serializeResults(r))).tuning).toEqual(r.tuning);
    const deep = asFile(r) as any;
    deep.tuning.methods.ga.trials[0].params = { a: { b: { c: 1 } } };
    expect(errorOf(() => parseResults(deep)).message).toMatch(/nests deeper than 6 levels/);
  });
});

describe('serializeResults', () => {
  it('is stable: the same data in another key order gives the same text, and it parses back', () => {
    const a = valid();
    const b = asFile(a) as any;
    const reordered = { models: b.models, split: b.split, environment: b.environment, config: b.config, schemaVersion: 1, labVersion: b.labVersion, createdAt: b.createdAt };
    reordered.models.muda.metrics = Object.fromEntries(Object.entries(b.models.muda.metrics).reverse());
    expect(serializeResults(reordered as Results)).toBe(serializeResults(a));
    expect(parseResults(JSON.parse(serializeResults(a)))).toEqual(asFile(a));
  });

  it('uses 2-space indentation, the contract order at the top, and keeps model run order', () => {
    const text = serializeResults(valid());
    expect(text.startsWith('{\n  "schemaVersion": 1,')).toBe(true);
    const order = ['"original"', '"retrain"', '"muda"'].map((k) => text.indexOf(`    ${k}: {`));
    expect(order.every((i, n) => i > 0 && (n === 0 || i > order[n - 1]))).toBe(true);
  });

  it('writes NaN as null and typed arrays as arrays', () => {
    const r = valid();
    r.models.muda.metrics.MIA = NaN;
    (r.models.muda.spectrum as any).retain = new Float32Array([0.5, 0.5]);
    const back = JSON.parse(serializeResults(r));
    expect(back.models.muda.metrics.MIA).toBeNull();
    expect(back.models.muda.spectrum.retain).toEqual([0.5, 0.5]);
  });
});

describe('resultsToCsv', () => {
  it('writes one row per model and one column per numeric metric present', () => {
    const lines = resultsToCsv(valid()).trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe('model,method,status,seed,seeds,timeMs,UA,RA,TA,MIA,avgGap,ToW,DA,relearnSteps');
    expect(lines[3]).toBe('muda,muda,ok,1,1,1234.5,0.05,0.99,0.95,0.2,1.5,0.97,0.991,40');
  });

  it('quotes commas and defuses spreadsheet formulas in model ids', () => {
    const r = valid();
    r.models = { '=HYPERLINK("x")': model(), 'a,b': model() };
    const lines = resultsToCsv(r).trimEnd().split('\n');
    expect(lines[1].startsWith(`"'=HYPERLINK(""x"")"`)).toBe(true);
    expect(lines[2].startsWith('"a,b"')).toBe(true);
  });

  it('shows the mean and a _std column for multi-seed models', () => {
    const r = valid();
    r.models = { muda: { ...model(), runs: [model(), model()], mean: { UA: 0.06, RA: 0.98, TA: 0.94 }, std: { UA: 0.01 } } };
    const [header, row] = resultsToCsv(r).trimEnd().split('\n');
    expect(header).toBe('model,method,status,seed,seeds,timeMs,UA,UA_std,RA,TA');
    expect(row).toBe('muda,,,1,2,1234.5,0.06,0.01,0.98,0.94');
  });
});
