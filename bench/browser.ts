/**
 * `npm run bench -- --browser [--reps N] [--json out.json] [--port 4185] [--backend wasm] [--isolation] [--dist DIR]`
 *
 * The default experiment as the lab runs it for a visitor: the built app
 * (vite build, served by vite preview) in headless Chromium, the engine in the
 * page's module Web Worker. The page is opened with ?testHooks=1, which lets
 * this script start `runExperiment(DEFAULT_CONFIG)` in the worker (the CLI's
 * path, the same engine code the Node row runs) and read the engine's tensor
 * memory. Wall seconds are the page's; CPU seconds are those of every Chromium
 * process (browser, renderer with its workers, GPU process) over the run, read
 * from /proc, in all and per thread name (the engine's worker thread apart
 * from the page's main thread, which draws the live plots), so the row
 * compares with the Node row of `default-experiment`.
 *
 * The build is served as vite preview serves it (no COOP/COEP headers: tfjs'
 * single-threaded SIMD build). `--isolation` adds the cross-origin isolation
 * headers, so tfjs loads its threaded build (which tfjs 4.22 caps at half the
 * logical cores: one thread on a 2-core machine).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { build, preview } from 'vite';
import { DEFAULT_CONFIG, parseConfig, type ExperimentConfig } from '../src/engine/config';
import playwrightConfig from '../playwright.config';
import { checkReps, walkFlags } from './flags';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** With these headers the page is cross-origin isolated and tfjs' wasm backend loads its threaded build. */
const CROSS_ORIGIN_ISOLATION_HEADERS = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
const TARGET_S = 60;
const STRETCH_S = 30;

interface Args {
  reps: number;
  json?: string;
  port: number;
  backend: string;
  isolation: boolean;
  /** An existing build to serve instead of building one. */
  dist?: string;
}

function parseBrowserArgs(argv: string[]): Args {
  const a: Args = { reps: 1, port: 4185, backend: 'wasm', isolation: false };
  walkFlags(argv, (flag, value) => {
    if (flag === '--reps') a.reps = Number(value());
    else if (flag === '--json') a.json = value();
    else if (flag === '--port') a.port = Number(value());
    else if (flag === '--backend') a.backend = value();
    else if (flag === '--isolation') a.isolation = true;
    else if (flag === '--dist') a.dist = value();
    else if (flag === '--only') {
      if (value() !== 'default-experiment') throw new Error('--browser runs the default-experiment workload only');
    } else return false;
    return true;
  }, 'for --browser (--reps, --json, --port, --backend, --isolation, --dist)');
  checkReps(a.reps);
  return a;
}

/** [name, user + system ticks] from a /proc stat line (the name is in parentheses and may hold spaces). */
function statTicks(path: string): [string, number] | null {
  try {
    const stat = readFileSync(path, 'utf8');
    const close = stat.lastIndexOf(')');
    const f = stat.slice(close + 2).split(' ');
    return [stat.slice(stat.indexOf('(') + 1, close), Number(f[11]) + Number(f[12])];
  } catch {
    return null; // ended while we read
  }
}

/**
 * CPU seconds (user + system) of every process below `pid` (Chromium and its
 * helpers), in all and per thread name ("DedicatedWorker thread" is the
 * engine, "CrRendererMain" the page's main thread), from /proc.
 */
function chromiumCpu(pid: number): { total: number; byThread: Record<string, number> } {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // ended while we read
    }
  }
  const below = (p: number): boolean => {
    for (let q = parent.get(p); q !== undefined && q > 1; q = parent.get(q)) if (q === pid) return true;
    return false;
  };
  const byThread: Record<string, number> = {};
  let total = 0;
  for (const p of parent.keys()) {
    if (!below(p)) continue;
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {
      continue;
    }
    for (const t of tasks) {
      const r = statTicks(`/proc/${p}/task/${t}/stat`);
      if (!r) continue;
      byThread[r[0]] = (byThread[r[0]] ?? 0) + r[1] / 100; // USER_HZ is 100 on Linux
      total += r[1] / 100;
    }
  }
  return { total, byThread };
}

