/**
 * A static deploy under a sub-path, as a class site on GitHub Pages is
 * (https://user.github.io/lab/): the lab built with `--base=/course/lab/` into
 * its own folder (the build the other specs use is left alone), served by a
 * plain static server that knows nothing outside /course/lab/, opened there,
 * and the Original trained on wasm. Every request the page makes — the
 * worker, its chunks, the wasm binaries, the packed MNIST bytes, the presets —
 * must stay under the sub-path and be found.
 */
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SMALL_MNIST, configHash, trainOriginal, waitIdle, watchPage } from './helpers';

const BASE = '/course/lab/';
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Real MNIST bytes through the packed file, kept tiny: 300 training digits, one epoch. */
const TINY_MNIST = {
  ...SMALL_MNIST,
  dataset: { name: 'mnist', options: { trainSize: 300, testSize: 100 } },
  model: { kind: 'mlp', hidden: [32], featureDim: 16 },
  train: { ...SMALL_MNIST.train, epochs: 1 },
  methods: [{ id: 'ga', params: { epochs: 1 } }],
  eval: { ...SMALL_MNIST.eval, retainReferenceSize: 50, curveSubsetSize: 20 },
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.wasm': 'application/wasm', '.bin': 'application/octet-stream', '.svg': 'image/svg+xml', '.png': 'image/png',
};

let outDir = '';
let server: Server;
let origin = '';
/** Every path the server was asked for, and its status: the server's own account, workers included. */
const served: { path: string; status: number }[] = [];

/** Serves outDir under BASE only; anything else is a 404, as on a host where the lab is one folder among others. */
function serveSubPath(dir: string): Server {
  return createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let status = 404;
    let body: Buffer | string = 'not found';
    let type = 'text/plain';
    if (path.startsWith(BASE)) {
      const rel = path.slice(BASE.length) || 'index.html';
      const file = normalize(join(dir, rel));
      if (file.startsWith(dir + sep) && existsSync(file) && statSync(file).isFile()) {
        status = 200;
        body = readFileSync(file);
        type = TYPES[extname(file)] ?? 'application/octet-stream';
      }
    }
    served.push({ path, status });
    res.writeHead(status, { 'Content-Type': type });
    res.end(body);
  });
}

test.beforeAll(async () => {
  test.setTimeout(600_000);
  outDir = mkdtempSync(join(tmpdir(), 'lab-subpath-'));
  // The documented command is `npm run build -- --base=…`, i.e. `tsc --noEmit … && vite build --base=…`;
  // the type check writes nothing, so the build step alone makes the same site.
  const r = spawnSync('npx', ['vite', 'build', `--base=${BASE}`, `--outDir=${outDir}`, '--emptyOutDir', '--logLevel=warn'], { cwd: ROOT, encoding: 'utf8' });
  expect(r.status, `vite build --base=${BASE}\n${r.stdout}\n${r.stderr}`).toBe(0);
  // GitHub Pages deployed from a branch runs Jekyll, which drops files whose names start with "_" (a chunk
  // of ours does) unless the site has a .nojekyll file: public/.nojekyll puts one in every build.
  expect(existsSync(join(outDir, '.nojekyll')), '.nojekyll in the build').toBe(true);
  server = serveSubPath(outDir);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

test(`built with --base=${BASE} and served there: loads, trains on wasm, and asks for nothing outside the sub-path`, async ({ page }) => {
  test.setTimeout(300_000);
  const { errors } = watchPage(page);
  const outside: string[] = [];
  const failed: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.protocol === 'blob:' || url.protocol === 'data:') return;
    if (url.origin !== origin || !url.pathname.startsWith(BASE)) outside.push(r.url());
  });
  page.on('requestfailed', (r) => failed.push(`${r.url()} (${r.failure()?.errorText})`));
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.url()} (${r.status()})`);
  });

  await page.goto(`${origin}${BASE}?backend=wasm${configHash(TINY_MNIST)}`);
  // A wrong base shows here already (the page's own scripts and styles), rather than as a timeout below.
  expect(outside, 'requests outside the sub-path while loading').toEqual([]);
  expect(failed, 'failed requests while loading').toEqual([]);
  await expect(page.locator('[data-testid=data-preview][data-state=ready]')).toHaveAttribute('data-dataset', 'mnist', { timeout: 120_000 });
  await expect(page.getByTestId('backend-badge')).toHaveText(/Backend: wasm/, { timeout: 120_000 });
  await waitIdle(page);
  // Presets are fetched from examples/ at start: the picker lists them.
  await expect.poll(() => page.locator('#preset option').count()).toBeGreaterThan(1);
  await trainOriginal(page);
  // The lessons open (their text and configs are bundled; their runs use the same data and wasm files).
  await page.getByTestId('lessons-toggle').click();
  await expect(page.getByTestId('lessons-panel')).toBeVisible();
  // A link shared from the page keeps the sub-path.
  expect(new URL(page.url()).pathname).toBe(BASE);

  expect(outside, 'requests outside the sub-path').toEqual([]);
  expect(failed, 'failed requests').toEqual([]);
  expect(served.filter((s) => s.status !== 200), 'what the server could not serve').toEqual([]);
  // The files that break first under a sub-path were really fetched from it.
  const paths = served.map((s) => s.path);
  for (const want of [/^\/course\/lab\/assets\/labWorker-[\w-]+\.js$/, /^\/course\/lab\/wasm\/tfjs-backend-wasm[\w-]*\.wasm$/, /^\/course\/lab\/data\/mnist\.bin$/, /^\/course\/lab\/examples\/[\w-]+\.json$/]) {
    expect(paths.some((p) => want.test(p)), `a request matching ${want} among ${JSON.stringify(paths)}`).toBe(true);
  }
  expect(errors).toEqual([]);
});
