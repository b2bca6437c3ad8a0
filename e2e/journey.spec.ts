/**
 * (b) The main journey on MNIST: train the MLP, forget class 3, run MUDA, GA
 * and Retrain, read the table and the plots, export the Results, reload.
 */
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { parseResults } from '../src/engine/results';
import { ARTIFACTS, configHash, openLab, plotAnnotations, plotTraces, shot, SMALL_MNIST, trainOriginal, waitIdle, waitPlotly, watchPage } from './helpers';

test('train → forget class 3 → MUDA, GA, Retrain → table, plots, export, reload', async ({ page }) => {
  test.setTimeout(600_000);
  const { errors } = watchPage(page);
  await openLab(page, `/${configHash({ ...SMALL_MNIST, scenario: { kind: 'random', fraction: 0.1 } })}`);
  await waitPlotly(page);
  await waitIdle(page);

  await trainOriginal(page);
  await expect(page.locator('[data-plot=training][data-draws]')).toBeAttached();
  await shot(page, '10-journey-trained');

  // Forget class 3 through the Forget panel.
  const forget = page.locator('#forget');
  await forget.getByLabel('Scenario').selectOption('class');
  await forget.getByLabel('Class to forget').selectOption('3');
  await forget.getByRole('button', { name: 'Apply forget set' }).click();
  await expect(page.getByTestId('forget-summary')).toContainText('class 3');
  await waitIdle(page);
  // A new forget set keeps the Original (its training data did not change).
  await expect(page.getByTestId('original-accuracy')).toContainText('test accuracy');

  // MUDA and GA are checked by the URL config; Retrain is always there.
  const methods = page.locator('#methods');
  await expect(methods.locator('[data-method=muda] input[type=checkbox]').first()).toBeChecked();
  await expect(methods.locator('[data-method=ga] input[type=checkbox]').first()).toBeChecked();
  await expect(methods.locator('[data-method=retrain] input[type=checkbox]').first()).toBeChecked();
  await page.getByTestId('run-selected').click();
  await expect(page.getByTestId('status-bar')).toHaveAttribute('data-busy', 'yes');
  await waitIdle(page, 400_000);

  // The table: all three, every metric column filled.
  const table = page.getByTestId('compare-table');
  for (const id of ['retrain', 'muda', 'ga']) await expect(table.locator(`tr[data-model=${id}]`)).toBeVisible();
  const metricCols = await table.locator('tbody tr[data-model=muda] td[data-metric]').evaluateAll((tds) => tds.map((td) => td.getAttribute('data-metric')));
  expect(metricCols).toEqual(expect.arrayContaining(['UA', 'RA', 'TA', 'MIA', 'DA', 'LP', 'NMI', 'F1', 'CKAvsRetrain', 'CKAvsOriginal', 'avgGap', 'ToW', 'timeMs']));
  for (const id of ['retrain', 'muda', 'ga']) {
    const empty = await table.locator(`tr[data-model=${id}] td[data-metric]`).evaluateAll((tds) => tds.filter((td) => td.textContent?.trim() === '—').map((td) => td.getAttribute('data-metric')));
    expect(empty, `${id} has a value in every metric column`).toEqual([]);
  }
  // Sorting by a header reorders rows.
  await table.getByRole('button', { name: /^UA/ }).click();
  await expect(table.locator('thead th').nth(1)).toHaveAttribute('aria-sort', /descending|none/);

  // Eigenspectrum and DA plots hold data for all three (methods named by their registry labels).
  const label = (id: string) => methods.locator(`[data-method=${id}] .method-name strong`).textContent();
  const [muda, ga] = [await label('muda'), await label('ga')];
  await page.locator('[data-plot=spectrum]').scrollIntoViewIfNeeded();
  await expect.poll(() => plotAnnotations(page, 'spectrum'), { timeout: 30_000 }).toEqual(expect.arrayContaining(['Retrain', muda, ga]));
  await page.locator('[data-plot=da]').scrollIntoViewIfNeeded();
  await expect.poll(async () => (await plotTraces(page, 'da')).map((t) => t.name), { timeout: 30_000 }).toEqual(expect.arrayContaining([muda, ga, 'Retrain DA']));
  await shot(page, '11-journey-compared');
  await table.screenshot({ path: `${ARTIFACTS}11a-compare-table.png` });
  for (const id of ['da', 'spectrum', 'metric-curves', 'features', 'angles', 'mia', 'runs']) {
    const plot = page.locator(`[data-plot=${id}]`);
    await plot.scrollIntoViewIfNeeded();
    await page.waitForTimeout(400);
    await plot.screenshot({ path: `${ARTIFACTS}11b-plot-${id}.png` });
  }

  // Hovering a point of the feature scatter shows the sample: its thumbnail, its class and
  // set, and its class probabilities under every model of the session.
  const features = page.locator('[data-plot=features]');
  await features.scrollIntoViewIfNeeded();
  const point = features.locator('.subplot.xy .scatterlayer .trace').nth(1).locator('.point').first();
  const box = (await point.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const card = features.getByTestId('sample-card');
  await expect(card).toBeVisible();
  await expect(card).toContainText(/#\d+ · class \d · (forget|retain) set/);
  await expect(card.locator('canvas')).toBeVisible();
  await expect(card.locator('tbody tr')).toHaveCount(4, { timeout: 30_000 });
  expect(await card.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-model')))).toEqual(['original', 'retrain', 'muda', 'ga']);
  for (const row of await card.locator('tbody tr').all()) {
    const cells = (await row.locator('td').allTextContents()).map(Number);
    expect(cells).toHaveLength(10);
    expect(Math.abs(cells.reduce((a, b) => a + b, 0) - 100)).toBeLessThanOrEqual(5); // rounded percentages
  }
  await features.screenshot({ path: `${ARTIFACTS}11d-features-hover.png` });
  await page.mouse.move(5, 5);
  await expect(card).toBeHidden();

  // The step slider walks the chosen method (the last run, GA) through its recorded steps
  // beside step 0; at its right end the final models are back.
  const slider = features.getByTestId('feature-step');
  await slider.focus();
  await page.keyboard.press('Home');
  await expect.poll(() => plotAnnotations(page, 'features'), { timeout: 30_000 }).toEqual(['Original (step 0)', `${ga} at step 0`]);
  await page.keyboard.press('ArrowRight');
  await expect(features.getByTestId('feature-step-label')).toHaveText(/^[1-9]\d* \/ [1-9]/);
  await expect.poll(async () => (await plotAnnotations(page, 'features'))[1], { timeout: 30_000 }).toMatch(/ at step [1-9]/);
  await features.screenshot({ path: `${ARTIFACTS}11e-features-step.png` });
  await page.keyboard.press('End');
  await expect.poll(() => plotAnnotations(page, 'features'), { timeout: 30_000 }).toEqual(['Original', ga, 'Retrain']);

  // The 3-D view of the feature space works under the page's CSP (no eval).
  await features.getByLabel('3-D').check();
  await expect.poll(async () => (await plotTraces(page, 'features')).map((t) => t.type), { timeout: 60_000 }).toContain('scatter3d');
  await features.screenshot({ path: `${ARTIFACTS}11c-features-3d.png` });

  // Export this session's Results JSON (validated below, after the reload check).
  const [sessionDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-session-json').click()]);
  const sessionJson = readFileSync((await sessionDownload.path())!, 'utf8');

  // The run is stored; after a reload it is still listed as done.
  await expect(page.getByTestId('run-item').first()).toHaveAttribute('data-run-status', 'done');
  await page.reload();
  await expect(page.getByTestId('run-item').first()).toHaveAttribute('data-run-status', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('run-item').first()).toContainText('retrain, muda, ga');
  await shot(page, '12-journey-after-reload');
  // The stored run exports too; both files must pass the engine's own Results reader.
  const [storedDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('run-item').first().getByRole('button', { name: 'Results JSON' }).click()]);
  const storedJson = readFileSync((await storedDownload.path())!, 'utf8');
  for (const text of [sessionJson, storedJson]) {
    const results = parseResults(JSON.parse(text));
    expect(Object.keys(results.models)).toEqual(expect.arrayContaining(['original', 'retrain', 'muda', 'ga']));
    expect(results.config.scenario).toEqual({ kind: 'class', class: 3 });
  }

  expect(errors).toEqual([]);
});
