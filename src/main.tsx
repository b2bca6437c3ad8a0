/**
 * Entry point: the store, the worker (comlink), stored runs, the config from
 * the URL, presets; then the page renders at once and the default (or shared)
 * experiment is prepared so the data preview appears while the rest warms up.
 */
import * as Comlink from 'comlink';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import examples from 'virtual:examples';
import { DEFAULT_CONFIG, parseConfig, type ExperimentConfig } from './engine/config';
import { App } from './app/App';
import { LabContext } from './app/context';
import { LabClient, type Locks } from './app/labClient';
import { loadPlotly } from './app/plots/plotly';
import { loadPresets } from './app/presets';
import { RunStore } from './app/storage/runStore';
import { initialState } from './app/store/state';
import { createStore } from './app/store/store';
import { configToHash, decodeHash, externalDatasetUrl } from './app/urlState';
import type { LabWorkerApi, LabWorkerProbes } from './worker/api';
import { parsePinnedViews, PINNED_VIEWS_KEY } from './app/store/pinnedViews';
import './app/styles.css';

const baseUrl = new URL(import.meta.env.BASE_URL, location.href).href;
const backend = new URLSearchParams(location.search).get('backend') ?? undefined;

const decoded = decodeHash(location.hash);
const config: ExperimentConfig = decoded.kind === 'ok' ? decoded.config : parseConfig(DEFAULT_CONFIG);
const state = initialState(config);
try {
  state.largeType = localStorage.getItem('unlearning-lab:large-type') === '1';
  state.pinnedViews = parsePinnedViews(localStorage.getItem(PINNED_VIEWS_KEY));
} catch {
  // No storage: default size.
}
const store = createStore(state);
if (decoded.kind === 'error') store.dispatch({ type: 'ui:notice', kind: 'error', text: `${decoded.message} The default experiment is shown instead.` });

// A dataset URL in a shared link is fetched only after the person agrees (no requests they did not ask for).
const external = decoded.kind === 'ok' ? externalDatasetUrl(decoded.config) : null;
if (external) store.dispatch({ type: 'ui:notice', kind: 'info', text: `This link loads data from ${external}. Check the address, then press "Load data & model" to fetch it.` });

function writeConfig(c: ExperimentConfig): void {
  history.replaceState(history.state, '', `${location.pathname}${location.search}${configToHash(c)}`);
}

const worker = new Worker(new URL('./worker/labWorker.ts', import.meta.url), { type: 'module', name: 'unlearning-lab-engine' });
worker.addEventListener('error', (e) => store.dispatch({ type: 'ui:notice', kind: 'error', text: `The compute worker stopped: ${e.message || 'unknown error'}. Reload the page.` }));
const api = Comlink.wrap<LabWorkerApi & LabWorkerProbes>(worker) as unknown as LabWorkerApi & LabWorkerProbes;

/** Module workers that fail to load fire no error event in Chromium: a missing "ready" is the only sign. */
const WORKER_START_TIMEOUT_MS = 30_000;
let workerReady = false;
worker.addEventListener('message', (e: MessageEvent) => {
  if ((e.data as { labWorkerReady?: boolean } | null)?.labWorkerReady) workerReady = true;
});
setTimeout(() => {
  if (!workerReady) store.dispatch({ type: 'ui:notice', kind: 'error', text: 'The compute engine did not start (its script failed to load). Reload the page; if this persists, this browser may not support module workers.' });
}, WORKER_START_TIMEOUT_MS);

async function main(): Promise<void> {
  // Opened in the background: the page renders first.
  const runs = RunStore.open().catch((e: unknown) => {
    store.dispatch({ type: 'ui:notice', kind: 'error', text: `Runs will not be kept: ${e instanceof Error ? e.message : String(e)}` });
    return null;
  });
  const locks = (navigator as Navigator & { locks?: Locks }).locks ?? null;
  const client = new LabClient({ api, store, runs, locks, proxy: Comlink.proxy, writeConfig });
  // e2e tests and the browser benchmark reach these engine hooks only when the page is opened with ?testHooks=1:
  // device loss, a whole experiment as the CLI runs it, and the engine's tensor memory.
  const testHooks = new URLSearchParams(location.search).get('testHooks') === '1';
  (window as unknown as { __lab?: unknown }).__lab = testHooks
    ? { store, simulateDeviceLoss: () => api.simulateDeviceLoss(), runExperiment: (c: ExperimentConfig) => api.runExperiment(c), memory: () => api.memory() }
    : { store };

  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <LabContext.Provider value={{ store, client }}>
        <App />
      </LabContext.Provider>
    </StrictMode>,
  );

  // Method checkboxes and parameters live in the URL too.
  let syncing = false;
  store.subscribe(() => {
    if (syncing) return;
    syncing = true;
    queueMicrotask(() => {
      client.syncMethodsToConfig();
      syncing = false;
    });
  });

  // A pasted link with another config: apply it.
  window.addEventListener('hashchange', () => {
    const d = decodeHash(location.hash, store.getState().methods.map((m) => m.id));
    if (d.kind === 'ok') void client.setConfig(d.config, { apply: !externalDatasetUrl(d.config) });
    else if (d.kind === 'error') store.dispatch({ type: 'ui:notice', kind: 'error', text: d.message });
  });

  void loadPresets(examples, baseUrl).then((presets) => store.dispatch({ type: 'ui:presets', presets }));
  preloadPlotlyAfterPreview();
  writeConfig(config);
  await client.start({ backend, baseUrl, prepare: !external });
}

/**
 * Plotly is large and slow to evaluate (its cartesian bundle holds the main
 * thread ~1 s in headless Chromium on 2 cores, the full bundle held it 2.5–2.8 s):
 * it is fetched once the first data preview is on screen and the page is idle,
 * so it never delays the preview and is ready before training.
 */
function preloadPlotlyAfterPreview(): void {
  document.documentElement.dataset.plotly = 'waiting';
  const start = () => {
    document.documentElement.dataset.plotly = 'loading';
    loadPlotly().then(
      () => (document.documentElement.dataset.plotly = 'ready'),
      () => (document.documentElement.dataset.plotly = 'failed'),
    );
  };
  const idle = (fn: () => void) => ('requestIdleCallback' in window ? requestIdleCallback(fn, { timeout: 2000 }) : setTimeout(fn, 200));
  let done = false;
  const check = () => {
    const s = store.getSnapshot();
    if (done || (s.dataStatus !== 'ready' && s.dataStatus !== 'error')) return;
    done = true;
    unsubscribe();
    // Two frames: let the preview paint before the compile starts.
    requestAnimationFrame(() => requestAnimationFrame(() => idle(start)));
  };
  const unsubscribe = store.subscribe(check);
  check();
}

void main();
