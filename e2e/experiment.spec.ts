/** "Run whole experiment": the configured experiment in one worker command, with progress and Cancel, kept as a run and shown in the table (~30 s). */
import { expect, test } from '@playwright/test';
import { QUICK_MOONS, configHash, openLab, shot, waitIdle, watchPage } from './helpers';

test('run whole experiment: Original, Retrain and the ticked method from one button, with progress, then stored and compared', async ({ page }) => {
  test.setTimeout(240_000);
  const { errors } = watchPage(page);
  await openLab(page, `/${configHash(QUICK_MOONS)}`);
  await waitIdle(page);
  // Progress (phase, bar, ETA) and Cancel, as for every long step. Recorded by an observer
  // rather than polled: on a quiet machine this small experiment can end between two polls.
  await page.evaluate(() => {
    const bar = document.querySelector('[data-testid="status-bar"]')!;
    const seen = { busy: false, progressbar: false, cancel: false };
    (window as unknown as { __statusSeen: typeof seen }).__statusSeen = seen;
    new MutationObserver(() => {
      seen.busy ||= bar.getAttribute('data-busy') === 'yes';
      seen.progressbar ||= !!bar.querySelector('[role="progressbar"]');
      seen.cancel ||= !!bar.querySelector<HTMLButtonElement>('button[data-testid="cancel"]:not([disabled])');
    }).observe(bar, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  await page.getByRole('button', { name: 'Run whole experiment' }).click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { __statusSeen: { busy: boolean } }).__statusSeen.busy)).toBe(true);
  await waitIdle(page);
  const seen = await page.evaluate(() => (window as unknown as { __statusSeen: Record<string, boolean> }).__statusSeen);
  expect(seen).toEqual({ busy: true, progressbar: true, cancel: true });
  // Kept as a run and ticked for comparison: its Original, Retrain and GA rows stand under its name.
  const run = page.getByTestId('run-item');
  await expect(run).toHaveCount(1);
  await expect(run).toHaveAttribute('data-run-status', 'done');
  await expect(run.getByRole('checkbox', { name: 'Compare' })).toBeChecked();
  const name = (await run.locator('.run-name').textContent()) ?? '';
  const table = page.getByTestId('compare-table');
  const rows = table.locator('tbody tr').filter({ has: page.getByRole('cell', { name, exact: true }) });
  await expect.poll(() => rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-model')).sort())).toEqual(['ga', 'original', 'retrain']);
  // The experiment ran in a session of its own: once it is over, the page's plots hold none of its live curves.
  await expect(page.locator('[data-plot=da] .plot-empty')).toContainText('No DA yet');
  await shot(page, '80-whole-experiment');
  expect(errors).toEqual([]);
});
