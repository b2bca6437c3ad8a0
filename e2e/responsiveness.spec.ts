/**
 * (d) While methods run, the page stays responsive: no main-thread task over
 * 100 ms (PerformanceObserver 'longtask'), and the live plots show new curve
 * points within 500 ms of their arrival. What keeps it there: live curves on a
 * canvas while work runs, a progress bar moved by the compositor, and off-screen
 * plots skipped by paint (content-visibility) — see PlotlyChart.tsx and styles.css.
 */
import { expect, test } from '@playwright/test';
import { cpus, loadavg } from 'node:os';
import { configHash, openLab, shot, SMALL_MNIST, trainOriginal, waitIdle, waitPlotly, watchPage } from './helpers';

// Playwright's trace recorder snapshots the page and captures frames: work on the page's
// own threads that would be measured as the lab's. This spec measures the lab alone.
test.use({ trace: 'off' });
// Wall-clock task lengths depend on what else the machine runs: on a 2-core box a task of
// 4–8 ms of CPU (a frame, a canvas draw) was measured at 100–200 ms wall when the load
// average passed ~6 (Chrome trace: thread time vs duration). The suite runs one test at a
// time, so here the lab competes only with itself; one retry absorbs a burst of outside load,
// and the load average is printed with the result. Measured on the 2-core box: quiet, 0 long
// tasks in 4 of 5 runs (one of 72 ms); with one or two busy processes beside it, passed 4/4
// (longest 72 ms); with four (load 6.5), 2 of 4 failed (118, 122 ms).
// `npm run test:perf` runs this spec alone.
test.describe.configure({ retries: 1 });

// Larger than the journey's workload so the run lasts long enough to measure (~10 s here).
const CONFIG = {
  ...SMALL_MNIST,
  dataset: { name: 'mnist', options: { trainSize: 4000, testSize: 500 } },
  train: { ...SMALL_MNIST.train, epochs: 3 },
  methods: [{ id: 'muda', params: { epochs: 40 } }],
  eval: { ...SMALL_MNIST.eval, everySteps: 1 },
};


test('no long task over 100 ms and live plots refresh within 500 ms while a method runs', async ({ page }) => {
  test.setTimeout(480_000);
  const { errors } = watchPage(page);
  await openLab(page, `/${configHash(CONFIG)}`);
  await waitPlotly(page);
  await waitIdle(page);
  await trainOriginal(page);

  // Uncheck everything but MUDA (Retrain runs first anyway: the comparison needs it).
  await page.locator('#methods').getByRole('button', { name: 'Select none' }).click();
  await page.locator('#methods [data-method=muda] input[type=checkbox]').first().check();
  // A first run, not measured: afterwards every plot holds results (the feature scatter's
  // thousands of SVG markers among them), which is what a user's second run paints around.
  await page.getByTestId('run-selected').click();
  await page.locator('[data-plot=da]').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await expect(page.locator('[data-testid=status-bar][data-busy=yes]')).toBeVisible();
  await waitIdle(page);
  await expect(page.locator('[data-plot=features] .plot-area .point').first()).toBeAttached();

  // Everything from the click to the end of the run happens in one page-side call:
  // Playwright's own polling would add main-thread tasks of its own to the measurement.
  const perf = await page.evaluate(async () => {
    const perf: Perf = { longTasks: [], draws: { da: [], 'metric-curves': [] }, curveEvents: [], plotCosts: {}, start: 0, end: 0 };
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) perf.longTasks.push({ start: e.startTime, duration: e.duration });
    });
    observer.observe({ type: 'longtask' });
    const mutations: MutationObserver[] = [];
    for (const id of Object.keys(perf.draws)) {
      const el = document.querySelector(`[data-plot="${id}"]`)!;
      const m = new MutationObserver(() => perf.draws[id].push(performance.now()));
      m.observe(el, { attributes: true, attributeFilter: ['data-draws'] });
      mutations.push(m);
    }
    type LabState = { busy: unknown; curves: Record<string, unknown[]> };
    const store = (window as unknown as { __lab: { store: { getState(): LabState; subscribe(f: () => void): () => void } } }).__lab.store;
    const count = () => Object.values(store.getState().curves).reduce((a, c) => a + c.length, 0);
    let last = count();
    let started = false;
    performance.clearMeasures();
    perf.start = performance.now();
    await new Promise<void>((resolve) => {
      const unsubscribe = store.subscribe(() => {
        const n = count();
        if (n > last) perf.curveEvents.push(performance.now());
        last = n;
        if (store.getState().busy) started = true;
        else if (started) {
          unsubscribe();
          resolve();
        }
      });
      (document.querySelector('[data-testid=run-selected]') as HTMLButtonElement).click();
      document.querySelector('[data-plot=da]')!.scrollIntoView({ block: 'start' });
    });
    perf.end = performance.now();
    await new Promise((r) => setTimeout(r, 300));
    observer.disconnect();
    mutations.forEach((m) => m.disconnect());
    for (const m of performance.getEntriesByType('measure')) {
      const c = (perf.plotCosts[m.name] ??= { n: 0, max: 0, total: 0 });
      c.n++;
      c.total += m.duration;
      c.max = Math.max(c.max, m.duration);
    }
    return perf;
    interface Perf { longTasks: { start: number; duration: number }[]; draws: Record<string, number[]>; curveEvents: number[]; plotCosts: Record<string, { n: number; max: number; total: number }>; start: number; end: number }
  });
  await shot(page, '30-after-method-run');

  const during = perf.longTasks.filter((t) => t.start >= perf.start && t.start <= perf.end);
  const longest = Math.max(0, ...during.map((t) => t.duration));
  // Staleness: every curve point must be on screen within 500 ms (a draw at or after it).
  const draws = perf.draws.da;
  const staleness = perf.curveEvents
    .filter((t) => t >= perf.start && t <= perf.end - 600)
    .map((t) => (draws.find((d) => d >= t) ?? Infinity) - t);
  const gaps = draws.slice(1).map((d, i) => d - draws[i]);
  console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores`);
  console.log(`run ${((perf.end - perf.start) / 1000).toFixed(1)} s; long tasks: ${during.length} (longest ${longest.toFixed(0)} ms); ` +
    `curve updates seen: ${perf.curveEvents.length}; DA draws: ${draws.length}, median gap ${median(gaps).toFixed(0)} ms; ` +
    `worst staleness ${Math.max(0, ...staleness).toFixed(0)} ms`);
  console.log(`plot draw costs (sync part): ${Object.entries(perf.plotCosts).map(([k, c]) => `${k} n=${c.n} mean=${(c.total / c.n).toFixed(0)} max=${c.max.toFixed(0)} ms`).join('; ')}`);
  console.log(`long tasks: ${during.map((t) => t.duration.toFixed(0)).join(', ')}`);

  expect(perf.end - perf.start).toBeGreaterThan(3000);
  expect(draws.length).toBeGreaterThanOrEqual(5);
  expect(longest, `long tasks: ${JSON.stringify(during)}`).toBeLessThanOrEqual(100);
  expect(Math.max(0, ...staleness)).toBeLessThanOrEqual(500);
  expect(errors).toEqual([]);
});

function median(xs: number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
