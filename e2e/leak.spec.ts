/**
 * docs/quality.md, Memory: six repeats of an experiment leave the engine's tensors
 * at their baseline, and neither GPU bytes nor the JS heaps grow beyond noise.
 *
 * The experiment is the default one (MNIST, MLP 784-256-128-10, forget class 3;
 * Original, Retrain, MUDA, GA, RL, FT, SCRUB and every metric, relearn time
 * included), reduced so six repeats fit a few minutes on 2 cores: 1,500
 * training and 500 test images, 2 epochs for the Original and Retrain, fewer
 * epochs for MUDA, RL, FT and SCRUB, a 300-sample retain reference. It runs in
 * the page's worker through the test hook (?testHooks=1), the path the CLI
 * uses (a fresh session per experiment, disposed at the end).
 *
 * Measured after each repeat: tf.memory() in the worker (tensors, bytes, GPU
 * bytes on a GPU backend), and the used JS heap of the worker (where the engine
 * lives) and of the page, each after a forced garbage collection through the
 * DevTools protocol (HeapProfiler.collectGarbage, then Runtime.getHeapUsage).
 * Repeats 1 and 2 warm caches (the packed dataset, compiled code, the store's
 * first models, the plots' first draws), so heap growth is judged from repeat 3
 * to repeat 6. The page's heap settles over them: on 2026-12-04 it grew by
 * 1.15, 0.50, 0.33 and 0.20 MB from repeat 1 to 5, shrinking increments of a
 * warm-up, not the constant step of a leak; judged from repeat 2 it read
 * 0.79–1.03 MB against the 1 MB bound.
 */
import { expect, test, type CDPSession, type Page } from '@playwright/test';
import { QUICK_MOONS, configHash, storedRunRecords, watchPage } from './helpers';

const CONFIG = {
  schemaVersion: 1,
  seed: 1,
  dataset: { name: 'mnist', options: { trainSize: 1500, testSize: 500 } },
  model: { kind: 'mlp', hidden: [256], featureDim: 128 },
  train: { epochs: 2, batchSize: 64, optimizer: 'adam', lr: 0.001 },
  scenario: { kind: 'class', class: 3 },
  methods: [
    { id: 'muda', params: { epochs: 3 } },
    { id: 'ga' },
    { id: 'rl', params: { epochs: 1 } },
    { id: 'ft', params: { epochs: 1 } },
    { id: 'scrub', params: { epochs: 2, maxEpochs: 1 } },
  ],
  eval: { seeds: 1, retainReferenceSize: 300, curveSubsetSize: 100, everySteps: 10, relearn: true },
};
const REPEATS = 6;
/** The repeat growth is measured from (1-based): the ones before it warm caches. */
const FROM = 3;
/**
 * Allowed growth of a used JS heap over three repeats after the warm-up (after
 * forced GCs). Measured here (2026-11-28, from repeat 2 to 5): worker +0.16 MB,
 * page +0.44 MB. One leaked session of this experiment would keep ~10 MB in the
 * worker per repeat (each model's features and probabilities, ~0.6 MB, and
 * weight snapshot, ~0.9 MB, for 7 models), so 1 MB sits above the noise and
 * far below a leak of a session.
 */
const HEAP_NOISE_BYTES = 2 ** 20;

interface EngineMemory { backend: string; numTensors: number; numBytes: number; numBytesInGPU?: number }
type Lab = { runExperiment(c: unknown): Promise<{ models: Record<string, unknown> }>; memory(): Promise<EngineMemory> };

/** A DevTools session to a worker of the page (non-flat: Playwright's CDPSession has no child sessions). */
async function attachToWorker(cdp: CDPSession, urlPart: string): Promise<(method: string) => Promise<Record<string, unknown>>> {
  const { targetInfos } = await cdp.send('Target.getTargets');
  const target = targetInfos.find((t) => t.type === 'worker' && t.url.includes(urlPart));
  if (!target) throw new Error(`no worker target with "${urlPart}" among ${targetInfos.map((t) => `${t.type} ${t.url}`).join(', ')}`);
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
  let nextId = 0;
  const pending = new Map<number, (r: Record<string, unknown>) => void>();
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    if (e.sessionId !== sessionId) return;
    const m = JSON.parse(e.message) as { id?: number; result?: Record<string, unknown>; error?: { message: string } };
    if (m.id !== undefined) pending.get(m.id)?.(m.error ? { error: m.error.message } : m.result ?? {});
  });
  return (method) => new Promise((resolve) => {
    const id = ++nextId;
    pending.set(id, resolve);
    void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) });
  });
}

