/**
 * Keyboard only: the default journey's first steps — train, choose the class
 * to forget, pick a method, run — with Tab, Enter, Space and arrow keys; every
 * control reached shows a visible focus ring, and every control on the page has
 * an accessible name.
 */
import { expect, test, type Page } from '@playwright/test';
import { configHash, openLab, shot, SMALL_MNIST, waitIdle, watchPage } from './helpers';

/** Focus facts about the focused element, read in the page. */
interface Focused { tag: string; type: string | null; name: string; testid: string | null; method: string | null; visibleRing: boolean }

async function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { tag: 'body', type: null, name: '', testid: null, method: null, visibleRing: false };
    const s = getComputedStyle(el);
    const ring = el.matches(':focus-visible') && s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
    const label = el.getAttribute('aria-label') ?? ((el as HTMLInputElement).labels?.[0]?.textContent ?? el.textContent ?? '');
    return {
      tag: el.tagName.toLowerCase(), type: el.getAttribute('type'), name: label.trim().replace(/\s+/g, ' '), testid: el.getAttribute('data-testid'),
      method: el.closest('[data-method]')?.getAttribute('data-method') ?? null, visibleRing: ring,
    };
  });
}

/** Presses Tab until `match` holds for the focused control; every stop on the way must show its focus ring. */
async function tabTo(page: Page, match: (f: Focused) => boolean, what: string, max = 300): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    expect(f.visibleRing, `focus ring on <${f.tag}> "${f.name}" on the way to ${what}`).toBe(true);
    if (match(f)) return;
  }
  throw new Error(`${what} was not reached with ${max} presses of Tab`);
}

test('keyboard only: train, forget a class, pick a method, run; focus visible and every control named', async ({ page }) => {
  test.setTimeout(300_000);
  const { errors } = watchPage(page);
  await openLab(page, `/${configHash(SMALL_MNIST)}`);
  await waitIdle(page);

  // Every interactive control has an accessible name (the accessibility tree as a screen reader gets it).
  const tree = await page.locator('body').ariaSnapshot();
  const unnamed = tree.split('\n').filter((l) => /^\s*- (button|checkbox|combobox|textbox|spinbutton|radio|slider|link|switch)\b(?! ")/.test(l));
  expect(tree).toContain('button "Train Original"');
  expect(unnamed, 'controls without an accessible name').toEqual([]);

  await tabTo(page, (f) => f.tag === 'button' && /^Train Original/.test(f.name), 'Train Original');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('original-accuracy')).toContainText('test accuracy', { timeout: 200_000 });
  await waitIdle(page);

  // The URL config forgets class 3; the arrow key moves the class select to 4.
  const forget = page.locator('#forget');
  await tabTo(page, (f) => f.tag === 'select' && f.name.startsWith('Class to forget'), 'the class select');
  await expect(forget.getByLabel('Class to forget')).toHaveValue('3');
  await page.keyboard.press('ArrowDown');
  await expect(forget.getByLabel('Class to forget')).toHaveValue('4');
  await tabTo(page, (f) => f.tag === 'button' && f.name === 'Apply forget set', 'Apply forget set');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('forget-summary')).toContainText('class 4');
  await waitIdle(page);

  // MUDA and GA are ticked by the URL config: Space unticks GA, leaving MUDA (and Retrain).
  const ga = page.locator('#methods [data-method=ga] input[type=checkbox]').first();
  await expect(ga).toBeChecked();
  await tabTo(page, (f) => f.method === 'ga' && f.type === 'checkbox', 'the GA checkbox');
  await page.keyboard.press('Space');
  await expect(ga).not.toBeChecked();

  await tabTo(page, (f) => f.testid === 'run-selected', 'Run selected');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('status-bar')).toHaveAttribute('data-busy', 'yes');
  await shot(page, '70-keyboard-running');
  await waitIdle(page, 300_000);
  const table = page.getByTestId('compare-table');
  await expect(table.locator('tr[data-model=muda]')).toBeVisible();
  await expect(table.locator('tr[data-model=retrain]')).toBeVisible();
  await expect(table.locator('tr[data-model=ga]')).toHaveCount(0);
  expect(errors).toEqual([]);
});