/** after − before per thread name, the largest first, as "name=12.3s". */
function cpuByThread(before: Record<string, number>, after: Record<string, number>): string {
  return Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)] as const).filter(([, v]) => v >= 0.5)
    .sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k}=${v.toFixed(1)}s`).join(' ');
}

interface PageRun {
  seconds: number;
  phases: Record<string, number>;
  models: string[];
  errors: string[];
  tensorsLeft: number;
  backend: string;
}

/** One run of `config` through the page's worker, with per-phase wall seconds from the store's phase events. */
async function runInPage(page: Page, config: ExperimentConfig): Promise<PageRun> {
  return page.evaluate(async (cfg) => {
    type Phase = { phase: string; modelId: string } | null;
    type Lab = {
      store: { getState(): { phase: Phase; notice: { kind: string; text: string } | null }; subscribe(f: () => void): () => void };
      runExperiment(c: unknown): Promise<{ models: Record<string, unknown> }>;
      memory(): Promise<{ numTensors: number; backend: string }>;
    };
    const lab = (window as unknown as { __lab: Lab }).__lab;
    const phases: Record<string, number> = {};
    const errors: string[] = [];
    let current: { key: string; t0: number } | null = null;
    let last: Phase = null;
    let lastNotice: unknown = lab.store.getState().notice;
    const close = () => {
      if (current) phases[current.key] = (phases[current.key] ?? 0) + (performance.now() - current.t0) / 1000;
      current = null;
    };
    const unsubscribe = lab.store.subscribe(() => {
      const s = lab.store.getState();
      if (s.notice !== lastNotice) {
        lastNotice = s.notice;
        if (s.notice?.kind === 'error') errors.push(s.notice.text);
      }
      if (!s.phase || s.phase === last) return;
      last = s.phase;
      close();
      current = { key: `${s.phase.phase}:${s.phase.modelId}`, t0: performance.now() };
    });
    const before = await lab.memory();
    const t0 = performance.now();
    const results = await lab.runExperiment(cfg);
    const seconds = (performance.now() - t0) / 1000;
    close();
    unsubscribe();
    const after = await lab.memory();
    return { seconds, phases, models: Object.keys(results.models), errors, tensorsLeft: after.numTensors - before.numTensors, backend: after.backend };
  }, config as unknown as Record<string, unknown>);
}

function fmt(phases: Record<string, number>): string {
  return Object.entries(phases).map(([k, v]) => `${k}=${v.toFixed(1)}s`).join(' ');
}

export async function browserBench(argv: string[]): Promise<void> {
  const args = parseBrowserArgs(argv);
  const log = (m: string) => process.stderr.write(m + '\n');
  // The e2e tests' browser and flags (playwright.config.ts): Debian's Chromium or CHROMIUM_PATH, else Playwright's own.
  const executablePath = playwrightConfig.use?.launchOptions?.executablePath;
  if (executablePath && !existsSync(executablePath)) throw new Error(`CHROMIUM_PATH ${executablePath} does not exist`);
  const tmp = args.dist ? null : mkdtempSync(join(tmpdir(), 'lab-bench-dist-'));
  const outDir = args.dist ?? tmp!;
  let server: Awaited<ReturnType<typeof preview>> | null = null;
  let browser: Awaited<ReturnType<typeof chromium.launch>> | null = null;
  try {
    if (!args.dist) {
      log(`building the app into ${outDir} …`);
      await build({ root: ROOT, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    }
    // Only serving: the build above used the project's vite.config.ts.
    server = await preview({
      root: ROOT, configFile: false, logLevel: 'warn', build: { outDir },
      preview: { port: args.port, strictPort: true, headers: args.isolation ? CROSS_ORIGIN_ISOLATION_HEADERS : {} },
    });
    browser = await chromium.launch({ executablePath, headless: true, args: playwrightConfig.use?.launchOptions?.args ?? [] });
    const loadStart = loadavg().map((x) => Math.round(x * 100) / 100);
    const runs: { wall: number; cpu: number; threads: string; run: PageRun }[] = [];
    const config = parseConfig(DEFAULT_CONFIG);
    for (let rep = 0; rep < args.reps; rep++) {
      // A fresh page per repetition: each run starts from a page load, as a visitor's would.
      const page = await browser.newPage();
      // tsx compiles this file with esbuild's keepNames: functions sent to page.evaluate call its __name helper.
      await page.addInitScript('globalThis.__name ??= (f) => f;');
      page.on('pageerror', (e) => log(`page error: ${e.message}`));
      await page.goto(`http://localhost:${args.port}/?testHooks=1&backend=${encodeURIComponent(args.backend)}`);
      await page.locator('[data-testid=data-preview][data-state=ready]').waitFor({ timeout: 180_000 });
      // Plotly compiles for 13–18 s on the main thread after the preview: let it finish first.
      await page.waitForFunction(() => ['ready', 'failed'].includes(document.documentElement.dataset.plotly ?? ''), undefined, { timeout: 180_000 });
      const device = await page.evaluate(() => {
        const s = (window as unknown as { __lab: { store: { getState(): { backend: { backend: string; device?: string } | null } } } }).__lab.store.getState();
        return s.backend ? `${s.backend.backend} (${s.backend.device ?? '?'})` : 'not reported';
      });
      const isolated = await page.evaluate(() => crossOriginIsolated);
      const c0 = chromiumCpu(process.pid);
      const run = await runInPage(page, config);
      const c1 = chromiumCpu(process.pid);
      const cpu = c1.total - c0.total;
      const threads = cpuByThread(c0.byThread, c1.byThread);
      runs.push({ wall: run.seconds, cpu, threads, run });
      log(`rep ${rep + 1}/${args.reps} default-experiment (Chromium, ${device}, crossOriginIsolated ${isolated}): ` +
        `${run.seconds.toFixed(3)} s (cpu ${cpu.toFixed(3)} s, all Chromium processes) ` +
        JSON.stringify({ models: run.models.join(' '), errors: run.errors.join('; ') || 'none', tensorsLeft: run.tensorsLeft, phases: fmt(run.phases), cpuByThread: threads }));
      await page.close();
    }
    const median = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      const m = Math.floor(s.length / 2);
      return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
    };
    const wall = median(runs.map((r) => r.wall));
    const cpu = median(runs.map((r) => r.cpu));
    const backend = `${runs[0].run.backend} (Chromium${args.isolation ? ', isolated' : ''})`;
    const row = ['default-experiment', backend, wall.toFixed(3), '— (absolute)', '—', '—', '—', `≤ ${TARGET_S} s`, wall <= TARGET_S ? (wall <= STRETCH_S ? 'yes (stretch)' : 'yes') : 'NO'];
    const head = ['workload', 'backend', 'lab s', 'reference', 'reference s', 'ratio', 'cpu ratio', 'target', 'met'];
    const widths = head.map((h, i) => Math.max(h.length, row[i].length));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
    const loadEnd = loadavg().map((x) => Math.round(x * 100) / 100);
    process.stdout.write(`\n${[line(head), line(widths.map((w) => '-'.repeat(w))), line(row)].join('\n')}\n\n` +
      `${cpus()[0]?.model ?? 'CPU'}, ${cpus().length} cores; headless Chromium (${executablePath ?? 'Playwright\'s own'}); CPU s (median) ${cpu.toFixed(1)}; ` +
      `medians of ${args.reps} rep(s); load average ${loadStart.join(' ')} → ${loadEnd.join(' ')}\n`);
    if (args.json) {
      writeFileSync(args.json, JSON.stringify({
        machine: { cpu: cpus()[0]?.model, cores: cpus().length, browser: executablePath, isolation: args.isolation, loadAverageStart: loadStart, loadAverageEnd: loadEnd, date: new Date().toISOString() },
        workloads: [{ name: 'default-experiment', runtime: 'chromium', backend, lab_s: wall, lab_cpu_s: cpu, target: { kind: 'seconds', max: TARGET_S, stretch: STRETCH_S }, met: wall <= TARGET_S,
          runs: runs.map((r) => ({ seconds: r.wall, cpuSeconds: r.cpu, cpuByThread: r.threads, models: r.run.models, errors: r.run.errors, tensorsLeft: r.run.tensorsLeft, phases: r.run.phases })) }],
      }, null, 2) + '\n');
      log(`wrote ${args.json}`);
    }
  } finally {
    await browser?.close();
    await server?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}
