/** (c) 2-D journey: two moons, lasso a cluster as the forget set, run MUDA, watch the decision boundary change. */
import { expect, test } from '@playwright/test';
import { ARTIFACTS, configHash, openLab, plotAnnotations, plotTraces, shot, trainOriginal, waitIdle, waitPlotly, watchPage } from './helpers';

const MOONS = {
  schemaVersion: 1,
  seed: 1,
  dataset: { name: 'moons', options: { n: 400, noise: 0.1 } },
  model: { kind: 'mlp', hidden: [32], featureDim: 16 },
  train: { epochs: 20, batchSize: 32, optimizer: 'adam', lr: 0.01 },
  scenario: { kind: 'random', fraction: 0.05 },
  methods: [{ id: 'muda', params: { epochs: 10, lr: 0.01, batchSize: 64 } }],
  eval: { seeds: 1, retainReferenceSize: 100, everySteps: 2, curveSubsetSize: 50, relearn: false },
};

test('moons: lasso a cluster, run MUDA, the decision boundary updates', async ({ page }) => {
  test.setTimeout(480_000);
  const { errors } = watchPage(page);
  await openLab(page, `/${configHash(MOONS)}`);
  await expect(page.getByTestId('data-preview')).toHaveAttribute('data-dataset', 'moons');
  await waitPlotly(page);
  await waitIdle(page);
  await trainOriginal(page);

  // The Original's boundary is drawn once it is trained.
  const boundary = page.locator('[data-plot=boundary]');
  await boundary.scrollIntoViewIfNeeded();
  await expect.poll(async () => (await plotTraces(page, 'boundary')).filter((t) => t.type === 'heatmap').length, { timeout: 30_000 }).toBe(1);

  // Lasso the left tip of the upper moon (class 0) on the picking plot.
  const pick = page.locator('[data-plot=pick-points]');
  await pick.scrollIntoViewIfNeeded();
  await expect(pick).toHaveAttribute('data-draws', /\d+/, { timeout: 30_000 });
  const polygon = await page.evaluate(() => {
    type Axis = { _offset: number; d2p(v: number): number };
    const gd = document.querySelector('[data-plot="pick-points"] .plot-area') as HTMLElement & { data: { x: number[]; y: number[] }[]; _fullLayout: { xaxis: Axis; yaxis: Axis } };
    const { x, y } = gd.data[0];
    const index = (gd.data[0] as unknown as { customdata: number[] }).customdata[0];
    const xmin = Math.min(...x), xmax = Math.max(...x);
    const cut = xmin + 0.3 * (xmax - xmin);
    const inTip = x.map((v, i) => [v, y[i]]).filter(([v]) => v <= cut);
    const ys = inTip.map((p) => p[1]);
    const pad = 0.05 * (xmax - xmin);
    const [x0, x1, y0, y1] = [xmin - pad, cut, Math.min(...ys) - pad, Math.max(...ys) + pad];
    const rect = gd.getBoundingClientRect();
    const { xaxis, yaxis } = gd._fullLayout;
    const px = (a: number, b: number) => ({ x: rect.left + xaxis._offset + xaxis.d2p(a), y: rect.top + yaxis._offset + yaxis.d2p(b) });
    return { corners: [px(x0, y0), px(x1, y0), px(x1, y1), px(x0, y1)], expected: inTip.length, first: { at: px(x[0], y[0]), index, x: x[0], y: y[0] } };
  });
  // Hovering a training point shows its coordinates and its class probabilities under the Original.
  const { first } = polygon;
  await page.mouse.move(first.at.x, first.at.y);
  const card = pick.getByTestId('sample-card');
  await expect(card).toHaveAttribute('data-index', String(first.index));
  await expect(card).toContainText(`(${first.x.toFixed(2)}, ${first.y.toFixed(2)})`);
  await expect(card.locator('tbody tr[data-model=original] td')).toHaveCount(2, { timeout: 30_000 });
  await page.mouse.move(5, 5);
  await expect(card).toBeHidden();
  const [a, ...rest] = polygon.corners;
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  for (const p of [...rest, a]) await page.mouse.move(p.x, p.y, { steps: 12 });
  await page.mouse.up();
  const summary = page.getByTestId('selection-summary');
  await expect(summary).not.toContainText('Selected: 0');
  const selected = Number((await summary.locator('strong').textContent()) ?? '0');
  expect(selected).toBeGreaterThanOrEqual(Math.floor(polygon.expected * 0.8));
  await pick.screenshot({ path: `${ARTIFACTS}20-moons-lasso.png` });

  await page.getByRole('button', { name: 'Use selection as forget set' }).click();
  await expect(page.getByTestId('forget-summary')).toContainText(`${selected} hand-picked`);
  await waitIdle(page);

  // Run Retrain + MUDA; the boundary plot redraws with Original, MUDA and Retrain.
  await boundary.scrollIntoViewIfNeeded();
  const drawsBefore = Number((await boundary.getAttribute('data-draws')) ?? '0');
  await page.getByTestId('run-selected').click();
  await waitIdle(page, 400_000);
  await boundary.scrollIntoViewIfNeeded();
  await expect.poll(async () => (await plotTraces(page, 'boundary')).filter((t) => t.type === 'heatmap').length, { timeout: 30_000 }).toBe(3);
  await expect.poll(() => plotAnnotations(page, 'boundary')).toEqual(['Original', 'MUDA', 'Retrain']);
  expect(Number(await boundary.getAttribute('data-draws'))).toBeGreaterThan(drawsBefore);
  await boundary.screenshot({ path: `${ARTIFACTS}21-moons-boundary.png` });
  await shot(page, '22-moons-done');
  expect(errors).toEqual([]);
});
