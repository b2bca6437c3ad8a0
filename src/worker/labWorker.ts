/**
 * The Web Worker that owns the engine: one LabSession, the tfjs backend, and
 * a queue that runs commands one at a time. The page talks to it through
 * comlink (api.ts); events stream back through subscribers. Nothing here
 * touches the DOM; the page never touches tfjs.
 */
import * as Comlink from 'comlink';
import { describeBackend, selectBackend, setWasmBaseUrl, type BackendReport } from '../engine/backend';
import type { ExperimentConfig, MethodRun, ScenarioConfig } from '../engine/config';
import { setDataBaseUrl } from '../engine/data/packed';
import type { UploadedData } from '../engine/data/load';
import type { LabEvent } from '../engine/events';
import { runExperiment } from '../engine/experiment';
import { LabSession } from '../engine/session';
import type { LabWorkerApi, WorkerInit } from './api';
import { CommandQueue } from './commandQueue';

const subscribers: ((e: LabEvent) => void)[] = [];

function emit(e: LabEvent): void {
  for (const s of subscribers) {
    // A subscriber whose page went away must not stop the run.
    Promise.resolve(s(e)).catch(() => undefined);
  }
}

const queue = new CommandQueue();
const session = new LabSession(emit);
let backend: BackendReport | null = null;
let initOpts: WorkerInit | null = null;

/** A lost GPU device (or WebGL context) shows up as an error from tfjs with words like these. */
const DEVICE_LOST = /device (was |is )?lost|context (was |is )?lost|GPUDevice|CONTEXT_LOST/i;

/**
 * Runs a command; if the GPU backend is lost under it, selects the next
 * backend (excluding the lost one), says so, and runs the command once more.
 */
async function withFallback<T>(label: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (!backend || !DEVICE_LOST.test(message) || backend.backend === 'cpu' || backend.backend === 'wasm') throw err;
    const lost = backend.backend;
    emit({ type: 'log', level: 'warn', message: `${lost} failed during "${label}" (${message}); falling back and restarting the step` });
    backend = await selectBackend({ exclude: [lost] });
    emit({ type: 'backend', report: backend });
    return fn();
  }
}

function describeError(err: unknown): Error {
  // comlink sends Error name and message; stack traces stay out of the UI.
  if (err instanceof Error) {
    const e = new Error(err.message);
    e.name = err.name;
    return e;
  }
  return new Error(String(err));
}

function command<T>(label: string, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  return queue.run(label, (signal) => withFallback(label, () => fn(signal))).catch((err) => {
    throw describeError(err);
  });
}

const api: LabWorkerApi = {
  init(opts) {
    return command('select backend', async () => {
      initOpts = opts;
      const base = opts.baseUrl.endsWith('/') ? opts.baseUrl : `${opts.baseUrl}/`;
      setWasmBaseUrl(`${base}wasm/`);
      setDataBaseUrl(`${base}data/`);
      backend = await selectBackend(opts.backend ? { forced: opts.backend } : {});
      emit({ type: 'backend', report: backend });
      emit({ type: 'log', level: 'info', message: `backend: ${describeBackend(backend)}` });
      return backend;
    });
  },
  async addUpload(data: UploadedData) {
    session.addUpload(data);
  },
  exportWeights(modelId) {
    // Copied, not transferred: on the cpu backend w.data() can be the model's own storage.
    return command(`export weights of ${modelId}`, () => session.exportWeights(modelId));
  },
  async listMethods() {
    return session.listMethods();
  },
  prepare(config: ExperimentConfig) {
    return command('prepare data', () => ensureInit().then(() => session.prepare(config)));
  },
  setScenario(scenario: ScenarioConfig) {
    return command('set forget set', () => session.setScenario(scenario));
  },
  trainOriginal() {
    return command('train Original', (signal) => session.trainOriginal(signal));
  },
  runMethod(run: MethodRun) {
    return command(`run ${run.id}`, (signal) => session.runMethod(run, signal));
  },
  async results() {
    return session.results();
  },
  probe(indices: number[]) {
    return command('probe', () => session.probe(indices));
  },
  runExperiment(config: ExperimentConfig) {
    return command('run experiment', (signal) => ensureInit().then(() => runExperiment(config, emit, signal)));
  },
  async cancel() {
    queue.cancel();
  },
  async subscribe(onEvent) {
    subscribers.push(onEvent);
    if (backend) onEvent({ type: 'backend', report: backend });
  },
};

/** Commands before init (should not happen) still get a backend, picked automatically. */
async function ensureInit(): Promise<void> {
  if (backend) return;
  backend = await selectBackend(initOpts?.backend ? { forced: initOpts.backend } : {});
  emit({ type: 'backend', report: backend });
}

Comlink.expose(api);
