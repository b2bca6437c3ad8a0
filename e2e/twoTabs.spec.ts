/**
 * The lab open twice on one origin (#19, point 3): runs started in both tabs are stored whole,
 * each tab lists the other's finished run after a reload, and a schema upgrade opened in one tab
 * is not blocked by the other (its store closes on versionchange).
 */
import { expect, test } from '@playwright/test';
import { QUICK_MOONS, configHash, startLab, storedRunRecords, waitIdle } from './helpers';

test('two tabs run at once: both runs stored without loss, each seen by the other; an upgrade in one tab is not blocked by the other', async ({ context }) => {
  test.setTimeout(300_000);
  const [a, b] = [await context.newPage(), await context.newPage()];
  const moons = (seed: number) => `/${configHash({ ...QUICK_MOONS, seed })}`;
  const watched = [await startLab(a, moons(1)), await startLab(b, moons(2))];
  await Promise.all([a.getByTestId('run-selected').click(), b.getByTestId('run-selected').click()]);
  await Promise.all([waitIdle(a), waitIdle(b)]);
  for (const page of [a, b]) {
    await page.reload();
    await expect(page.locator('[data-testid=run-item][data-run-status=done]')).toHaveCount(2, { timeout: 60_000 });
  }
  // Each stored run holds its own tab's models and seed: nothing interleaved.
  const stored = (await storedRunRecords(a)).map((r) => {
    const seeds = [...new Set(Object.values(r.results?.models ?? {}).map((m) => m.seed))];
    if (seeds.length !== 1 || seeds[0] !== r.config.seed) throw new Error(`run of seed ${r.config.seed} holds models of seeds ${seeds}`);
    return { seed: r.config.seed, models: Object.keys(r.results!.models).sort() };
  }).sort((x, y) => x.seed - y.seed);
  expect(stored).toEqual([{ seed: 1, models: ['ga', 'original', 'retrain'] }, { seed: 2, models: ['ga', 'original', 'retrain'] }]);

  // Tab B opens the database at a newer version while tab A holds it open: A steps aside, B is not blocked.
  const upgraded = await b.evaluate(() => new Promise<string>((resolve) => {
    const open = indexedDB.open('unlearning-lab', 99);
    open.onblocked = () => resolve('blocked');
    open.onsuccess = () => {
      open.result.close();
      resolve('upgraded');
    };
    open.onerror = () => resolve(`error: ${open.error?.message}`);
  }));
  expect(upgraded).toBe('upgraded');
  for (const w of watched) expect(w.errors).toEqual([]);
});
