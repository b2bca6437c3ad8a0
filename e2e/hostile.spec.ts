/**
 * Hostile text stays text (#19, point 5): labels, method ids and messages that hold HTML or
 * script, from a shared URL and from an imported Results file, are shown literally in the
 * table, the plots' legends, the tooltips and the CSV, and nothing in them runs.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { ARTIFACTS, QUICK_MOONS, configHash, plotTraces, startLab, waitIdle, waitPlotly } from './helpers';

const IMG = '<img src=x onerror="window.__pwned=1">GA';
const FORMULA = '=HYPERLINK("http://example.com","x")';
const SCRIPT = '<script>window.__pwned=2</script>note';

/** Nothing ran, and no element from the hostile strings exists anywhere in the page. */
async function nothingRan(page: Page): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await page.locator('img[src=x], script:has-text("__pwned")').count()).toBe(0);
}

test('labels and messages with HTML or script, from a shared link and an imported file, show as literal text', async ({ page }) => {
  test.setTimeout(300_000);
  // The first run of GA fills the page's form and keeps its label from the link; the second is a further run.
  const config = { ...QUICK_MOONS, methods: [{ id: 'ga', params: { epochs: 1 }, label: IMG }, { id: 'ga', params: { epochs: 1, lr: 0.03 }, label: FORMULA }] };
  const { errors } = await startLab(page, `/${configHash(config)}`);
  await waitPlotly(page);
  await page.getByTestId('run-selected').click();
  await waitIdle(page);
  const table = page.getByTestId('compare-table');
  await expect(table.locator('tbody th').filter({ hasText: IMG })).toHaveCount(1);
  await expect(table.locator('tbody th').filter({ hasText: FORMULA })).toHaveCount(1);
  await page.locator('[data-plot=da]').scrollIntoViewIfNeeded();
  await expect.poll(async () => (await plotTraces(page, 'da')).map((t) => t.name), { timeout: 60_000 }).toEqual(expect.arrayContaining([IMG, FORMULA]));
  // What the legend shows is the label itself, not markup made from it.
  await expect(page.locator('[data-plot=da] .legendtext').filter({ hasText: 'onerror' })).toHaveCount(1);
  await nothingRan(page);

  // Export, poison the file's labels and messages, import it: the imported run shows them as text too.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-session-json').click()]);
  const results = JSON.parse(readFileSync((await download.path())!, 'utf8'));
  const ids = Object.keys(results.models).filter((id) => id !== 'original' && id !== 'retrain');
  results.models[ids[0]].label = '<svg onload="window.__pwned=3">imported</svg>';
  results.models[ids[0]].message = SCRIPT;
  const file = `${ARTIFACTS}hostile.results.json`;
  writeFileSync(file, JSON.stringify(results));
  await page.locator('input[type=file][aria-label="Results JSON file"]').setInputFiles(file);
  const imported = page.getByTestId('run-item').filter({ hasText: 'hostile' }).first();
  await expect(imported).toHaveAttribute('data-run-status', 'imported', { timeout: 30_000 });
  await imported.getByRole('checkbox', { name: 'Compare' }).check();
  await expect(table.locator('tbody th').filter({ hasText: '<svg onload="window.__pwned=3">imported</svg>' })).toHaveCount(1);
  await nothingRan(page);
  expect(await page.locator('svg[onload]').count()).toBe(0);

  // The imported run's CSV: the labels as text, the formula neutralised.
  const [csv] = await Promise.all([page.waitForEvent('download'), imported.getByRole('button', { name: 'CSV' }).click()]);
  const text = readFileSync((await csv.path())!, 'utf8');
  expect(text).toContain('<svg onload=');
  expect(text).toContain(`'${FORMULA.replace(/"/g, '""')}`);
  expect(text).not.toMatch(/(^|,)=HYPERLINK/m);
  expect(errors).toEqual([]);
});
