/**
 * Accessibility checked by a tool (axe-core, every rule it runs by default):
 * the page after load, a finished comparison (table and plots drawn), and
 * presenter mode, with no serious or critical violation. Moderate and minor
 * ones are printed and attached to the report, not failed on. Presenter mode,
 * shown on a projector and driven from a keyboard, keeps a visible focus ring.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { QUICK_MOONS, configHash, startLab, trainOriginal, waitIdle, waitPlotly } from './helpers';

type Violation = Awaited<ReturnType<AxeBuilder['analyze']>>['violations'][number];

/** One line per rule and element: enough to find and fix it. */
function describe(v: Violation): string {
  return v.nodes.map((n) => `[${v.impact}] ${v.id}: ${n.target.join(' ')} — ${n.failureSummary?.replace(/\s+/g, ' ') ?? v.help}`).join('\n');
}

/** Scans the page; prints every violation, fails on serious and critical ones. */
async function scan(page: Page, where: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = violations.map(describe).join('\n');
  const counts = violations.map((v) => `${v.id} (${v.impact}) ×${v.nodes.length}`).join(', ') || 'none';
  console.log(`axe, ${where}: ${counts}${report ? `\n${report}` : ''}`);
  await test.info().attach(`axe-${where}`, { body: JSON.stringify(violations, null, 2), contentType: 'application/json' });
  expect(blocking.map(describe), `serious or critical axe violations on ${where}`).toEqual([]);
}

test('axe: the page after load', async ({ page }) => {
  const { errors } = await startLab(page, '/');
  await waitPlotly(page);
  await scan(page, 'main page');
  expect(errors).toEqual([]);
});

test('axe: a finished comparison', async ({ page }) => {
  test.setTimeout(300_000);
  const { errors } = await startLab(page, `/${configHash(QUICK_MOONS)}`);
  await trainOriginal(page);
  await page.getByTestId('run-selected').click();
  await waitIdle(page);
  await waitPlotly(page);
  const table = page.getByTestId('compare-table');
  await expect(table.locator('tbody tr[data-model=ga]').first()).toBeVisible();
  await expect(page.locator('[data-plot][data-draws]').first()).toBeAttached();
  await scan(page, 'comparison');
  expect(errors).toEqual([]);
});

test('axe: the lessons panel and presenter mode, whose focus ring is visible', async ({ page }) => {
  const { errors } = await startLab(page, '/');
  await page.getByTestId('lessons-toggle').click();
  await expect(page.getByTestId('lessons-panel')).toBeVisible();
  await scan(page, 'lessons panel');
  await page.getByTestId('presenter-open').click();
  const presenter = page.getByTestId('presenter');
  await expect(presenter).toBeVisible();
  await scan(page, 'presenter');

  // From the keyboard, as a presenter does: the focused control shows a ring (an outline or a box shadow).
  await page.keyboard.press('Tab');
  const ring = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const s = getComputedStyle(el);
    return {
      inPresenter: !!el.closest('[data-testid=presenter]'), tag: el.tagName.toLowerCase(), focusVisible: el.matches(':focus-visible'),
      outline: s.outlineStyle === 'none' ? 'none' : `${s.outlineStyle} ${s.outlineWidth}`, boxShadow: s.boxShadow,
    };
  });
  expect(ring.inPresenter, `focus moved to <${ring.tag}> outside the presenter`).toBe(true);
  expect(ring.focusVisible).toBe(true);
  const outlineOk = ring.outline !== 'none' && parseFloat(ring.outline.split(' ')[1]) >= 2;
  expect(outlineOk || ring.boxShadow !== 'none', `focus indicator of <${ring.tag}>: outline ${ring.outline}, box-shadow ${ring.boxShadow}`).toBe(true);

  // The question slide, with its show-of-hands counters, and the summary at the end.
  await presenter.locator('.presenter-slides button').nth(2).click();
  await expect(presenter).toHaveAttribute('data-slide', 'question');
  await scan(page, 'presenter, question with a show of hands');
  await page.keyboard.press('Escape');
  await page.getByTestId('lessons-summary-open').click();
  await expect(page.getByTestId('lessons-summary')).toBeVisible();
  await scan(page, 'lessons summary');
  await page.getByTestId('lessons-plan-open').click();
  await expect(page.getByTestId('lessons-plan')).toBeVisible();
  await scan(page, "teacher's plan");
  expect(errors).toEqual([]);
});