async function usedHeapAfterGc(call: (method: string) => Promise<Record<string, unknown>>): Promise<number> {
  await call('HeapProfiler.collectGarbage');
  const usage = await call('Runtime.getHeapUsage');
  if (typeof usage.usedSize !== 'number') throw new Error(`Runtime.getHeapUsage failed: ${JSON.stringify(usage)}`);
  return usage.usedSize;
}

const engineMemory = (page: Page) => page.evaluate(() => (window as unknown as { __lab: Lab }).__lab.memory());

test('six repeats of an experiment: tensors back to baseline each time, GPU bytes and JS heaps flat', async ({ page }) => {
  test.setTimeout(600_000);
  const { errors } = watchPage(page);
  // The backend the page picks by itself: wasm here, a GPU backend where there is one (then GPU bytes are checked too).
  await page.goto('/?testHooks=1');
  await expect(page.locator('[data-testid=data-preview][data-state=ready]')).toBeVisible({ timeout: 120_000 });
  // Plotly loads after the preview and would show up as heap growth of the page.
  await expect(page.locator('html[data-plotly=ready], html[data-plotly=failed]')).toBeAttached({ timeout: 120_000 });

  const cdp = await page.context().newCDPSession(page);
  const pageCall = (method: string) => cdp.send(method as 'Runtime.getHeapUsage') as Promise<Record<string, unknown>>;
  const workerCall = await attachToWorker(cdp, 'labWorker');
  const baseline = await engineMemory(page);
  console.log(`baseline on ${baseline.backend}: ${JSON.stringify(baseline)}`);

  const rows: { repeat: number; seconds: number; memory: EngineMemory; workerHeap: number; pageHeap: number }[] = [];
  for (let repeat = 1; repeat <= REPEATS; repeat++) {
    const t0 = Date.now();
    const models = await page.evaluate(async (c) => Object.keys((await (window as unknown as { __lab: Lab }).__lab.runExperiment(c)).models), CONFIG);
    expect(models.sort()).toEqual(['ft', 'ga', 'muda', 'original', 'retrain', 'rl', 'scrub']);
    const memory = await engineMemory(page);
    const row = { repeat, seconds: (Date.now() - t0) / 1000, memory, workerHeap: await usedHeapAfterGc(workerCall), pageHeap: await usedHeapAfterGc(pageCall) };
    rows.push(row);
    console.log(`repeat ${repeat}: ${row.seconds.toFixed(1)} s, tensors ${memory.numTensors} (baseline ${baseline.numTensors}), bytes ${memory.numBytes}, ` +
      `GPU bytes ${memory.numBytesInGPU ?? '—'}, worker heap ${(row.workerHeap / 2 ** 20).toFixed(2)} MB, page heap ${(row.pageHeap / 2 ** 20).toFixed(2)} MB`);
    expect(memory.numTensors, `tensors after repeat ${repeat}`).toBe(baseline.numTensors);
    expect(memory.numBytes, `tensor bytes after repeat ${repeat}`).toBe(baseline.numBytes);
    if (baseline.numBytesInGPU !== undefined) expect(memory.numBytesInGPU, `GPU bytes after repeat ${repeat}`).toBe(baseline.numBytesInGPU);
  }
  const [first, last] = [rows[FROM - 1], rows[REPEATS - 1]];
  console.log(`heap growth, repeat ${FROM} → ${REPEATS}: worker ${((last.workerHeap - first.workerHeap) / 2 ** 20).toFixed(2)} MB, ` +
    `page ${((last.pageHeap - first.pageHeap) / 2 ** 20).toFixed(2)} MB (bound ${(HEAP_NOISE_BYTES / 2 ** 20).toFixed(1)} MB each)`);
  expect(last.workerHeap - first.workerHeap, `worker heap growth, repeats ${FROM} → ${REPEATS}`).toBeLessThanOrEqual(HEAP_NOISE_BYTES);
  expect(last.pageHeap - first.pageHeap, `page heap growth, repeats ${FROM} → ${REPEATS}`).toBeLessThanOrEqual(HEAP_NOISE_BYTES);
  expect(errors).toEqual([]);
});

