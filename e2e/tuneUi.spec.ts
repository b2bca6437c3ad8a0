/** Tuning in the page (#13, point 3): Tune GA with 3 trials, watch them on the Pareto plot, adopt one into GA's form. */
import { expect, test, type Page } from '@playwright/test';
import { ARTIFACTS, configHash, startLab, plotAnnotations, QUICK_MOONS, waitIdle, waitPlotly } from './helpers';

interface Trace { x: number[]; y: number[]; customdata: number[] }

/** The Pareto plot's points as Plotly holds them: trial index, gaps, and where each sits on the page. */
async function paretoPoints(page: Page): Promise<{ index: number; x: number; y: number; at: { x: number; y: number } }[]> {
  return page.evaluate(() => {
    type Axis = { _offset: number; d2p(v: number): number };
    const gd = document.querySelector('[data-plot="pareto"] .plot-area') as (HTMLElement & { data?: Trace[]; _fullLayout?: { xaxis: Axis; yaxis: Axis } }) | null;
    if (!gd?.data || !gd._fullLayout) return [];
    const rect = gd.getBoundingClientRect();
    const { xaxis, yaxis } = gd._fullLayout;
    return gd.data.flatMap((t) => t.customdata.map((index, i) => ({
      index, x: t.x[i], y: t.y[i],
      at: { x: rect.left + xaxis._offset + xaxis.d2p(t.x[i]), y: rect.top + yaxis._offset + yaxis.d2p(t.y[i]) },
    })));
  });
}

/** Every text the status bar's progress message showed (the run may be over before a poll would see it). */
async function recordStatusMessages(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { statusSeen: string[] }).statusSeen = seen;
    const bar = document.querySelector('[data-testid=status-bar]')!;
    new MutationObserver(() => {
      const text = [bar.querySelector('.status-eta')?.textContent, bar.querySelector('.status-message')?.textContent].filter(Boolean).join(' | ');
      if (text && seen.at(-1) !== text) seen.push(text);
    }).observe(bar, { subtree: true, childList: true, characterData: true });
  });
}

test('Tune GA with 3 trials: three points on the Pareto plot, trial 0 marked, a trial adopted into the form', async ({ page }) => {
  test.setTimeout(400_000);
  const { errors } = await startLab(page, `/${configHash(QUICK_MOONS)}`);
  await waitPlotly(page);

  const ga = page.locator('li.method[data-method=ga]');
  await expect(ga.getByTestId('tune-trials-ga')).toHaveValue('6');
  await ga.getByTestId('tune-trials-ga').fill('3');
  await recordStatusMessages(page);
  await ga.getByTestId('tune-ga').click();
  await expect(page.getByTestId('status-bar')).toHaveAttribute('data-busy', 'yes');
  await waitIdle(page, 300_000);

  // Progress with an ETA reached the status bar, as for every long step.
  const seen = await page.evaluate(() => (window as unknown as { statusSeen: string[] }).statusSeen);
  expect(seen.some((s) => /left/.test(s) && /tuning/.test(s))).toBe(true);

  const tuning = ga.getByTestId('tuning-ga');
  await expect(tuning).toHaveAttribute('data-running', 'no');
  await expect(tuning).toContainText('3 of 3 trials finished');
  // The page's own models are not the tuning session's: nothing was trained here.
  await expect(page.getByTestId('original-accuracy')).toHaveText('Not trained yet.');

  const pareto = page.locator('[data-plot=pareto]');
  await pareto.scrollIntoViewIfNeeded();
  await expect.poll(async () => (await paretoPoints(page)).map((p) => p.index).sort(), { timeout: 30_000 }).toEqual([0, 1, 2]);
  expect(await plotAnnotations(page, 'pareto')).toEqual(['trial 0: where you started']);
  const rows = tuning.locator('[data-testid=tune-trials] tbody tr');
  await expect(rows).toHaveCount(3);

  // Hovering a point shows its parameters; clicking it puts them into the form.
  const points = await paretoPoints(page);
  const one = points.find((p) => p.index === 1)!;
  await page.mouse.move(one.at.x, one.at.y);
  await expect(pareto.locator('.hoverlayer')).toContainText('click to use these parameters');
  await page.mouse.click(one.at.x, one.at.y);
  // Trials that landed on the same spot are one point to the pointer: any of them is the right answer.
  const same = points.filter((p) => p.x === one.x && p.y === one.y).map((p) => `Trial ${p.index}'s parameters`);
  await expect(page.getByTestId('tune-adopted')).toContainText(new RegExp(same.join('|')));

  // The list under the plot does the same from the keyboard: adopt trial 2 and read GA's form.
  const row = tuning.locator('tr[data-trial="2"]');
  const params = await row.locator('data[data-param]').evaluateAll((els) => els.map((e) => [(e as HTMLElement).dataset.param!, e.getAttribute('value')!]));
  expect(params.map(([name]) => name).sort()).toEqual(['epochs', 'lr', 'optimizer']);
  await row.getByRole('button', { name: 'Use the parameters of trial 2' }).click();
  await expect(page.getByTestId('tune-adopted')).toContainText("Trial 2's parameters are in the form");
  for (const [name, value] of params) {
    const field = ga.locator(`fieldset.params [name="${name}"]`);
    if (name === 'optimizer') await expect(field).toHaveValue(value);
    else expect(Number(await field.inputValue())).toBe(Number(value));
  }
  await ga.screenshot({ path: `${ARTIFACTS}tune-ui.png` });
  expect(errors).toEqual([]);
});
