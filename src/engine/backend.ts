/**
 * Picks the tfjs backend and says why. Order: webgpu → webgl → wasm → cpu,
 * except that a *software* GPU (SwiftShader, as in headless Chromium or Dawn
 * without a GPU) ranks below wasm: measured 13× slower than wasm on the MLP
 * epoch (docs/quality.md). Every skipped backend is reported with its reason.
 */
import * as tf from '@tensorflow/tfjs';
import { isNode } from './runtime';
import { registerWasmKernels } from './kernels/register';
import { DeviceLostError } from './errors';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export const BACKEND_ORDER: BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export interface BackendReport {
  backend: BackendName;
  /** Backend → why it was not used. */
  skipped: Record<string, string>;
  runtime: string;
  /** The adapter / renderer in use, in words. */
  device: string;
  /** True when the chosen backend runs on a software rasteriser / adapter. */
  software: boolean;
  forced: boolean;
  /** Set when this backend replaced another: the one given up (a lost device, or a forced backend that failed). */
  fellBackFrom?: BackendName;
  /** Why `fellBackFrom` was given up, in words. */
  reason?: string;
}

interface Candidate {
  name: BackendName;
  /** Registers the backend; returns a device description or throws with the reason it is unavailable. */
  probe(): Promise<{ device: string; software: boolean }>;
}

const SOFTWARE_PATTERN = /swiftshader|llvmpipe|lavapipe|software|basic render/i;


export function runtimeName(): string {
  if (isNode) return `node ${process.versions.node}`;
  const ua = typeof navigator !== 'undefined' ? navigator.userAgent : '';
  const m = /Chrom(?:e|ium)\/(\d+)/.exec(ua);
  return m ? `chromium ${m[1]}` : ua || 'browser';
}

/** In Node, installs the `webgpu` package's Dawn bindings as navigator.gpu when a Vulkan driver is configured. */
async function installNodeWebGpu(): Promise<void> {
  if (!isNode) return;
  const g = globalThis as unknown as { navigator?: { gpu?: unknown } };
  if (g.navigator?.gpu) return;
  const icd = process.env.VK_ICD_FILENAMES ?? process.env.VK_DRIVER_FILES;
  const fs = await import('node:fs');
  const found = icd ? icd.split(':').some((p) => fs.existsSync(p)) : ['/usr/share/vulkan/icd.d', '/etc/vulkan/icd.d'].some((d) => fs.existsSync(d) && fs.readdirSync(d).length > 0);
  if (!found) throw new Error('no Vulkan driver found (set VK_ICD_FILENAMES)');
  const webgpu = (await import('webgpu')) as unknown as { create(opts: string[]): unknown; globals: Record<string, unknown> };
  Object.assign(globalThis, webgpu.globals);
  const gpu = webgpu.create([]);
  if (!g.navigator) Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
  else Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
}

async function describeWebGpuAdapter(): Promise<{ device: string; software: boolean }> {
  const gpu = (globalThis as unknown as { navigator?: { gpu?: { requestAdapter(o?: unknown): Promise<unknown> } } }).navigator?.gpu;
  if (!gpu) throw new Error('navigator.gpu is missing (browser without WebGPU, or not enabled)');
  const adapter = (await gpu.requestAdapter({ powerPreference: 'high-performance' })) as
    | { info?: Record<string, string>; isFallbackAdapter?: boolean } | null;
  if (!adapter) throw new Error('no WebGPU adapter');
  const info = adapter.info ?? {};
  const device = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ') || 'unknown adapter';
  const software = adapter.isFallbackAdapter === true || (info as { isFallbackAdapter?: boolean }).isFallbackAdapter === true || SOFTWARE_PATTERN.test(device);
  return { device, software };
}

function webglRenderer(): { device: string; software: boolean } {
  const backend = tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } };
  const gl = backend.gpgpu?.gl;
  if (!gl) return { device: 'webgl', software: false };
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  const device = String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
  return { device, software: SOFTWARE_PATTERN.test(device) };
}

