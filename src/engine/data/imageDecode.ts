/**
 * Decoders for uploaded images, written for hostile input: every length is
 * checked against the bytes that are there, and the pixel count is checked
 * against `maxSide` before anything is allocated or inflated.
 *
 * PNG: all standard colour types and bit depths (grey 1–16, RGB 8/16,
 * palette 1–8, grey+alpha, RGBA), non-interlaced. PGM/PPM (P2, P3, P5, P6).
 * Output is 8-bit grey or RGB; alpha is dropped, because class folders of
 * drawings and photos rarely use it to carry the content.
 */
import { DataError } from '../errors';
import type { Inflate } from './inflate';
import { InflateLimitError } from './inflate';

export interface DecodedImage {
  width: number;
  height: number;
  channels: 1 | 3;
  /** Row-major, height × width × channels, 0–255. */
  data: Uint8Array;
}

export interface DecodeOptions {
  /** Largest width or height accepted, checked before allocating. */
  maxSide: number;
  inflate: Inflate;
}

const PNG_SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

/** Decodes a PNG or PGM/PPM file; `where` names it in errors. */
export async function decodeImage(bytes: Uint8Array, where: string, opts: DecodeOptions): Promise<DecodedImage> {
  if (bytes.length === 0) throw new DataError(where, 'is an empty file, not an image');
  if (PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return decodePng(bytes, where, opts);
  if (bytes[0] === 0x50 && bytes[1] >= 0x31 && bytes[1] <= 0x36) return decodePnm(bytes, where, opts);
  if (bytes[0] === 0xff && bytes[1] === 0xd8) throw new DataError(where, 'is a JPEG; only PNG and PGM/PPM images are supported (convert it to PNG)');
  if (bytes[0] === 0x47 && bytes[1] === 0x49 && bytes[2] === 0x46) throw new DataError(where, 'is a GIF; only PNG and PGM/PPM images are supported (convert it to PNG)');
  throw new DataError(where, 'is not a PNG or PGM/PPM image');
}

function checkSize(width: number, height: number, where: string, maxSide: number): void {
  if (width === 0 || height === 0) throw new DataError(where, `is a zero-size image (${width}×${height})`);
  if (width > maxSide || height > maxSide) {
    throw new DataError(where, `is ${width}×${height} pixels; at most ${maxSide} per side is accepted`);
  }
}

// ------------------------------------------------------------------------ PNG

const VALID_DEPTHS: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };
const SAMPLES_PER_PIXEL: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

export async function decodePng(bytes: Uint8Array, where: string, opts: DecodeOptions): Promise<DecodedImage> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let header: { width: number; height: number; depth: number; colorType: number } | null = null;
  let palette: Uint8Array | null = null;
  const idat: Uint8Array[] = [];
  let idatBytes = 0;
  let at = 8;
  for (;;) {
    if (at + 8 > bytes.length) throw new DataError(where, 'is a truncated PNG (no IEND chunk)');
    const length = view.getUint32(at);
    const type = String.fromCharCode(bytes[at + 4], bytes[at + 5], bytes[at + 6], bytes[at + 7]);
    const start = at + 8;
    if (length > bytes.length - start - 4) throw new DataError(where, `is a truncated or corrupt PNG (chunk ${JSON.stringify(type)} runs past the end)`);
    const body = bytes.subarray(start, start + length);
    at = start + length + 4; // the CRC is not checked: a corrupt file still fails safely below
    if (header === null && type !== 'IHDR') throw new DataError(where, 'is a corrupt PNG (IHDR is not the first chunk)');
    if (type === 'IHDR') {
      if (length !== 13) throw new DataError(where, 'is a corrupt PNG (IHDR has the wrong length)');
      const bv = new DataView(body.buffer, body.byteOffset, 13);
      header = { width: bv.getUint32(0), height: bv.getUint32(4), depth: body[8], colorType: body[9] };
      if (!VALID_DEPTHS[header.colorType]?.includes(header.depth)) {
        throw new DataError(where, `is a PNG with an invalid colour type ${header.colorType} / bit depth ${header.depth}`);
      }
      if (body[10] !== 0 || body[11] !== 0) throw new DataError(where, 'is a PNG with an unknown compression or filter method');
      if (body[12] !== 0) throw new DataError(where, 'is an interlaced PNG, which is not supported; save it without interlacing');
      checkSize(header.width, header.height, where, opts.maxSide);
    } else if (type === 'PLTE') {
      if (length % 3 !== 0 || length === 0 || length > 768) throw new DataError(where, 'is a PNG with a corrupt palette');
      palette = body;
    } else if (type === 'IDAT') {
      idat.push(body);
      idatBytes += length;
    } else if (type === 'IEND') break;
  }
  const { width, height, depth, colorType } = header!;
  if (idat.length === 0) throw new DataError(where, 'is a PNG without image data (no IDAT chunk)');
  if (colorType === 3 && !palette) throw new DataError(where, 'is a palette PNG without a palette (no PLTE chunk)');

  const samples = SAMPLES_PER_PIXEL[colorType];
  const rowBytes = Math.ceil((width * samples * depth) / 8);
  const expected = height * (rowBytes + 1);
  const compressed = new Uint8Array(idatBytes);
  let off = 0;
  for (const c of idat) { compressed.set(c, off); off += c.length; }
  let raw: Uint8Array;
  try {
    // A little slack: some encoders leave padding after the last row.
    raw = await opts.inflate(compressed, expected + 65536);
  } catch (e) {
    if (e instanceof InflateLimitError) throw new DataError(where, `is a PNG whose data expands past its ${width}×${height} size`);
    throw new DataError(where, `is a PNG with corrupt compressed data (${(e as Error)?.message ?? e})`);
  }
  if (raw.length < expected) throw new DataError(where, 'is a PNG with truncated image data');
  const pixels = unfilter(raw, height, rowBytes, Math.max(1, (samples * depth) >> 3), where);
  return toImage(pixels, { width, height, depth, colorType, rowBytes, palette });
}

