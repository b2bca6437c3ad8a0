/// <reference types="vitest/config" />
/**
 * Vite config for the lab's UI and its Web Worker.
 *
 * - The worker is an ES module worker (`new Worker(url, { type: 'module' })`).
 * - The engine reaches Node-only code (node:fs, the `webgpu` Dawn bindings)
 *   only behind runtime checks with dynamic imports; in the browser bundle
 *   those imports resolve to an empty module so they neither get bundled nor
 *   break the build. Vitest runs in Node and must see the real modules, so
 *   the stub is applied to `vite build` / `vite dev` only.
 * - `virtual:examples` lists public/examples/*.json at build time: the app
 *   fetches those presets at start (a static host has no directory listing).
 */
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { noEvalPlugin } from './src/build/noEval';
import { readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const NODE_ONLY = /^(node:.*|webgpu)$/;
const STUB_ID = '\0node-only-stub';

function browserStubs(): Plugin {
  return {
    name: 'lab:node-only-stubs',
    enforce: 'pre',
    resolveId(id) {
      return NODE_ONLY.test(id) ? STUB_ID : null;
    },
    load(id) {
      // Any access throws: reaching Node-only code in a browser is a bug worth a clear message.
      if (id === STUB_ID) return 'export default new Proxy({}, { get() { throw new Error("Node-only module used in the browser"); } });';
      return null;
    },
  };
}

/**
 * Node-only code resolves files under public/ with `new URL(\`…/public/…\`, import.meta.url)`;
 * Vite would take that for an asset import and copy every matching file (62 MB of
 * packed datasets) into dist/assets, next to the copy public/ already gets.
 * Marking those URLs @vite-ignore keeps the bundle to what the browser fetches.
 */
function ignorePublicFileUrls(): Plugin {
  const pattern = /new URL\((\s*)`((?:\.\.\/)+public\/)/g;
  return {
    name: 'lab:ignore-public-file-urls',
    enforce: 'pre',
    transform(code, id) {
      if (!id.includes('/src/') || !pattern.test(code)) return null;
      pattern.lastIndex = 0;
      return { code: code.replace(pattern, 'new URL($1/* @vite-ignore */ `$2'), map: null };
    },
  };
}

function examplesManifest(): Plugin {
  const VIRTUAL = 'virtual:examples';
  const dir = fileURLToPath(new URL('./public/examples/', import.meta.url));
  return {
    name: 'lab:examples-manifest',
    resolveId(id) {
      return id === VIRTUAL ? '\0' + VIRTUAL : null;
    },
    load(id) {
      if (id !== '\0' + VIRTUAL) return null;
      const names = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : [];
      return `export default ${JSON.stringify(names)};`;
    },
  };
}

/**
 * The page's Content-Security-Policy (index.html) forbids inline scripts;
 * the dev server's React Refresh preamble is one, so in dev only the meta tag is removed.
 * `vite build` / `vite preview` (what the e2e tests run) keep it.
 */
function cspOnlyInBuild(): Plugin {
  return {
    name: 'lab:csp-only-in-build',
    apply: 'serve',
    transformIndexHtml(html) {
      return html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\s*/, '');
    },
  };
}

/**
 * On a cross-origin-isolated page (a host sending COOP: same-origin and COEP:
 * require-corp) tfjs picks its threaded wasm build, which starts its pthread
 * workers from the *source text* of its module factory (`factory.toString()`
 * in a Blob). The factory reads `_scriptDir` from the closure around it,
 * guarded by `typeof`; the minifier knows that variable is declared, drops the
 * guard, and each pthread worker then fails with "ReferenceError: e is not
 * defined": the engine never got a backend on such a host. Declaring the
 * variable inside the factory (undefined in a browser worker anyway: no
 * document.currentScript, no __filename) makes the text self-contained.
 * The lab itself sends no such headers (bench/README.md, "threaded wasm").
 */
function selfContainedWasmThreadFactory(): Plugin {
  const HEAD = 'WasmBackendModuleThreadedSimd = WasmBackendModuleThreadedSimd || {};';
  return {
    name: 'lab:self-contained-wasm-thread-factory',
    enforce: 'pre',
    transform(code, id) {
      if (!id.includes('tfjs-backend-wasm-threaded-simd.js')) return null;
      if (!code.includes(HEAD)) throw new Error(`${id}: the factory's first line changed; check selfContainedWasmThreadFactory in vite.config.ts`);
      return { code: code.replace(HEAD, `${HEAD} var _scriptDir;`), map: null };
    },
  };
}

const inVitest = !!process.env.VITEST;

export default defineConfig({
  plugins: [react(), examplesManifest(), cspOnlyInBuild(), noEvalPlugin(), ...(inVitest ? [] : [browserStubs(), ignorePublicFileUrls()])],
  worker: {
    format: 'es',
    plugins: () => [browserStubs(), ignorePublicFileUrls(), selfContainedWasmThreadFactory(), noEvalPlugin()],
  },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 6000,
  },
  server: { port: 5173, strictPort: false },
  preview: { port: 4173, strictPort: true },
  test: {
    include: ['src/**/*.test.ts', 'bench/**/*.test.ts'],
    exclude: ['e2e/**', 'node_modules/**', 'dist/**'],
    // tfjs tests train small models; on a loaded 2-core machine 5 s is not enough.
    // Speed is measured by the benchmark, never by these limits.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
