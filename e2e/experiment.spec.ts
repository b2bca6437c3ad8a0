/** "Run whole experiment": the configured experiment in one worker command, with progress and Cancel, kept as a run and shown in the table (~30 s). */
import { expect, test } from '@playwright/test';
import { QUICK_MOONS, configHash, openLab, shot, waitIdle, watchPage } from './helpers';

test('run whole experiment: Original, Retrain and the ticked method from one button, with progress, then stored and compared', async ({ page }) => {
  test.setTimeout(240_000);
  const { errors } = watchPage(page);
  await openLab(page, `/${configHash(QUICK_MOONS)}`);
  await waitIdle(page);
  await page.getByRole('button', { name: 'Run whole experiment' }).click();
  const status = page.getByTestId('status-bar');
  await expect(status).toHaveAttribute('data-busy', 'yes');
  // Progress (phase, bar, ETA) and Cancel, as for every long step.
  await expect(status.getByRole('progressbar')).toBeVisible();
  await expect(status.getByRole('button', { name: 'Cancel' })).toBeEnabled();
  await waitIdle(page);
  // Kept as a run and ticked for comparison: its Original, Retrain and GA rows stand under its name.
  const run = page.getByTestId('run-item');
  await expect(run).toHaveCount(1);
  await expect(run).toHaveAttribute('data-run-status', 'done');
  await expect(run.getByRole('checkbox', { name: 'Compare' })).toBeChecked();
  const name = (await run.locator('.run-name').textContent()) ?? '';
  const table = page.getByTestId('compare-table');
  const rows = table.locator('tbody tr').filter({ has: page.getByRole('cell', { name, exact: true }) });
  await expect.poll(() => rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-model')).sort())).toEqual(['ga', 'original', 'retrain']);
  await shot(page, '80-whole-experiment');
  expect(errors).toEqual([]);
});