/** Undoes the per-row PNG filters in place; returns the rows without their filter bytes. */
function unfilter(raw: Uint8Array, height: number, rowBytes: number, bpp: number, where: string): Uint8Array {
  const out = new Uint8Array(height * rowBytes);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (rowBytes + 1)];
    const src = y * (rowBytes + 1) + 1;
    const dst = y * rowBytes;
    const up = dst - rowBytes;
    for (let i = 0; i < rowBytes; i++) {
      const a = i >= bpp ? out[dst + i - bpp] : 0;
      const b = y > 0 ? out[up + i] : 0;
      const c = y > 0 && i >= bpp ? out[up + i - bpp] : 0;
      let predictor: number;
      switch (filter) {
        case 0: predictor = 0; break;
        case 1: predictor = a; break;
        case 2: predictor = b; break;
        case 3: predictor = (a + b) >> 1; break;
        case 4: predictor = paeth(a, b, c); break;
        default: throw new DataError(where, `is a PNG with an unknown row filter ${filter} (row ${y + 1})`);
      }
      out[dst + i] = (raw[src + i] + predictor) & 0xff;
    }
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

function toImage(
  rows: Uint8Array,
  h: { width: number; height: number; depth: number; colorType: number; rowBytes: number; palette: Uint8Array | null },
): DecodedImage {
  const { width, height, depth, colorType, rowBytes, palette } = h;
  const samples = SAMPLES_PER_PIXEL[colorType];
  const channels: 1 | 3 = colorType === 0 || colorType === 4 ? 1 : 3;
  const data = new Uint8Array(width * height * channels);
  const maxIndex = palette ? palette.length / 3 : 0;
  // Sample s of pixel x in a row, scaled to 8 bits (16-bit keeps its high byte).
  const sample = (row: number, x: number, s: number): number => {
    if (depth === 8) return rows[row + x * samples + s];
    if (depth === 16) return rows[row + 2 * (x * samples + s)];
    const bit = (x * samples + s) * depth;
    const v = (rows[row + (bit >> 3)] >> (8 - depth - (bit & 7))) & ((1 << depth) - 1);
    return colorType === 3 ? v : Math.round((v * 255) / ((1 << depth) - 1));
  };
  for (let y = 0; y < height; y++) {
    const row = y * rowBytes;
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * channels;
      if (colorType === 3) {
        const idx = sample(row, x, 0);
        // Out-of-range palette indices show as black, as browsers do.
        for (let k = 0; k < 3; k++) data[o + k] = idx < maxIndex ? palette![idx * 3 + k] : 0;
      } else {
        for (let k = 0; k < channels; k++) data[o + k] = sample(row, x, k);
      }
    }
  }
  return { width, height, channels, data };
}

// -------------------------------------------------------------------- PGM/PPM

export function decodePnm(bytes: Uint8Array, where: string, opts: Pick<DecodeOptions, 'maxSide'>): DecodedImage {
  const kind = bytes[1] - 0x30;
  if (kind === 1 || kind === 4) throw new DataError(where, 'is a PBM bitmap; only PGM/PPM (P2, P3, P5, P6) and PNG are supported');
  const ascii = kind === 2 || kind === 3;
  const channels: 1 | 3 = kind === 2 || kind === 5 ? 1 : 3;
  let at = 2;
  const token = (): number => {
    for (;;) {
      while (at < bytes.length && isSpace(bytes[at])) at++;
      if (bytes[at] !== 0x23) break; // '#' comment to end of line
      while (at < bytes.length && bytes[at] !== 0x0a && bytes[at] !== 0x0d) at++;
    }
    const start = at;
    let v = 0;
    while (at < bytes.length && bytes[at] >= 0x30 && bytes[at] <= 0x39 && at - start < 9) v = v * 10 + bytes[at++] - 0x30;
    if (at === start || (at < bytes.length && !isSpace(bytes[at]) && bytes[at] !== 0x23)) {
      throw new DataError(where, 'is a corrupt PGM/PPM file (expected a number)');
    }
    return v;
  };
  if (!isSpace(bytes[2])) throw new DataError(where, 'is not a PGM/PPM image');
  const width = token();
  const height = token();
  const maxval = token();
  checkSize(width, height, where, opts.maxSide);
  if (maxval < 1 || maxval > 65535) throw new DataError(where, `is a PGM/PPM with an invalid maximum value ${maxval}`);
  const count = width * height * channels;
  const wide = maxval > 255;
  if (!ascii) at++; // the single whitespace after maxval
  // Each sample needs at least one byte (binary) or a digit and a separator (ASCII): check before allocating.
  const needed = ascii ? 2 * count - 1 : wide ? 2 * count : count;
  if (needed > bytes.length - at) throw new DataError(where, 'is a truncated PGM/PPM file');
  const data = new Uint8Array(count);
  const scale = (v: number) => Math.round((Math.min(v, maxval) * 255) / maxval);
  if (ascii) {
    for (let i = 0; i < count; i++) data[i] = scale(token());
  } else {
    for (let i = 0; i < count; i++) data[i] = scale(wide ? (bytes[at + 2 * i] << 8) | bytes[at + 2 * i + 1] : bytes[at + i]);
  }
  return { width, height, channels, data };
}

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0x0b || b === 0x0c;
}
