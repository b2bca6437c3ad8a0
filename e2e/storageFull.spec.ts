/**
 * Storage full (#19, point 1): when storing a finished run fails with QuotaExceededError, the run
 * is not kept, its results stay on screen, the person is told and pointed at the export, and the
 * earlier run is intact; the storage meter shows the use, and "Delete weights" frees a run's
 * weights and keeps its Results. The error comes from a shim on IDBObjectStore.put, switched on
 * from the test: Chromium's DevTools quota override (Storage.overrideQuotaForOrigin) did not make
 * IndexedDB writes fail in this browser.
 */
import { expect, test } from '@playwright/test';
import { QUICK_MOONS, configHash, startLab, waitIdle } from './helpers';

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    const put = IDBObjectStore.prototype.put;
    // A record that carries Results (a finished run, or its full Results) does not fit while the switch is on.
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      if ((window as unknown as { storageFull?: boolean }).storageFull && typeof value === 'object' && value !== null && 'results' in value) {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
      return put.call(this, value, key);
    };
  });
});

test('a run that does not fit is not kept, stays on screen and is offered for export; the earlier run is intact; weights can be freed', async ({ page }) => {
  test.setTimeout(300_000);
  const { errors } = await startLab(page, `/${configHash(QUICK_MOONS)}`);
  await page.getByTestId('run-selected').click();
  await waitIdle(page);
  const first = page.getByTestId('run-item').first();
  await expect(first).toHaveAttribute('data-run-status', 'done');
  await expect(page.getByTestId('storage-meter')).toContainText(/Storage: [\d.]+ MB of [\d.]+ MB used/);

  await page.evaluate(() => { (window as unknown as { storageFull: boolean }).storageFull = true; });
  try {
    await page.locator('#methods [data-method=ga] input[type=number]').first().fill('0.02');
    await page.getByTestId('run-selected').click();
    await waitIdle(page);
    await expect(page.getByTestId('notice')).toContainText("This run is not kept: this browser's storage for the lab is full");
    await expect(page.getByTestId('notice')).toContainText('Export this session');
    // The results are on screen, and can still be exported from the page.
    await expect(page.getByTestId('compare-table').locator('tr[data-model=ga]')).toBeVisible();
    await expect(page.getByTestId('export-session-json')).toBeEnabled();
    // The earlier run is untouched.
    await expect(page.locator('[data-testid=run-item][data-run-status=done]')).toHaveCount(1);
    await expect(page.locator('[data-testid=run-item][data-run-status=failed]').first()).toContainText('not kept: storage full');
  } finally {
    await page.evaluate(() => { (window as unknown as { storageFull: boolean }).storageFull = false; });
  }

  // Making room: the earlier run's weights go, its Results stay.
  const done = page.locator('[data-testid=run-item][data-run-status=done]').first();
  await done.getByRole('button', { name: 'Delete weights' }).click();
  await expect(done.getByRole('button', { name: 'Weights', exact: true })).toBeDisabled();
  await expect(done.getByRole('button', { name: 'Results JSON' })).toBeEnabled();
  await expect(done.getByRole('button', { name: 'Delete weights' })).toHaveCount(0);
  expect(errors).toEqual([]);
});
