/**
 * The workbench at 1440×900: after "Run selected", with no scrolling, the Run button, the live
 * DA plot (two points or more) and the progress are all in the window; when the run ends the
 * comparison table is too. Pins move a plot between the views and the Plots section and are
 * remembered after a reload. Screenshots for the README at 1440×900 and 1920×1080.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { ARTIFACTS, SMALL_MNIST, configHash, startLab, trainOriginal, waitIdle } from './helpers';

// A MUDA long enough to be watched mid-run on this machine; the Original is trained first, so the run is Retrain then MUDA.
const CONFIG = { ...SMALL_MNIST, methods: [{ id: 'muda', params: { epochs: 12 } }], eval: { ...SMALL_MNIST.eval, everySteps: 1 } };

/** Whether the element's top-left corner and its first 40 px of height are inside the window. */
async function inWindow(page: Page, el: Locator): Promise<boolean> {
  const box = await el.boundingBox();
  const size = page.viewportSize()!;
  return !!box && box.height > 0 && box.y >= 0 && box.x >= 0 && box.y + Math.min(box.height, 40) <= size.height && box.x < size.width;
}

test.use({ viewport: { width: 1440, height: 900 } });

test('at 1440×900 the Run button, the live DA plot and the progress stay in view during a run, and the table when it ends', async ({ page }) => {
  test.setTimeout(400_000);
  const { errors } = await startLab(page, `/${configHash(CONFIG)}`);
  await trainOriginal(page);
  const run = page.getByTestId('run-selected');
  await run.scrollIntoViewIfNeeded();
  // From here the test never scrolls (the browser's scroll anchoring may, to keep what is on screen in place).
  await run.click();

  const da = page.locator('[data-testid=views] [data-plot=da]');
  const progress = page.locator('[data-testid=status-bar] [role=progressbar]');
  await expect(page.locator('[data-testid=status-bar][data-busy=yes]')).toBeVisible();
  // MUDA's own curve on the live canvas: two points or more, drawn while it runs.
  await expect(page.getByTestId('status-bar')).toContainText(/MUDA/, { timeout: 200_000 });
  await expect.poll(async () => Number(await da.getAttribute('data-points') ?? 0), { timeout: 120_000 }).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId('status-bar')).toHaveAttribute('data-busy', 'yes');
  for (const [name, el] of [['Run button', run], ['DA plot', da], ['progress', progress]] as const) {
    expect(await inWindow(page, el), `${name} in the window`).toBe(true);
  }
  await page.screenshot({ path: `${ARTIFACTS}workbench-1440x900-running.png` });

  await waitIdle(page);
  const table = page.getByTestId('compare-table');
  await expect(table.locator('tr[data-model=muda]')).toBeVisible();
  expect(await inWindow(page, table.locator('tr[data-model=muda] th')), 'the table\'s MUDA row in the window').toBe(true);
  await page.screenshot({ path: `${ARTIFACTS}workbench-1440x900.png` });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.evaluate(() => window.scrollTo({ top: 0 }));
  await page.getByTestId('views').evaluate((el) => el.scrollTo({ top: 0 }));
  await page.screenshot({ path: `${ARTIFACTS}workbench-1920x1080.png` });
  expect(errors).toEqual([]);
});

test('a pinned plot moves into the views and stays pinned after a reload; unpinned, it goes back to the Plots section', async ({ page }) => {
  test.setTimeout(200_000);
  const { errors } = await startLab(page, `/${configHash(CONFIG)}`);
  await expect(page.locator('[data-testid=pinned-views] [data-plot=da]')).toBeAttached();
  await expect(page.locator('#plots [data-plot=spectrum]')).toBeAttached();
  await page.getByTestId('pin-spectrum').click();
  await expect(page.locator('[data-testid=pinned-views] [data-plot=spectrum]')).toBeAttached();
  await expect(page.locator('#plots [data-plot=spectrum]')).toHaveCount(0);
  await page.reload();
  await expect(page.locator('[data-testid=pinned-views] [data-plot=spectrum]')).toBeAttached({ timeout: 60_000 });
  await expect(page.getByTestId('pin-spectrum')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('pin-spectrum').click();
  await page.getByTestId('pin-da').click();
  await expect(page.locator('#plots [data-plot=spectrum]')).toBeAttached();
  await expect(page.locator('#plots [data-plot=da]')).toBeAttached();
  await expect(page.locator('[data-testid=pinned-views] [data-plot=metric-curves]')).toBeAttached();
  expect(errors).toEqual([]);
});
