/**
 * A lab session: the engine's state between user actions. It holds the
 * dataset, the forget scenario, the Original model and every model made from
 * it, and turns each action into events and `Results`. The worker owns one;
 * the CLI drives one through `runExperiment`.
 */
import * as tf from '@tensorflow/tfjs';
import type { ExperimentConfig, MethodRun, ScenarioConfig } from './config';
import type { Dataset } from './data/dataset';
import { loadDataset, type UploadedData } from './data/load';
import { buildScenario } from './data/scenarios';
import type { UnlearningData } from './data/unlearningData';
import type { EventSink, TrainPath } from './events';
import { collectOutputs, evaluateModel, relativeMetrics, type ModelOutputs } from './evaluate';
import { getMethod, methodInfos } from './methods';
import { instanceLabel } from './methodInstances';
import { originalKey } from './originalKey';
import { usesOracle } from './methods/earlyStop';
import { resolveParams } from './methods/params';
import { defaultParamsFor } from './methods/tunedDefaults';
import { runUnlearning } from './methods/runner';
import type { MethodInfo } from './methods/types';
import { createModel, disposeModel, restoreModel, snapshotMismatch, snapshotModel, type Model, type WeightSnapshot } from './models/model';
import { asDeviceLost, checkDevice, currentBackend, fallBackFrom, type BackendReport } from './backend';
import { createRng, type Rng } from './random';
import type { ModelResult, Results } from './results';
import type { DataSummary, ProbeResult } from './sessionTypes';
import { train } from './train';
import { fusedDecline, fusedDispatchesPerStep } from './gpu/gpuTrainer';
import { backendLabel, LabError, type DeviceLostError } from './errors';

interface Entry {
  model: Model;
  /** The weights on the CPU side: the model is rebuilt from them if the device is lost. */
  snapshot: WeightSnapshot;
  result: ModelResult;
  outputs: ModelOutputs;
}

/** An independent copy (a backend's readback may share its storage). */
function copySnapshot(s: WeightSnapshot): WeightSnapshot {
  return { ...s, inputShape: s.inputShape.slice(), tensors: s.tensors.map((t) => ({ ...t, shape: t.shape.slice(), data: t.data.slice() })) };
}

/** The path train() takes for `model` on the training split: it makes the same fusedDecline test. */
function trainPath(model: Model, ds: Dataset): TrainPath {
  const reason = fusedDecline(model, ds, ds.train);
  return reason === null ? { kind: 'fused', dispatchesPerStep: fusedDispatchesPerStep(model)! } : { kind: 'tfjs', reason };
}

export const LAB_VERSION = '0.1.0';

const THUMBNAIL_LIMIT = 20000;

export class LabSession {
  private config: ExperimentConfig | null = null;
  private dataset: Dataset | null = null;
  private datasetKey = '';
  private data: UnlearningData | null = null;
  /** The originalKey the Original in `entries` was trained (or restored) under. */
  private originalTrainedUnder = '';
  private readonly entries = new Map<string, Entry>();
  private readonly uploads = new Map<string, UploadedData>();
  private createdAt = new Date().toISOString();
  /** The tail of the queue: each action starts when the previous one settled (never interleaved). */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly lostBackends = new Set<string>();
  /** Each fallback so far, in words, for Results.environment.fallbacks. */
  private readonly fallbacks: string[] = [];

  constructor(private readonly emit: EventSink) {}

