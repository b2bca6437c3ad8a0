/** Two stored runs side by side: run twice, tick "Compare" on both, the table lists each run's models under its name (~1 min). */
import { expect, test } from '@playwright/test';
import { QUICK_MOONS, configHash, openLab, shot, trainOriginal, waitIdle, watchPage } from './helpers';

test('compare two stored runs: both appear in the table, each row under its run', async ({ page }) => {
  test.setTimeout(300_000);
  const { errors } = watchPage(page);
  await openLab(page, `/${configHash(QUICK_MOONS)}`);
  await waitIdle(page);
  await trainOriginal(page);

  const runs = page.getByTestId('run-item');
  // First run: Retrain and GA (from the URL config). Second: FT only (Retrain is kept from the first).
  await page.getByTestId('run-selected').click();
  await waitIdle(page);
  await expect(runs).toHaveCount(1);
  const methods = page.locator('#methods');
  await methods.getByRole('button', { name: 'Select none' }).click();
  await methods.locator('[data-method=ft] input[type=checkbox]').first().check();
  await page.getByTestId('run-selected').click();
  await waitIdle(page);
  await expect(runs).toHaveCount(2);
  await expect(runs.nth(0)).toHaveAttribute('data-run-status', 'done');
  await expect(runs.nth(1)).toHaveAttribute('data-run-status', 'done');
  const names = await runs.locator('.run-name').allTextContents();
  expect(new Set(names).size, `run names ${JSON.stringify(names)}`).toBe(2);

  for (let i = 0; i < 2; i++) await runs.nth(i).getByRole('checkbox', { name: 'Compare' }).check();
  const table = page.getByTestId('compare-table');
  await expect(table.getByRole('columnheader', { name: 'Run' })).toBeVisible();
  // Each stored run contributes its own rows, labelled with its name. A run keeps the session's
  // models at its end: the first holds GA, the second GA and FT.
  const rowsOf = async (name: string) => table.locator('tbody tr').filter({ has: page.getByRole('cell', { name, exact: true }) }).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-model')));
  const byRun = await Promise.all(names.map(rowsOf));
  expect(byRun.every((ids) => ids.includes('ga') && ids.includes('retrain')), `rows per run: ${JSON.stringify(byRun)}`).toBe(true);
  expect(byRun.filter((ids) => ids.includes('ft')), `rows per run: ${JSON.stringify(byRun)}`).toHaveLength(1);
  await table.scrollIntoViewIfNeeded();
  await shot(page, '60-compare-two-runs');

  // Unticking one leaves the other run in the table.
  await runs.nth(0).getByRole('checkbox', { name: 'Compare' }).uncheck();
  await expect(table.locator('tbody tr').filter({ has: page.getByRole('cell', { name: names[0], exact: true }) })).toHaveCount(0);
  await expect(table.locator('tbody tr').filter({ has: page.getByRole('cell', { name: names[1], exact: true }) }).first()).toBeVisible();
  expect(errors).toEqual([]);
});
