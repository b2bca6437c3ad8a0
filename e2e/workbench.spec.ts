/**
 * The workbench (issue #22): at 1440×900, after "Run selected", the Run button, the live DA plot
 * and the status bar are on screen without scrolling the window, and the comparison table is
 * in view when the run ends. At 1100×900 the single column remains. Saves the README's
 * screenshots (docs/screenshots/workbench-*.png).
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configHash, plotTraces, QUICK_MOONS, startLab, trainOriginal, waitIdle } from './helpers';

const SCREENSHOTS = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));

/** The element's box lies wholly inside the viewport (no part of it needs a scroll). */
async function expectInViewport(page: Page, locator: Locator, what: string): Promise<void> {
  const box = await locator.boundingBox();
  const vp = page.viewportSize()!;
  expect(box, `${what} has a box`).not.toBeNull();
  expect(box!.x, `${what} left`).toBeGreaterThanOrEqual(0);
  expect(box!.y, `${what} top`).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, `${what} right`).toBeLessThanOrEqual(vp.width);
  expect(box!.y + box!.height, `${what} bottom`).toBeLessThanOrEqual(vp.height);
}

async function windowScroll(page: Page): Promise<{ x: number; y: number }> {
  return page.evaluate(() => ({ x: window.scrollX, y: window.scrollY }));
}

for (const vp of [{ width: 1440, height: 900 }, { width: 1920, height: 1080 }]) {
  test.describe(`at ${vp.width}×${vp.height}`, () => {
    test.use({ viewport: vp });

    test('after Run selected, the button, the live DA plot and the status stay in view; the table is in view when the run ends', async ({ page }) => {
      test.setTimeout(300_000);
      const { errors } = await startLab(page, `/${configHash(QUICK_MOONS)}`);
      await trainOriginal(page);

      const run = page.getByTestId('run-selected');
      // The control column scrolls on its own: bring the button into view there (a user scrolls the steps); the window never scrolls.
      await run.evaluate((el) => el.scrollIntoView({ block: 'center' }));
      await run.click();
      expect(await windowScroll(page)).toEqual({ x: 0, y: 0 });

      const da = page.locator('[data-plot=da]');
      const status = page.getByTestId('status-bar');
      await expectInViewport(page, run, 'Run selected (at Run selected)');
      await expectInViewport(page, da, 'the live DA plot (at Run selected)');
      await expectInViewport(page, status, 'the status bar (at Run selected)');

      await waitIdle(page);
      expect(await windowScroll(page)).toEqual({ x: 0, y: 0 });
      // The DA plot has a method's line with at least two steps.
      await expect.poll(async () => Math.max(0, ...(await plotTraces(page, 'da'))
        .filter((t) => !/DA$/.test(t.name ?? '')).map((t) => t.x?.length ?? 0)), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
      await expectInViewport(page, run, 'Run selected (after the run)');
      await expectInViewport(page, da, 'the DA plot (after the run)');
      await expectInViewport(page, status, 'the status bar (after the run)');
      const table = page.getByTestId('compare-table');
      await expect(table).toBeVisible();
      await expect(table).toBeInViewport();
      expect(await windowScroll(page)).toEqual({ x: 0, y: 0 });

      // The lessons button covers none of the table.
      const toggle = await page.getByTestId('lessons-toggle').boundingBox();
      const tableBox = await table.boundingBox();
      const overlaps = toggle!.x < tableBox!.x + tableBox!.width && tableBox!.x < toggle!.x + toggle!.width
        && toggle!.y < tableBox!.y + tableBox!.height && tableBox!.y < toggle!.y + toggle!.height;
      expect(overlaps, 'the lessons button over the comparison table').toBe(false);

      // The README's screenshot (the viewport only, as a user sees it), once the spectrum beside or under the DA plot is drawn.
      await expect(page.locator('[data-plot=spectrum]')).toHaveAttribute('data-draws', /^[1-9]/, { timeout: 30_000 });
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: `${SCREENSHOTS}workbench-${vp.width}x${vp.height}.png` });
      expect(errors).toEqual([]);
    });
  });
}

test.describe('at 1100×900', () => {
  test.use({ viewport: { width: 1100, height: 900 } });

  test('one column: the plots come after the methods', async ({ page }) => {
    const { errors } = await startLab(page, `/${configHash(QUICK_MOONS)}`);
    const methods = (await page.locator('#methods').boundingBox())!;
    const plots = (await page.locator('#plots').boundingBox())!;
    expect(plots.y).toBeGreaterThan(methods.y + methods.height - 1);
    expect(Math.abs(plots.x - methods.x)).toBeLessThan(2);
    expect(errors).toEqual([]);
  });
});
