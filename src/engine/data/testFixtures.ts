/**
 * Test-only builders of the files the data loaders read: a minimal PNG
 * encoder and a ZIP writer, on node:zlib. Imported by *.test.ts only, never
 * by engine code (it needs Node).
 */
import { deflateRawSync, deflateSync } from 'node:zlib';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export interface PngSpec {
  width: number;
  height: number;
  /** 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA. */
  colorType: 0 | 2 | 3 | 4 | 6;
  bitDepth?: 1 | 2 | 4 | 8 | 16;
  /** Samples, row-major, one number per sample (palette: the index); packed per bitDepth here. */
  samples: ArrayLike<number>;
  /** Flat RGB triples. */
  palette?: number[];
  /** PNG row filter used on every row (0–4), or one per row. */
  filter?: number | number[];
  /** Split the compressed data over this many IDAT chunks. */
  idatChunks?: number;
  interlace?: boolean;
}

const CHANNELS = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as const;

function chunk(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, body.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(body, 8);
  view.setUint32(8 + body.length, crc32(out.subarray(4, 8 + body.length)));
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Raw rows (filter byte + packed samples) for a spec, filtered as asked. */
export function pngScanlines(spec: PngSpec): Uint8Array {
  const depth = spec.bitDepth ?? 8;
  const spp = CHANNELS[spec.colorType];
  const rowBytes = Math.ceil((spec.width * spp * depth) / 8);
  const bpp = Math.max(1, (spp * depth) >> 3);
  const rows: Uint8Array[] = [];
  for (let y = 0; y < spec.height; y++) {
    const row = new Uint8Array(rowBytes);
    for (let i = 0; i < spec.width * spp; i++) {
      const v = spec.samples[y * spec.width * spp + i];
      if (depth === 16) { row[2 * i] = v >> 8; row[2 * i + 1] = v & 0xff; }
      else if (depth === 8) row[i] = v;
      else {
        const bit = i * depth;
        row[bit >> 3] |= v << (8 - depth - (bit & 7));
      }
    }
    rows.push(row);
  }
  const out = new Uint8Array(spec.height * (rowBytes + 1));
  for (let y = 0; y < spec.height; y++) {
    const f = Array.isArray(spec.filter) ? spec.filter[y] : (spec.filter ?? 0);
    out[y * (rowBytes + 1)] = f;
    for (let i = 0; i < rowBytes; i++) {
      const a = i >= bpp ? rows[y][i - bpp] : 0;
      const b = y > 0 ? rows[y - 1][i] : 0;
      const c = y > 0 && i >= bpp ? rows[y - 1][i - bpp] : 0;
      const pred = [0, a, b, (a + b) >> 1, paeth(a, b, c)][f];
      out[y * (rowBytes + 1) + 1 + i] = (rows[y][i] - pred) & 0xff;
    }
  }
  return out;
}

export function encodePng(spec: PngSpec): Uint8Array<ArrayBuffer> {
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, spec.width);
  v.setUint32(4, spec.height);
  ihdr[8] = spec.bitDepth ?? 8;
  ihdr[9] = spec.colorType;
  ihdr[12] = spec.interlace ? 1 : 0;
  const compressed = new Uint8Array(deflateSync(pngScanlines(spec)));
  const parts = [new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr)];
  if (spec.palette) parts.push(chunk('PLTE', Uint8Array.from(spec.palette)));
  const k = spec.idatChunks ?? 1;
  const step = Math.ceil(compressed.length / k);
  for (let i = 0; i < k; i++) parts.push(chunk('IDAT', compressed.subarray(i * step, (i + 1) * step)));
  parts.push(chunk('IEND', new Uint8Array(0)));
  return concat(parts);
}

/** A grey 8-bit PNG whose every pixel is `value`. */
export function solidPng(width: number, height: number, value: number): Uint8Array<ArrayBuffer> {
  return encodePng({ width, height, colorType: 0, samples: new Array(width * height).fill(value) });
}

export function concat(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

export interface ZipSpecEntry {
  path: string;
  bytes: Uint8Array;
  /** 0 stored, 8 deflate (default). */
  method?: 0 | 8;
}

/** A ZIP archive with local headers, a central directory and an end record. */
export function writeZip(entries: ZipSpecEntry[], comment = ''): Uint8Array<ArrayBuffer> {
  const enc = new TextEncoder();
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = enc.encode(e.path);
    const method = e.method ?? 8;
    const data = method === 8 ? new Uint8Array(deflateRawSync(e.bytes)) : e.bytes;
    const crc = crc32(e.bytes);
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, 0x0800, true); // UTF-8 names
    lv.setUint16(8, method, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, data.length, true);
    lv.setUint32(22, e.bytes.length, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const central = new Uint8Array(46 + name.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, 0x0800, true);
    cv.setUint16(10, method, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, data.length, true);
    cv.setUint32(24, e.bytes.length, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    central.set(name, 46);
    locals.push(local, data);
    centrals.push(central);
    offset += local.length + data.length;
  }
  const cd = concat(centrals);
  const commentBytes = enc.encode(comment);
  const end = new Uint8Array(22 + commentBytes.length);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, cd.length, true);
  ev.setUint32(16, offset, true);
  ev.setUint16(20, commentBytes.length, true);
  end.set(commentBytes, 22);
  return concat([...locals, cd, end]);
}
