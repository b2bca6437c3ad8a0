/**
 * Picks the tfjs backend and says why. Order: webgpu → webgl → wasm → cpu,
 * except that a *software* GPU (SwiftShader, as in headless Chromium or Dawn
 * without a GPU) ranks below wasm: measured 13× slower than wasm on the MLP
 * epoch (quality.md). Every skipped backend is reported with its reason.
 */
import * as tf from '@tensorflow/tfjs';

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
}

interface Candidate {
  name: BackendName;
  /** Registers the backend; returns a device description or throws with the reason it is unavailable. */
  probe(): Promise<{ device: string; software: boolean }>;
}

const SOFTWARE_PATTERN = /swiftshader|llvmpipe|lavapipe|software|basic render/i;

const isNode = typeof process !== 'undefined' && !!process.versions?.node && typeof window === 'undefined' && typeof self === 'undefined';

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
      await tf.ready();
      return current;
    } catch (err) {
      skipped[name] = err instanceof Error ? err.message : String(err);
      if (name === forced) skipped[name] = `forced, but failed: ${skipped[name]}`;
    }
  }
  if (softwareFallback) {
    await candidates[softwareFallback.name].probe();
    delete skipped[softwareFallback.name];
    current = { backend: softwareFallback.name, skipped, runtime: runtimeName(), device: softwareFallback.device, software: true, forced: false };
    return current;
  }
  throw new Error(`no tfjs backend could start: ${JSON.stringify(skipped)}`);
}

/** One line for logs and the CLI: "wasm (WebAssembly SIMD, 1 thread) — skipped webgpu: …". */
export function describeBackend(r: BackendReport): string {
  const skips = Object.entries(r.skipped).map(([k, v]) => `${k}: ${v}`).join('; ');
  return `${r.backend} (${r.device}${r.forced ? ', forced' : ''})${skips ? ` — skipped ${skips}` : ''}`;
}
