/**
 * The fused WebGPU training path inside Chromium: ?backend=webgpu (SwiftShader
 * here), a small moons set, train the Original, then GA and Retrain. The path
 * was verified in Node (Dawn); this is its run in the browser's module worker.
 */
import { expect, test } from '@playwright/test';
import { configHash, openLab, shot, trainOriginal, waitIdle, watchPage } from './helpers';

/** Small enough for SwiftShader (~13× slower than wasm here); moons is still learned to ≥ 0.9. */
const MOONS = {
  schemaVersion: 1,
  seed: 1,
  dataset: { name: 'moons', options: { n: 300, noise: 0.1 } },
  model: { kind: 'mlp', hidden: [32], featureDim: 16 },
  train: { epochs: 20, batchSize: 32, optimizer: 'adam', lr: 0.01 },
  scenario: { kind: 'random', fraction: 0.05 },
  methods: [{ id: 'ga', params: { epochs: 1 } }],
  eval: { seeds: 1, retainReferenceSize: 60, everySteps: 10, curveSubsetSize: 30, relearn: false },
};

test('webgpu: the fused path trains the Original in the browser; GA and Retrain run on webgpu', async ({ page }) => {
  test.setTimeout(240_000);
  const { errors } = watchPage(page);
  await openLab(page, `/?backend=webgpu${configHash(MOONS)}`);
  await expect(page.getByTestId('data-preview')).toHaveAttribute('data-dataset', 'moons');
  await expect(page.getByTestId('backend-badge')).toHaveText(/Backend: webgpu/, { timeout: 120_000 });
  await waitIdle(page);

  await trainOriginal(page);
  const accuracy = page.getByTestId('original-accuracy');
  const ta = Number((await accuracy.locator('strong').textContent())?.replace('%', '')) / 100;
  expect(ta).toBeGreaterThanOrEqual(0.9);
  await expect(page.getByTestId('train-path')).toHaveText(/Trained with the fused WebGPU path \(11 dispatches\/step\)/);
  await shot(page, '30-webgpu-trained');

  await expect(page.locator('#methods [data-method=ga] input[type=checkbox]').first()).toBeChecked();
  await expect(page.locator('#methods [data-method=retrain] input[type=checkbox]').first()).toBeChecked();
  await page.getByTestId('run-selected').click();
  await expect(page.getByTestId('status-bar')).toHaveAttribute('data-busy', 'yes');
  await waitIdle(page);
  const table = page.getByTestId('compare-table');
  for (const id of ['original', 'retrain', 'ga']) {
    const cells = await table.locator(`tr[data-model=${id}] td[data-metric]`).evaluateAll((tds) => Object.fromEntries(tds.map((td) => [td.getAttribute('data-metric'), td.textContent?.trim() ?? ''])));
    for (const metric of ['UA', 'RA', 'TA', 'DA']) expect(cells[metric], `${id} ${metric}`).toMatch(/^-?\d+(\.\d+)?%?$/);
  }
  // The backend did not fall back during the run.
  await expect(page.getByTestId('backend-badge')).toHaveText(/Backend: webgpu/);
  await expect(page.getByTestId('notice')).toHaveCount(0);
  await shot(page, '31-webgpu-compared');
  expect(errors).toEqual([]);
});
