/**
 * The Web Worker that owns the engine: one LabSession, the tfjs backend, and
 * a queue that runs commands one at a time. The page talks to it through
 * comlink (api.ts); events stream back through subscribers. Nothing here
 * touches the DOM; the page never touches tfjs.
 */
import * as tf from '@tensorflow/tfjs';
import * as Comlink from 'comlink';
import { describeBackend, selectBackend, setWasmBaseUrl, type BackendReport, simulateDeviceLoss } from '../engine/backend';
import type { ExperimentConfig, MethodRun, ScenarioConfig } from '../engine/config';
import type { WeightSnapshot } from '../engine/models/model';
import { setDataBaseUrl } from '../engine/data/packed';
import type { UploadedData } from '../engine/data/load';
import type { LabEvent } from '../engine/events';
import { runExperiment } from '../engine/experiment';
import { LabSession } from '../engine/session';
import { MAX_TUNE_TRIALS, type LabWorkerApi, type LabWorkerProbes, type MemoryStats, type WorkerInit } from './api';
import { CommandQueue } from './commandQueue';
import { EventBatcher } from './eventBatcher';
import { tuneMethod } from './tuneMethod';

const subscribers: ((e: LabEvent) => void)[] = [];

function emit(e: LabEvent): void {
  for (const s of subscribers) {
    // A subscriber whose page went away (or that throws) must not stop the run.
    try {
      Promise.resolve(s(e)).catch(() => undefined);
    } catch {
      /* ignored: the engine's run matters more than one listener */
    }
  }
}

const queue = new CommandQueue();
const session = new LabSession(emit);
let backend: BackendReport | null = null;
// The session reports fallbacks as `backend` events; keep the latest for late subscribers.
subscribers.push((e) => {
  if (e.type === 'backend') backend = e.report;
});
let initOpts: WorkerInit | null = null;

function describeError(err: unknown): Error {
  // comlink sends Error name and message; stack traces stay out of the UI.
  if (err instanceof Error) {
    const e = new Error(err.message);
    e.name = err.name;
    return e;
  }
  return new Error(String(err));
}

/**
 * Every command goes through the queue (one at a time, cancellable). A lost GPU
 * device is the session's to handle: it rebuilds the models on the next backend,
 * emits a `backend` event and restarts the step.
 */
function command<T>(label: string, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  return queue.run(label, fn).catch((err) => {
    throw describeError(err);
  });
}

/**
 * Backend selection starts at init but does not hold the queue: probing
 * WebGPU and WebGL takes seconds, and the first data preview needs no tensors.
 * Commands that use tfjs wait for it inside their turn.
 */
let backendReady: Promise<BackendReport> | null = null;

function startBackend(opts: WorkerInit | null): Promise<BackendReport> {
  backendReady ??= selectBackend(opts?.backend ? { forced: opts.backend } : {}).then((report) => {
    backend = report;
    emit({ type: 'backend', report });
    emit({ type: 'log', level: 'info', message: `backend: ${describeBackend(report)}` });
    return report;
  });
  return backendReady;
}

const withBackend = <T>(fn: () => Promise<T>) => () => startBackend(initOpts).then(fn);

/** Built-in data with no trained model yet: preparing it touches no tensor. */
function needsTensors(config: ExperimentConfig): boolean {
  return session.modelIds().length > 0 || config.dataset.name === 'csv' || config.dataset.name === 'images';
}

const api: LabWorkerApi & LabWorkerProbes = {
  init(opts) {
    initOpts = opts;
    const base = opts.baseUrl.endsWith('/') ? opts.baseUrl : `${opts.baseUrl}/`;
    setWasmBaseUrl(`${base}wasm/`);
    setDataBaseUrl(`${base}data/`);
    return startBackend(opts).catch((err) => {
      throw describeError(err);
    });
  },
  async addUpload(data: UploadedData) {
    session.addUpload(data);
  },
  exportWeights(modelId) {
    // Copied, not transferred: on the cpu backend w.data() can be the model's own storage.
    return command(`export weights of ${modelId}`, withBackend(() => session.exportWeights(modelId)));
  },
  async listMethods() {
    return session.listMethods();
  },
  prepare(config: ExperimentConfig) {
    return command('prepare data', () => (needsTensors(config) ? withBackend(() => session.prepare(config))() : session.prepare(config)));
  },
  setScenario(scenario: ScenarioConfig) {
    return command('set forget set', withBackend(() => session.setScenario(scenario)));
  },
  trainOriginal() {
    return command('train Original', (signal) => withBackend(() => session.trainOriginal(signal))());
  },
  restoreOriginal(snapshot: WeightSnapshot, timeMs: number) {
    return command('restore Original', withBackend(() => session.restoreOriginal(snapshot, timeMs)));
  },
  runMethod(run: MethodRun, modelId = run.id) {
    return command(`run ${modelId}`, (signal) => withBackend(() => session.runMethod(run, signal, modelId))());
  },
  async results() {
    return session.results();
  },
  probe(indices: number[]) {
    return command('probe', withBackend(() => session.probe(indices)));
  },
  runExperiment(config: ExperimentConfig) {
    return command('run experiment', (signal) => withBackend(() => runExperiment(config, emit, signal))());
  },
  tuneMethod(config, methodId, trials, objective) {
    return command(`tune ${methodId}`, (signal) => withBackend(() => {
      if (!Number.isInteger(trials) || trials < 1 || trials > MAX_TUNE_TRIALS) throw new Error(`trials must be a whole number from 1 to ${MAX_TUNE_TRIALS}, not ${trials}`);
      return tuneMethod(config, methodId, trials, objective, emit, signal);
    })());
  },
  async memory(): Promise<MemoryStats> {
    // tf.memory() before a backend is chosen would start tfjs' own default backend.
    await startBackend(initOpts);
    const m = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number };
    return { backend: tf.getBackend(), numTensors: m.numTensors, numBytes: m.numBytes, ...(m.numBytesInGPU !== undefined ? { numBytesInGPU: m.numBytesInGPU } : {}) };
  },
  async simulateDeviceLoss() {
    return simulateDeviceLoss();
  },
  async cancel() {
    queue.cancel();
  },
  async subscribe(onEvent) {
    subscribers.push(onEvent);
    if (backend) onEvent({ type: 'backend', report: backend });
  },
  async subscribeBatch(onEvents) {
    const batcher = new EventBatcher((batch) => {
      Promise.resolve(onEvents(batch)).catch(() => undefined);
    });
    subscribers.push((e) => batcher.push(e));
    if (backend) batcher.push({ type: 'backend', report: backend });
  },
};

Comlink.expose(api);
// Chromium fires no 'error' at the Worker when a module worker fails to load or link,
// so the page waits for this message to know the engine is alive (comlink ignores it).
self.postMessage({ labWorkerReady: true });