/** 25 whole experiments in a row through the page's own button (#19, point 4): each is stored and readable, the engine flat. */
const SMALL = { ...QUICK_MOONS, train: { ...QUICK_MOONS.train, epochs: 5 }, methods: [{ id: 'ga', params: { epochs: 1 } }, { id: 'muda', params: { epochs: 2 } }] };
const LONG_SESSION = 25;

test('a long session: 25 whole experiments in one page, every run stored and readable, tensors at baseline, worker heap flat; long tasks measured', async ({ page }) => {
  test.setTimeout(900_000);
  const { errors } = watchPage(page);
  await page.goto(`/?testHooks=1${configHash(SMALL)}`);
  await expect(page.locator('[data-testid=data-preview][data-state=ready]')).toBeVisible({ timeout: 120_000 });
  await expect(page.locator('html[data-plotly=ready], html[data-plotly=failed]')).toBeAttached({ timeout: 120_000 });
  await expect(page.locator('[data-testid=status-bar][data-busy=no]')).toBeVisible({ timeout: 120_000 });
  // A DevTools session stays attached only while it measures: attached throughout, it slowed the page's
  // main thread during the runs (tasks over 50 ms: 21 without it, 53–62 with it, in one afternoon's runs).
  const workerHeap = async () => {
    const cdp = await page.context().newCDPSession(page);
    try {
      return await usedHeapAfterGc(await attachToWorker(cdp, 'labWorker'));
    } finally {
      await cdp.detach();
    }
  };
  const baseline = await engineMemory(page);
  // Long tasks (wall time, rendering included) and long animation frames, whose `scripts` say how much
  // of a frame was the page's own JavaScript (and the style and layout it forced).
  await page.evaluate(() => {
    const w = window as unknown as { longTasks: number[]; frameScripts: { ms: number; forced: number; what: string }[] };
    w.longTasks = [];
    w.frameScripts = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) w.longTasks.push(Math.round(e.duration)); }).observe({ type: 'longtask' });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as unknown as { scripts: { duration: number; forcedStyleAndLayoutDuration: number; invoker: string }[] }[]) {
        const ms = e.scripts.reduce((a, x) => a + x.duration, 0);
        const forced = e.scripts.reduce((a, x) => a + x.forcedStyleAndLayoutDuration, 0);
        const top = [...e.scripts].sort((a, b) => b.duration - a.duration)[0];
        if (top) w.frameScripts.push({ ms: Math.round(ms), forced: Math.round(forced), what: top.invoker });
      }
    }).observe({ type: 'long-animation-frame', buffered: false });
  });

  /**
   * Runs `count` whole experiments from the page's button, each after the last ended, all in one
   * page-side call: the test runner's own polling and DOM snapshots would be long tasks of the page
   * too (they grow with the page), and are not the lab's. Returns the engine's tensors after each.
   */
  const runInPage = (count: number) => page.evaluate(async (n) => {
    const bar = document.querySelector('[data-testid=status-bar]')!;
    const busy = (want: string) => new Promise<void>((resolve) => {
      if (bar.getAttribute('data-busy') === want) return resolve();
      new MutationObserver((_, obs) => {
        if (bar.getAttribute('data-busy') === want) {
          obs.disconnect();
          resolve();
        }
      }).observe(bar, { attributes: true, attributeFilter: ['data-busy'] });
    });
    const lab = (window as unknown as { __lab: { memory(): Promise<{ numTensors: number }> } }).__lab;
    const tensors: number[] = [];
    for (let i = 0; i < n; i++) {
      document.querySelector<HTMLButtonElement>('[data-testid=run-experiment]')!.click();
      await busy('yes');
      await busy('no');
      tensors.push((await lab.memory()).numTensors);
    }
    return tensors;
  }, count);

  const first = await runInPage(5);
  const heap5 = await workerHeap();
  const rest = await runInPage(LONG_SESSION - 5);
  const heap25 = await workerHeap();
  const { longTasks, frameScripts } = await page.evaluate(() => {
    const w = window as unknown as { longTasks: number[]; frameScripts: { ms: number; forced: number; what: string }[] };
    return { longTasks: w.longTasks, frameScripts: w.frameScripts };
  });
  console.log(`long session: worker heap run 5 ${(heap5 / 2 ** 20).toFixed(2)} MB → run ${LONG_SESSION} ${(heap25 / 2 ** 20).toFixed(2)} MB; ` +
    `tasks over 50 ms: ${longTasks.length} (longest ${Math.max(0, ...longTasks)} ms)`);
  expect([...first, ...rest], 'tensors after each run').toEqual(Array(LONG_SESSION).fill(baseline.numTensors));
  expect(heap25 - heap5, 'worker heap growth, runs 5 → 25').toBeLessThanOrEqual(HEAP_NOISE_BYTES);

  // Every run is in the list as done, and every stored record holds Results that the page can read back.
  await expect(page.locator('[data-testid=run-item][data-run-status=done]')).toHaveCount(LONG_SESSION);
  const records = await storedRunRecords(page);
  const stored = { n: records.length, withModels: records.filter((r) => r.status === 'done' && Object.keys(r.results?.models ?? {}).length === 4).length };
  expect(stored).toEqual({ n: LONG_SESSION, withModels: LONG_SESSION });
  // The page stays responsive (#19). 2026-12-04, 2-core machine, Chrome traces of runs 21–25: the tasks
  // over 100 ms that grew with the session (23–73 of them, up to 1.2 s) were the comparison table. Runs
  // made in the same minute share a default name, the table keyed its rows by that name, and React,
  // given duplicate keys, kept stale rows: 2,177 rows (39,000 elements, 71,000 px of table) by run 22,
  // laid out and painted on every update. Keyed by run id (compare.ts) it holds its 100 rows; unchanged
  // stored runs stay the same objects (reducer sameRuns), so their list items and table rows are not
  // rendered again (memo). NOT YET MET: the issue's "no task over 100 ms". Left: 4–12 tasks of 101–207 ms
  // per 25 runs, varying from one run of this spec to the next; their long-animation-frame entries show
  // up to ~180 ms of script per frame (a worker message or the run list read back from IndexedDB: the
  // payload deserialised, the store updated, React rendering) and paint while the worker computes on the
  // same two cores (a whole-page repaint costs ~6 ms when the page is idle); a quiet CI run measured 2
  // tasks (112, 172 ms) and up to 224 ms of script in one frame. The bounds below hold that residue and
  // fail at a fraction of the old growth; the row count catches the stale rows themselves.
  const worst = [...frameScripts].sort((a, b) => b.ms - a.ms).slice(0, 3);
  console.log(`tasks over 100 ms: ${JSON.stringify(longTasks.filter((d) => d > 100))}; long animation frames: ${frameScripts.length}; ` +
    `most script time in one (ms, of it forced style and layout): ${JSON.stringify(worst)}`);
  expect(frameScripts.length, 'long animation frames observed (the API works here)').toBeGreaterThan(0);
  expect(worst[0]?.ms ?? 0, `script time in one frame: ${JSON.stringify(worst)}`).toBeLessThan(400);
  expect(Math.max(0, ...longTasks), 'longest task (ms)').toBeLessThan(400);
  expect(longTasks.filter((d) => d > 100).length, 'tasks over 100 ms').toBeLessThanOrEqual(20);
  await expect(page.locator('[data-testid=compare-table] tbody tr')).toHaveCount(LONG_SESSION * 4);
  expect(errors).toEqual([]);
});