const candidates: Record<BackendName, Candidate> = {
  webgpu: {
    name: 'webgpu',
    async probe() {
      await installNodeWebGpu();
      const described = await describeWebGpuAdapter();
      await import('@tensorflow/tfjs-backend-webgpu');
      if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs could not initialise webgpu');
      return described;
    },
  },
  webgl: {
    name: 'webgl',
    async probe() {
      if (isNode) throw new Error('not available in Node');
      if (!(await tf.setBackend('webgl'))) throw new Error('no WebGL2 context');
      return webglRenderer();
    },
  },
  wasm: {
    name: 'wasm',
    async probe() {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      if (isNode) {
        const { createRequire } = await import('node:module');
        const path = await import('node:path');
        const dir = path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
        wasm.setWasmPaths(dir + path.sep);
      } else {
        wasm.setWasmPaths(wasmBaseUrl);
      }
      if (!(await tf.setBackend('wasm'))) throw new Error('tfjs could not initialise wasm');
      registerWasmKernels();
      const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
      return { device: `WebAssembly${simd ? ' SIMD' : ''}, ${wasm.getThreadsCount()} thread(s)`, software: false };
    },
  },
  cpu: {
    name: 'cpu',
    async probe() {
      if (!(await tf.setBackend('cpu'))) throw new Error('tfjs cpu backend failed');
      return { device: 'JavaScript (tfjs cpu)', software: false };
    },
  },
};

/** Where the browser fetches the wasm binaries from (set by the app; a local path, never a CDN). */
let wasmBaseUrl = '/wasm/';
export function setWasmBaseUrl(url: string): void {
  wasmBaseUrl = url;
}

let current: BackendReport | null = null;

export function currentBackend(): BackendReport | null {
  return current;
}

/**
 * Selects and initialises a backend. `forced` tries only that one (falling
 * back in order if it fails, with the reason reported). `exclude` removes
 * backends, e.g. after a device loss.
 */
export async function selectBackend(opts: { forced?: string; exclude?: string[] } = {}): Promise<BackendReport> {
  const skipped: Record<string, string> = {};
  const exclude = new Set(opts.exclude ?? []);
  for (const e of exclude) skipped[e] = 'excluded after a failure in this session';
  let order = BACKEND_ORDER.filter((b) => !exclude.has(b));
  const forced = opts.forced as BackendName | undefined;
  if (forced) {
    if (!BACKEND_ORDER.includes(forced)) throw new Error(`unknown backend "${forced}" (known: ${BACKEND_ORDER.join(', ')})`);
    order = [forced, ...order.filter((b) => b !== forced)];
  }
  // A software GPU is kept as a last resort above cpu only.
  let softwareFallback: { name: BackendName; device: string; reason: string } | null = null;
  let forcedFailure: string | undefined;
  for (const name of order) {
    try {
      const { device, software } = await candidates[name].probe();
      if (software && name !== forced && (name === 'webgpu' || name === 'webgl')) {
        const reason = `software adapter (${device}): slower than wasm on this machine`;
        skipped[name] = reason;
        softwareFallback ??= { name, device, reason };
        continue;
      }
      current = { backend: name, skipped, runtime: runtimeName(), device, software, forced: name === forced };
      if (forced && name !== forced) Object.assign(current, { fellBackFrom: forced, reason: forcedFailure });
      await tf.ready();
      watchDevice(name);
      return current;
    } catch (err) {
      skipped[name] = err instanceof Error ? err.message : String(err);
      if (name === forced) {
        forcedFailure = skipped[name];
        skipped[name] = `forced, but failed: ${skipped[name]}`;
      }
    }
  }
  if (softwareFallback) {
    await candidates[softwareFallback.name].probe();
    delete skipped[softwareFallback.name];
    current = { backend: softwareFallback.name, skipped, runtime: runtimeName(), device: softwareFallback.device, software: true, forced: false };
    if (forced) Object.assign(current, { fellBackFrom: forced, reason: forcedFailure });
    watchDevice(softwareFallback.name);
    return current;
  }
  throw new Error(`no tfjs backend could start: ${JSON.stringify(skipped)}`);
}

/** One line for logs and the CLI: "wasm (WebAssembly SIMD, 1 thread) — skipped webgpu: …". */
export function describeBackend(r: BackendReport): string {
  const skips = Object.entries(r.skipped).map(([k, v]) => `${k}: ${v}`).join('; ');
  return `${r.backend} (${r.device}${r.forced ? ', forced' : ''})${skips ? ` — skipped ${skips}` : ''}`;
}

