/**
 * Reads the compact binary image sets packed at install time by
 * scripts/pack-datasets.mjs (public/data/<name>.bin): fetched in the browser,
 * read from disk in Node. Format in that script's header comment.
 */
import { isNode } from '../runtime';

export interface PackedImages {
  n: number;
  height: number;
  width: number;
  /** n × height × width bytes, row-major. */
  pixels: Uint8Array;
  labels: Uint8Array;
}

const HEADER_BYTES = 20;

export function decodePacked(buf: Uint8Array, source: string): PackedImages {
  const magic = String.fromCharCode(buf[0], buf[1], buf[2], buf[3]);
  if (buf.length < HEADER_BYTES || magic !== 'ULDS') throw new Error(`${source}: not a packed dataset (bad magic); re-run \`npm install\``);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const version = view.getUint32(4, true);
  if (version !== 1) throw new Error(`${source}: packed format version ${version} is not supported`);
  const n = view.getUint32(8, true);
  const height = view.getUint32(12, true);
  const width = view.getUint32(16, true);
  const pixelBytes = n * height * width;
  if (buf.length !== HEADER_BYTES + pixelBytes + n) throw new Error(`${source}: truncated (${buf.length} bytes, expected ${HEADER_BYTES + pixelBytes + n})`);
  return {
    n, height, width,
    pixels: buf.subarray(HEADER_BYTES, HEADER_BYTES + pixelBytes),
    labels: buf.subarray(HEADER_BYTES + pixelBytes),
  };
}


/** Base URL of packed data in the browser (the app's origin, never a CDN). */
let dataBaseUrl = '/data/';
export function setDataBaseUrl(url: string): void {
  dataBaseUrl = url;
}

const cache = new Map<string, Promise<PackedImages>>();

export function loadPacked(name: 'mnist' | 'fashion-mnist'): Promise<PackedImages> {
  let p = cache.get(name);
  if (!p) {
    p = readPacked(name);
    cache.set(name, p);
    p.catch(() => cache.delete(name));
  }
  return p;
}

async function readPacked(name: string): Promise<PackedImages> {
  const file = `${name}.bin`;
  if (isNode) {
    const { readFile } = await import('node:fs/promises');
    const { fileURLToPath } = await import('node:url');
    const path = fileURLToPath(new URL(`../../../public/data/${file}`, import.meta.url));
    let buf: Buffer;
    try {
      buf = await readFile(path);
    } catch {
      throw new Error(`${path} is missing: run \`npm install\` (it packs the datasets)`);
    }
    return decodePacked(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), path);
  }
  const res = await fetch(dataBaseUrl + file);
  if (!res.ok) throw new Error(`${dataBaseUrl + file}: HTTP ${res.status}; the packed datasets are made by \`npm install\``);
  return decodePacked(new Uint8Array(await res.arrayBuffer()), dataBaseUrl + file);
}
