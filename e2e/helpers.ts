/** Shared steps of the end-to-end specs: small configs in the URL, waiting for the lab, screenshots. */
import { expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));
mkdirSync(ARTIFACTS, { recursive: true });

/** A small MNIST workload: enough to show real behaviour, quick on 2 CPU cores with wasm. */
export const SMALL_MNIST = {
  schemaVersion: 1,
  seed: 1,
  dataset: { name: 'mnist', options: { trainSize: 1200, testSize: 300 } },
  model: { kind: 'mlp', hidden: [64], featureDim: 32 },
  train: { epochs: 2, batchSize: 64, optimizer: 'adam', lr: 0.002 },
  scenario: { kind: 'class', class: 3 },
  methods: [{ id: 'muda', params: { epochs: 2 } }, { id: 'ga', params: { epochs: 1 } }],
  eval: { seeds: 1, retainReferenceSize: 200, everySteps: 2, curveSubsetSize: 100, relearn: false },
};

/** A quick 2-D workload (200 moons, GA for one epoch, no relearn time): for tests about the page, not the methods. */
export const QUICK_MOONS = {
  schemaVersion: 1,
  seed: 1,
  dataset: { name: 'moons', options: { n: 200, noise: 0.1 } },
  model: { kind: 'mlp', hidden: [32], featureDim: 16 },
  train: { epochs: 10, batchSize: 32, optimizer: 'adam', lr: 0.01 },
  scenario: { kind: 'random', fraction: 0.1 },
  methods: [{ id: 'ga', params: { epochs: 1 } }],
  eval: { seeds: 1, retainReferenceSize: 50, everySteps: 2, curveSubsetSize: 20, relearn: false },
};

export function configHash(config: unknown): string {
  return `#config=${Buffer.from(JSON.stringify(config), 'utf8').toString('base64url')}`;
}

/** Fails the test on CSP violations and uncaught page errors. */
export function watchPage(page: Page): { errors: string[] } {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to (execute|load|evaluate|connect)/i.test(m.text())) errors.push(`csp: ${m.text()}`);
  });
  return { errors };
}

export async function openLab(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await expect(page.locator('[data-testid=data-preview][data-state=ready]')).toBeVisible({ timeout: 120_000 });
}

/** The usual start of a spec: watch for page errors, open the lab at `path`, wait until it is idle. */
export async function startLab(page: Page, path: string): Promise<{ errors: string[] }> {
  const watched = watchPage(page);
  await openLab(page, path);
  await waitIdle(page);
  return watched;
}

export async function waitIdle(page: Page, timeout = 200_000): Promise<void> {
  await expect(page.locator('[data-testid=status-bar][data-busy=no]')).toBeVisible({ timeout });
}

/** Plotly compiles slowly in this browser: wait for it before steps that draw. */
export async function waitPlotly(page: Page): Promise<void> {
  await expect(page.locator('html[data-plotly=ready]')).toBeAttached({ timeout: 120_000 });
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
}

export async function trainOriginal(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Train Original/ }).click();
  await expect(page.getByTestId('original-accuracy')).toContainText('test accuracy', { timeout: 200_000 });
  await waitIdle(page);
}

/** The trace data of a drawn plot (Plotly keeps it on the graph div). */
export async function plotTraces(page: Page, id: string): Promise<{ name?: string; type?: string; x?: unknown[] }[]> {
  return page.evaluate((plotId) => {
    const gd = document.querySelector(`[data-plot="${plotId}"] .plot-area`) as (HTMLElement & { data?: { name?: string; type?: string; x?: unknown[] }[] }) | null;
    return (gd?.data ?? []).map((t) => ({ name: t.name, type: t.type, x: Array.isArray(t.x) ? t.x.slice(0, 3) : undefined }));
  }, id);
}

export async function plotAnnotations(page: Page, id: string): Promise<string[]> {
  return page.evaluate((plotId) => {
    const gd = document.querySelector(`[data-plot="${plotId}"] .plot-area`) as (HTMLElement & { layout?: { annotations?: { text?: string }[] } }) | null;
    return (gd?.layout?.annotations ?? []).map((a) => a.text ?? '');
  }, id);
}

/** A run record as the page stored it in IndexedDB (src/app/storage/runStore.ts), the parts the specs read. */
export interface StoredRunRecord {
  status: string;
  config: { seed: number };
  results?: { models: Record<string, { seed: number }> };
}

/** Every run record the page's origin holds, read page-side from the lab's IndexedDB database. */
export function storedRunRecords(page: Page): Promise<StoredRunRecord[]> {
  return page.evaluate(() => new Promise<StoredRunRecord[]>((resolve, reject) => {
    const open = indexedDB.open('unlearning-lab');
    open.onerror = () => reject(open.error ?? new Error('IndexedDB did not open'));
    open.onsuccess = () => {
      const all = open.result.transaction('runs').objectStore('runs').getAll();
      all.onsuccess = () => {
        open.result.close();
        resolve(all.result as StoredRunRecord[]);
      };
      all.onerror = () => reject(all.error ?? new Error('the runs could not be read'));
    };
  }));
}
