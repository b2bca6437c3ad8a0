/**
 * Your own data through the Data panel: a 2-D CSV and a folder of class
 * images (e2e/fixtures), each uploaded with the panel's buttons, previewed
 * and used to train the Original.
 */
import { expect, test, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { configHash, openLab, shot, trainOriginal, waitIdle, watchPage } from './helpers';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

// Opens on small moons (quick to prepare); the model and training settings carry over to the upload.
const SMALL = {
  schemaVersion: 1,
  seed: 1,
  dataset: { name: 'moons', options: { n: 200, noise: 0.1 } },
  model: { kind: 'mlp', hidden: [32], featureDim: 16 },
  train: { epochs: 30, batchSize: 16, optimizer: 'adam', lr: 0.01 },
  scenario: { kind: 'random', fraction: 0.1 },
  methods: [{ id: 'ga', params: { epochs: 1 } }],
  eval: { seeds: 1, retainReferenceSize: 50, everySteps: 2, curveSubsetSize: 20, relearn: false },
};

async function upload(page: Page, dataset: 'csv' | 'images', button: string, path: string): Promise<void> {
  const panel = page.locator('#data');
  await panel.getByLabel('Dataset').selectOption(dataset);
  const chooser = page.waitForEvent('filechooser');
  await panel.getByRole('button', { name: button }).click();
  await (await chooser).setFiles(path);
}

/** The Original's test accuracy as a fraction, read from the Train panel. */
async function testAccuracy(page: Page): Promise<number> {
  const text = (await page.getByTestId('original-accuracy').textContent()) ?? '';
  const m = /test accuracy\s*([\d.]+)%/.exec(text);
  expect(m, text).not.toBeNull();
  return Number(m![1]) / 100;
}

test('CSV upload: a 2-D table of two classes is previewed and the Original learns it', async ({ page }) => {
  test.setTimeout(240_000);
  const { errors } = watchPage(page);
  await openLab(page, `/${configHash(SMALL)}`);
  await waitIdle(page);
  await upload(page, 'csv', 'Upload CSV…', `${FIXTURES}two-blobs.csv`);
  const preview = page.getByTestId('data-preview');
  // 120 rows, 20 % held out per class: 96 training and 24 test samples, two 2-D classes.
  await expect(preview).toContainText('96 training and 24 test samples, 2 classes', { timeout: 60_000 });
  await expect(preview).toContainText('input 2');
  await expect(preview.getByRole('list', { name: 'Training samples per class' })).toContainText('left: 48');
  await expect(page.locator('#data')).toContainText('Uploaded: two-blobs.csv');
  await waitIdle(page);
  await trainOriginal(page);
  // The blobs are 3 standard deviations apart: anything that learned them is near 100 %.
  expect(await testAccuracy(page)).toBeGreaterThanOrEqual(0.9);
  await shot(page, '50-csv-upload-trained');
  expect(errors).toEqual([]);
});

test('image upload: a folder of class folders (bars / square, 8×8 PNG) is previewed and the Original learns it', async ({ page }) => {
  test.setTimeout(240_000);
  const { errors } = watchPage(page);
  await openLab(page, `/${configHash(SMALL)}`);
  await waitIdle(page);
  await upload(page, 'images', 'Upload image folder…', `${FIXTURES}shapes`);
  const preview = page.getByTestId('data-preview');
  // 24 images, about 20 % held out; each is resized to the default 28×28 grey.
  await expect(preview).toContainText('19 training and 5 test samples, 2 classes, input 28×28×1', { timeout: 60_000 });
  const counts = preview.getByRole('list', { name: 'Training samples per class' });
  await expect(counts).toContainText('bars');
  await expect(counts).toContainText('square');
  await expect(page.locator('#data')).toContainText('Uploaded: shapes');
  await waitIdle(page);
  await trainOriginal(page);
  // Bars vs a square: trivially separable; a working pipeline gets the held-out images right.
  expect(await testAccuracy(page)).toBeGreaterThanOrEqual(0.75);
  await shot(page, '51-image-upload-trained');
  expect(errors).toEqual([]);
});
