/** (a) The lab opens on the default dataset at once, names its backend, and honours ?backend=. */
import { expect, test } from '@playwright/test';
import { openLab, shot, watchPage } from './helpers';

test('opens on the default MNIST preview and reports its backend', async ({ page }) => {
  const { errors } = watchPage(page);
  await openLab(page, '/');
  const preview = page.getByTestId('data-preview');
  await expect(preview).toHaveAttribute('data-dataset', 'mnist');
  await expect(preview).toContainText('10 classes');
  await expect(page.getByTestId('forget-summary')).toContainText('class 3');
  const badge = page.getByTestId('backend-badge');
  await expect(badge).toHaveText(/Backend: (webgpu|webgl|wasm|cpu)\b/, { timeout: 120_000 });
  // The CSP is in force (a meta tag in the built page) and nothing broke it.
  await expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveAttribute('content', /script-src 'self' 'wasm-unsafe-eval'/);
  // The shareable config is in the URL from the start.
  expect(new URL(page.url()).hash).toMatch(/^#config=[A-Za-z0-9_-]+$/);
  await shot(page, '01-open-default');
  // Readable on a projector: the large-type switch scales the page.
  const before = await page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
  await page.getByLabel('Large type').check();
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).not.toBe(before);
  await shot(page, '03-large-type');
  expect(errors).toEqual([]);
});

test('?backend=webgpu is honoured and named in the badge', async ({ page }) => {
  const { errors } = watchPage(page);
  await openLab(page, '/?backend=webgpu');
  await expect(page.getByTestId('backend-badge')).toHaveText(/Backend: webgpu/, { timeout: 120_000 });
  await page.locator('#train details.skipped summary').click();
  await shot(page, '02-backend-webgpu');
  expect(errors).toEqual([]);
});

test('a hostile shared link is refused with a message and the default is shown', async ({ page }) => {
  const { errors } = watchPage(page);
  const hostile = Buffer.from(JSON.stringify({ schemaVersion: 1, dataset: { name: 'csv', options: { url: 'javascript:alert(1)' } }, '<img src=x onerror=alert(1)>': 1 })).toString('base64url');
  await page.goto(`/#config=${hostile}`);
  await expect(page.getByTestId('notice')).toContainText('The shared link was not loaded');
  // Shown as text, never as HTML.
  expect(await page.locator('img[src=x]').count()).toBe(0);
  await expect(page.locator('[data-testid=data-preview][data-state=ready]')).toHaveAttribute('data-dataset', 'mnist', { timeout: 120_000 });
  expect(errors).toEqual([]);
});
