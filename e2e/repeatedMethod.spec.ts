/**
 * One method twice in one experiment, each under its own label, in the table and the plots;
 * then the whole experiment over 3 seeds: mean ± std and Retrain's noise floor in the table.
 */
import { expect, test } from '@playwright/test';
import { ARTIFACTS, QUICK_MOONS, configHash, startLab, plotTraces, waitIdle, waitPlotly } from './helpers';

const TWICE = {
  ...QUICK_MOONS,
  methods: [{ id: 'ga', params: { epochs: 1 } }, { id: 'ga', params: { epochs: 1, lr: 0.01 }, label: 'GA, lr 0.01' }],
};

test('a method twice: both run, labelled, in the table and the DA plot; 3 seeds show mean ± std and the noise floor', async ({ page }) => {
  test.setTimeout(400_000);
  const { errors } = await startLab(page, `/${configHash(TWICE)}`);
  // The config's second GA is listed as a further run under the methods.
  await expect(page.getByTestId('further-runs').locator('li[data-model="ga#lr=0.01"]')).toContainText('GA, lr 0.01');

  await page.getByTestId('run-selected').click();
  await waitIdle(page);
  const table = page.getByTestId('compare-table');
  await expect(table.locator('tr[data-model="ga"] th')).toContainText('Gradient ascent');
  await expect(table.locator('tr[data-model="ga#lr=0.01"] th')).toContainText('GA, lr 0.01');
  await waitPlotly(page);
  await page.locator('[data-plot=da]').scrollIntoViewIfNeeded();
  await expect.poll(async () => (await plotTraces(page, 'da')).map((t) => t.name), { timeout: 60_000 })
    .toEqual(expect.arrayContaining(['Gradient ascent', 'GA, lr 0.01']));

  // Three seeds for the whole experiment: its rows show mean ± std, and cells within Retrain's noise floor say so.
  await page.getByTestId('experiment-seeds').selectOption('3');
  await expect(page.getByTestId('run-experiment')).toContainText('(3 seeds)');
  await page.getByTestId('run-experiment').click();
  await expect(page.getByTestId('run-item')).toHaveCount(2, { timeout: 60_000 });
  await waitIdle(page, 300_000);
  // The experiment's run is the one ticked for comparison (Run selected's run is kept but not ticked).
  const experimentRun = page.getByTestId('run-item').filter({ has: page.getByRole('checkbox', { name: 'Compare', checked: true }) });
  await expect(experimentRun).toHaveCount(1);
  const name = (await experimentRun.locator('.run-name').textContent()) ?? '';
  const rows = table.locator('tbody tr').filter({ has: page.getByRole('cell', { name, exact: true }) });
  await expect.poll(() => rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-model')).sort()))
    .toEqual(['ga', 'ga#lr=0.01', 'original', 'retrain']);
  const stored = rows.filter({ has: page.locator('th', { hasText: 'GA, lr 0.01' }) });
  await expect(stored.locator('td[data-metric=UA]')).toContainText('±');
  const floors = await rows.locator('td[data-noise-floor]').evaluateAll((tds) => tds.map((td) => td.getAttribute('data-noise-floor')));
  expect(floors.length).toBeGreaterThan(0);
  expect(floors).toContain('within'); // Retrain's own cells at least
  await expect(rows.locator('td[data-noise-floor=within] .noise-floor').first()).toBeVisible();
  await table.scrollIntoViewIfNeeded();
  await table.screenshot({ path: `${ARTIFACTS}85-compare-seeds-noise-floor.png` });
  expect(errors).toEqual([]);
});