  /** Runs `action` after every action started before it has settled (a promise-chain mutex). */
  private serial<T>(action: () => Promise<T>): Promise<T> {
    const run = this.queue.then(action);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Runs a step; if the device is lost under it, rebuilds every model from its
   * snapshot on the next backend and restarts the step once. A second loss
   * stops with a message (the models are still moved to a working backend).
   */
  private async withFallback<T>(label: string, step: () => Promise<T>): Promise<T> {
    let first: DeviceLostError;
    try {
      checkDevice();
      return await step();
    } catch (err) {
      const lost = await asDeviceLost(err);
      if (!lost) throw err;
      first = lost;
    }
    const report = await this.fallBack(first, label, true);
    try {
      return await step();
    } catch (err) {
      const again = await asDeviceLost(err);
      if (!again) throw err;
      let where: string;
      try {
        where = `the models are kept on ${(await this.fallBack(again, label, false)).backend}`;
      } catch (e) {
        where = `no other backend could start (${e instanceof Error ? e.message : String(e)})`;
      }
      throw new LabError(`${label} stopped: ${again.message}, again, after falling back from ${backendLabel(first.backend)} to ${report.backend}; ${where}; run it again`);
    }
  }

  /** Moves the session to the next backend after a loss and rebuilds every stored model there. */
  private async fallBack(lost: DeviceLostError, label: string, restarting: boolean): Promise<BackendReport> {
    this.lostBackends.add(lost.backend);
    const report = await fallBackFrom(lost.backend, lost.reason, [...this.lostBackends]);
    this.fallbacks.push(`${lost.backend} → ${report.backend}: ${lost.reason} (during ${label})`);
    this.emit({ type: 'backend', report });
    this.emit({ type: 'log', level: 'warn', message: `${backendLabel(lost.backend)} device lost during ${label}; ${restarting ? 'restarted the step' : 'moved the models'} on ${report.backend}` });
    for (const e of this.entries.values()) {
      try {
        disposeModel(e.model);
      } catch {
        /* the old backend is gone */
      }
      e.model = restoreModel(e.snapshot);
    }
    return report;
  }

  listMethods(): MethodInfo[] {
    return methodInfos();
  }

  /** Registers uploaded data (browser), referenced by `dataset.options.upload = name`. */
  addUpload(u: UploadedData): void {
    this.uploads.set(u.name, u);
  }

  private rng(purpose: string): Rng {
    return createRng(this.requireConfig().seed).fork(purpose);
  }

  private requireConfig(): ExperimentConfig {
    if (!this.config) throw new LabError('no experiment prepared yet: choose a dataset first');
    return this.config;
  }

  private requireData(): UnlearningData {
    if (!this.data) throw new LabError('no forget set yet: choose a dataset and a scenario first');
    return this.data;
  }

  /** Loads the dataset (cached while its config is unchanged) and builds the scenario. */
  prepare(config: ExperimentConfig): Promise<DataSummary> {
    return this.serial(() => this.withFallback('preparing the data', () => this.prepareNow(config)));
  }

  private async prepareNow(config: ExperimentConfig): Promise<DataSummary> {
    const key = JSON.stringify([config.dataset, config.seed]);
    if (key !== this.datasetKey || !this.dataset) {
      this.emit({ type: 'phase', phase: 'data', modelId: 'data', label: `Loading ${config.dataset.name}` });
      const dataset = await loadDataset(config.dataset, { rng: createRng(config.seed).fork('dataset'), uploads: this.uploads });
      this.dataset = dataset;
      this.datasetKey = key;
    }
    this.config = config;
    return this.setScenarioNow(config.scenario);
  }

  /** Changes the forget set. Models trained for another forget set are dropped, except an Original that does not depend on it. */
  setScenario(scenario: ScenarioConfig): Promise<DataSummary> {
    return this.serial(() => this.withFallback('changing the forget set', () => this.setScenarioNow(scenario)));
  }

  private async setScenarioNow(scenario: ScenarioConfig): Promise<DataSummary> {
    const config = this.requireConfig();
    if (!this.dataset) throw new LabError('no dataset loaded');
    // Build first: an impossible scenario is rejected before anything is dropped.
    const data = buildScenario(this.dataset, scenario, createRng(config.seed).fork('scenario'), {
      retainReferenceSize: config.eval.retainReferenceSize,
      curveSubsetSize: config.eval.curveSubsetSize,
    });
    this.config = { ...config, scenario };
    this.data = data;
    for (const [id, e] of this.entries) {
      if (id === 'original' && this.originalTrainedUnder === this.trainingKey()) continue;
      disposeModel(e.model);
      this.entries.delete(id);
    }
    const original = this.entries.get('original');
    if (original) {
      // Same weights, new forget set: its metrics must be measured again.
      const outputs = await collectOutputs(original.model, data);
      const ev = evaluateModel(outputs, data, this.config.eval, this.rng('eval'));
      original.outputs = outputs;
      original.result = { ...original.result, metrics: ev.metrics, spectrum: ev.spectrum, views: ev.views };
    }
    return this.summary();
  }

  /** What decides the Original's weights: if unchanged, a trained Original is reused. */
  private trainingKey(): string {
    return originalKey(this.requireConfig());
  }

  summary(): DataSummary {
    const data = this.requireData();
    const ds = data.dataset;
    const counts = new Array(ds.numClasses).fill(0);
    for (const i of data.forget) counts[ds.train.y[i]]++;
    const s: DataSummary = {
      name: ds.name,
      inputShape: ds.inputShape,
      numClasses: ds.numClasses,
      classNames: ds.classNames,
      split: { train: ds.train.n, test: ds.test.n, forget: data.forget.length, retain: data.retain.length, retainReference: data.retainRef.length },
      scenario: data.scenario,
      forget: Array.from(data.forget),
      trainLabels: Array.from(ds.train.y),
      forgetClassCounts: counts,
    };
    if (ds.inputShape.length === 1 && ds.inputShape[0] === 2) {
      const x: number[] = [];
      const y: number[] = [];
      for (let i = 0; i < ds.train.n; i++) {
        x.push(ds.train.x[2 * i] * ds.xScale);
        y.push(ds.train.x[2 * i + 1] * ds.xScale);
      }
      s.points = { x, y };
    } else if (ds.inputShape.length === 3 && ds.train.x instanceof Uint8Array) {
      const [h, w, c] = ds.inputShape;
      const n = Math.min(ds.train.n, THUMBNAIL_LIMIT);
      const pixels = new Uint8Array(n * h * w);
      // First channel only: a greyscale thumbnail is enough to recognise a sample.
      for (let i = 0; i < n * h * w; i++) pixels[i] = ds.train.x[i * c];
      s.thumbnails = { width: w, height: h, pixels };
    }
    return s;
  }

  /** Trains the Original (or reuses it when nothing that decides its weights changed). */
  trainOriginal(signal: AbortSignal): Promise<ModelResult> {
    return this.serial(() => this.withFallback('training the Original', () => this.trainOriginalNow(signal)));
  }

  private async trainOriginalNow(signal: AbortSignal): Promise<ModelResult> {
    const config = this.requireConfig();
    const data = this.requireData();
    const key = this.trainingKey();
    const existing = this.entries.get('original');
    if (existing && this.originalTrainedUnder === key) return existing.result;
    for (const e of this.entries.values()) disposeModel(e.model);
    this.entries.clear();
    this.emit({ type: 'phase', phase: 'train', modelId: 'original', label: 'Training the Original model' });
    const ds = data.dataset;
    const model = createModel(config.model, ds.inputShape, ds.numClasses, this.rng('original/init'));
    const all = Int32Array.from({ length: ds.train.n }, (_, i) => i);
    this.emit({ type: 'train-path', modelId: 'original', path: trainPath(model, ds) });
    const t0 = performance.now();
    try {
      const gen = train(model, ds, ds.train, all, { ...config.train, label: 'Original' }, this.rng('original/train'), signal);
      for await (const p of gen) {
        checkDevice();
        this.emit({ type: 'train-step', modelId: 'original', epoch: p.epoch, step: p.step, loss: p.loss, acc: p.acc });
        this.emit({ type: 'progress', modelId: 'original', fraction: p.fraction, etaMs: p.etaMs, message: `Original: epoch ${p.epoch + 1}/${config.train.epochs}, loss ${p.loss.toFixed(4)}` });
      }
    } catch (err) {
      try {
        disposeModel(model);
      } catch {
        /* its backend may be gone */
      }
      throw err;
    }
    const timeMs = performance.now() - t0;
    const result = await this.finish('original', model, { seed: config.seed, timeMs, status: 'ok', curves: [] });
    this.originalTrainedUnder = key;
    return result;
  }

  /**
   * Puts back an Original trained earlier from its weights (the page keeps
   * them across reloads) instead of training it again; it is measured on this
   * session's data as a trained one is. The caller vouches that it was trained
   * under this config's originalKey; the architecture is checked here.
   */
  restoreOriginal(snapshot: WeightSnapshot, timeMs: number): Promise<ModelResult> {
    return this.serial(() => this.withFallback('restoring the Original', () => this.restoreOriginalNow(snapshot, timeMs)));
  }

  private async restoreOriginalNow(snapshot: WeightSnapshot, timeMs: number): Promise<ModelResult> {
    const config = this.requireConfig();
    const ds = this.requireData().dataset;
    const mismatch = snapshotMismatch(snapshot, config.model, ds.inputShape, ds.numClasses);
    if (mismatch) throw new LabError(`the stored Original does not fit this experiment: ${mismatch}`);
    for (const e of this.entries.values()) disposeModel(e.model);
    this.entries.clear();
    const model = restoreModel(copySnapshot(snapshot));
    const result = await this.finish('original', model, { seed: config.seed, timeMs, status: 'ok', curves: [] });
    this.originalTrainedUnder = this.trainingKey();
    return result;
  }

  /**
   * Runs Retrain or an unlearning method on a fresh copy of the Original,
   * stored under `modelId` (default: the method id; see methodInstances.ts
   * for runs of one method with other parameters).
   */
  runMethod(run: MethodRun, signal: AbortSignal, modelId = run.id): Promise<ModelResult> {
    let label = run.id;
    try {
      label = getMethod(run.id).label;
    } catch {
      /* unknown id: runMethodNow says so */
    }
    return this.serial(() => this.withFallback(label, () => this.runMethodNow(run, signal, modelId)));
  }

  private async runMethodNow(run: MethodRun, signal: AbortSignal, modelId: string): Promise<ModelResult> {
    const config = this.requireConfig();
    const data = this.requireData();
    const method = getMethod(run.id);
    // The run's own parameters over the config's defaults for this method (reference, or tuned for the scenario family).
    const params = resolveParams(method.id, method.params, { ...defaultParamsFor(config, method.id), ...run.params });
    const original = this.entries.get('original') ?? (await this.trainOriginalNow(signal), this.entries.get('original')!);
    const label = instanceLabel(method.label, run, modelId);
    this.emit({ type: 'phase', phase: 'unlearn', modelId, label: `Running ${label ?? method.label}` });
    // Retrain is the one method that trains from scratch through train(): the same test decides its path.
    if (method.id === 'retrain') this.emit({ type: 'train-path', modelId, path: trainPath(original.model, data.dataset) });
    const retrain = this.entries.get('retrain');
    const oracle = usesOracle(params);
    const out = await runUnlearning(method, params, {
      // Keyed by the method, not the model id: further runs of a method draw the same batches, so they differ only by their parameters.
      original: original.model, data, rng: this.rng(`method/${method.id}`), signal, train: config.train,
      everySteps: config.eval.everySteps,
      maxCurvePoints: config.eval.maxCurvePoints,
      da: { tau: config.eval.daK ? undefined : config.eval.daTau, k: config.eval.daK, centered: config.eval.daCentered },
      // Only a run that asked for the oracle stop is told Retrain's forget accuracy.
      retrainForgetAcc: oracle && retrain?.result.curves.length ? 1 - (retrain.result.curves[retrain.result.curves.length - 1].UA ?? 1) : undefined,
      modelId,
    }, this.emit);
    const prev = this.entries.get(modelId);
    if (prev) {
      disposeModel(prev.model);
      this.entries.delete(modelId);
    }
    const result = await this.finish(modelId, out.model, {
      method: method.id, ...(label ? { label } : {}), params, seed: config.seed, timeMs: out.timeMs, status: out.status, ...(oracle ? { oracleStop: true as const } : {}),
      message: out.message, curves: out.curves, ...(out.featureSteps ? { views: { pcaSteps: out.featureSteps } } : {}),
    });
    if (out.notes) this.emit({ type: 'log', level: 'info', message: `${label ?? method.label}: ${JSON.stringify(out.notes)}` });
    return result;
  }

  /** Evaluates a finished model, stores it, and emits model-done. */
  private async finish(modelId: string, model: Model, base: Omit<ModelResult, 'metrics' | 'spectrum'>): Promise<ModelResult> {
    const config = this.requireConfig();
    const data = this.requireData();
    this.emit({ type: 'phase', phase: 'evaluate', modelId, label: `Measuring ${modelId}` });
    const outputs = await collectOutputs(model, data);
    const ev = evaluateModel(outputs, data, config.eval, this.rng('eval'));
    // The caller's views (the feature scatter over steps) join the ones the evaluation makes.
    let result: ModelResult = { ...base, metrics: ev.metrics, spectrum: ev.spectrum, views: { ...ev.views, ...base.views } };
    // The Original is measured too (0 steps by definition: the level is half its own accuracy).
    const original = modelId === 'original' ? model : this.entries.get('original')?.model;
    if (config.eval.relearn && original) {
      const { relearn, relearnSamples, relearnTarget } = await import('./metrics/relearn');
      const samples = relearnSamples(data, this.rng('relearn'));
      const r = await relearn(model, data, { samples, targetAccuracy: await relearnTarget(original, data, samples) });
      result.metrics.relearnSteps = r.steps;
      result.metrics.relearnInfo = r.info;
    }
    const snapshot = copySnapshot(await snapshotModel(model));
    this.entries.set(modelId, { model, snapshot, result, outputs });
    result = this.withRelative(modelId);
    this.emit({ type: 'model-done', modelId, result });
    return result;
  }

  /** A model's result with the metrics that compare it to Retrain and Original filled in. */
  private withRelative(id: string): ModelResult {
    const e = this.entries.get(id)!;
    const rel = relativeMetrics(e.outputs, e.result.metrics, this.entries.get('retrain'), this.entries.get('original'));
    return { ...e.result, metrics: { ...e.result.metrics, ...rel } };
  }

  results(): Results {
    const config = this.requireConfig();
    const data = this.requireData();
    const backend = currentBackend();
    const models: Record<string, ModelResult> = {};
    for (const id of this.entries.keys()) models[id] = this.withRelative(id);
    return {
      schemaVersion: 1,
      config,
      environment: {
        backend: backend?.backend ?? tf.getBackend(),
        skipped: backend?.skipped ?? {},
        runtime: backend?.runtime ?? 'unknown',
        device: backend?.device ?? 'unknown',
        ...(this.fallbacks.length ? { fallbacks: [...this.fallbacks] } : {}),
      },
      split: { train: data.dataset.train.n, test: data.dataset.test.n, forget: data.forget.length, retain: data.retain.length },
      models,
      createdAt: this.createdAt,
      labVersion: LAB_VERSION,
    };
  }

  /** Class probabilities of training samples under every model. */
  async probe(indices: number[]): Promise<ProbeResult> {
    const data = this.requireData();
    const ds = data.dataset;
    const idx = Int32Array.from(indices.filter((i) => Number.isInteger(i) && i >= 0 && i < ds.train.n));
    const { mapChunks } = await import('./batching');
    const probabilities: Record<string, number[][]> = {};
    for (const [id, e] of this.entries) {
      const m = await mapChunks(ds, ds.train, idx, 512, (x) => tf.tidy(() => tf.softmax(e.model.logits(x)) as tf.Tensor2D));
      probabilities[id] = Array.from({ length: m.rows }, (_, r) => Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols)));
    }
    return { indices: Array.from(idx), probabilities };
  }

  /** One model's result with its comparison to Retrain and Original (as in results()). */
  result(modelId: string): ModelResult | undefined {
    return this.entries.has(modelId) ? this.withRelative(modelId) : undefined;
  }

  /** Frees a model the caller no longer needs (a finished tuning trial). Original and Retrain stay. */
  removeModel(modelId: string): void {
    const e = this.entries.get(modelId);
    if (!e || modelId === 'original' || modelId === 'retrain') return;
    disposeModel(e.model);
    this.entries.delete(modelId);
  }

  /** Model ids run so far. */
  modelIds(): string[] {
    return [...this.entries.keys()];
  }

  async exportWeights(modelId: string): Promise<WeightSnapshot> {
    const e = this.entries.get(modelId);
    if (!e) throw new LabError(`no model "${modelId}" in this session`);
    return copySnapshot(e.snapshot);
  }

  /** The features of a model for one split (for --dump-features). */
  outputsOf(modelId: string): ModelOutputs | undefined {
    return this.entries.get(modelId)?.outputs;
  }

  dataOf(): UnlearningData {
    return this.requireData();
  }

  dispose(): void {
    for (const e of this.entries.values()) disposeModel(e.model);
    this.entries.clear();
  }
}