// ── Device loss ────────────────────────────────────────────────────────────
// A GPU backend can lose its device under a run (driver reset, GPU process
// crash, tab in the background too long). tfjs does not say so itself: later
// operations fail with backend-specific errors or hang. We watch the device
// (WebGPU: GPUDevice.lost; WebGL: the canvas' webglcontextlost event, and
// gl.isContextLost()), remember the loss, and `checkDevice()` — called between
// the steps of training and of every method — turns it into DeviceLostError.

let lost: { backend: string; reason: string } | null = null;
const watched = new WeakSet<object>();

function markLost(backend: string, reason: string): void {
  if (lost?.backend !== backend) lost = { backend, reason };
}

interface GpuBackendInternals {
  /** tfjs-backend-webgpu: WebGPUBackend.device */
  device?: { lost?: Promise<{ reason?: string; message?: string }> };
  /** tfjs-backend-webgl: MathBackendWebGL.gpgpu.gl */
  gpgpu?: { gl?: WebGLRenderingContext };
}

/** Starts watching the active backend's device for loss (once per device). */
function watchDevice(name: BackendName): void {
  if (lost?.backend === name) lost = null; // selected again: a fresh device
  if (name !== 'webgpu' && name !== 'webgl') return;
  const b = tf.backend() as unknown as GpuBackendInternals;
  if (name === 'webgpu') {
    const device = b.device;
    if (!device?.lost || watched.has(device)) return;
    watched.add(device);
    device.lost.then((info) => {
      // Only the device tfjs is still using counts (not one of a backend since removed).
      if ((tf.findBackend('webgpu') as unknown as GpuBackendInternals | null)?.device !== device) return;
      markLost('webgpu', [info?.reason && `reason: ${info.reason}`, info?.message].filter(Boolean).join(', ') || 'GPUDevice.lost resolved');
    }, () => undefined);
  } else {
    const canvas = b.gpgpu?.gl?.canvas as unknown as EventTarget | undefined;
    if (!canvas?.addEventListener || watched.has(canvas)) return;
    watched.add(canvas);
    canvas.addEventListener('webglcontextlost', () => markLost('webgl', 'WebGL context lost'));
  }
}

/** The loss of the active backend's device, if it happened. */
export function deviceLoss(): { backend: string; reason: string } | null {
  const active = tf.getBackend();
  if (active === 'webgl' && lost?.backend !== 'webgl') {
    const gl = (tf.backend() as unknown as GpuBackendInternals).gpgpu?.gl;
    if (gl?.isContextLost?.()) markLost('webgl', 'WebGL context lost');
  }
  return lost && lost.backend === active ? { ...lost } : null;
}

/** Throws DeviceLostError when the active backend's device is gone. Cheap: call it between steps. */
export function checkDevice(): void {
  const l = deviceLoss();
  if (l) throw new DeviceLostError(l.backend, l.reason);
}

/**
 * `err` as a DeviceLostError when it is one, or when the active backend's
 * device is lost (a failed operation on a lost device throws the backend's
 * own error, often before the loss is reported: one macrotask is awaited).
 * Null when the device is fine.
 */
export async function asDeviceLost(err: unknown): Promise<DeviceLostError | null> {
  if (err instanceof DeviceLostError) return err;
  if (!deviceLoss()) await new Promise((r) => setTimeout(r, 0));
  const l = deviceLoss();
  if (!l) return null;
  const detail = err instanceof Error ? err.message : String(err);
  return new DeviceLostError(l.backend, detail && !l.reason.includes(detail) ? `${l.reason} (then: ${detail})` : l.reason);
}

/**
 * After `from` lost its device: selects the next backend in order, never
 * `from` nor `exclude`, and records in the report what was given up and why.
 */
export async function fallBackFrom(from: string, reason: string, exclude: string[] = []): Promise<BackendReport> {
  const report = await selectBackend({ exclude: [...new Set([from, ...exclude])] });
  report.skipped[from] = `device lost: ${reason}`;
  report.fellBackFrom = from as BackendName;
  report.reason = `device lost: ${reason}`;
  current = report;
  return report;
}

/**
 * TEST HOOK — not for production code. Marks the active backend's device as
 * lost, exactly as a real GPUDevice.lost / webglcontextlost would, so the next
 * `checkDevice()` (the next step of a run) throws DeviceLostError. It touches
 * no tensors and no backend; nothing calls it outside tests. Returns the
 * backend marked.
 */
export function simulateDeviceLoss(reason = 'simulated device loss (test hook)'): string {
  const backend = tf.getBackend();
  markLost(backend, reason);
  return backend;
}
