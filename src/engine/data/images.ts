/**
 * Images in class-named folders ("cat/001.png", "dog/002.png") as a dataset.
 * The input is an abstract list of { path, bytes }, so the browser passes the
 * contents of picked files, Node passes a directory it read
 * (imageFolderNode.ts), and a URL passes the entries of a zip (remote.ts).
 *
 * Every image is decoded (imageDecode.ts), converted to grey (or RGB) and
 * resampled to one size, and stored as bytes with xScale 1/255. Limits are
 * checked in order of cost: file count and total bytes before any decoding,
 * image dimensions before any pixel is allocated.
 */
import { DataError } from '../errors';
import { createRng, type Rng } from '../random';
import type { Dataset } from './dataset';
import { decodeImage, type DecodedImage } from './imageDecode';
import { inflate as defaultInflate, type Inflate } from './inflate';
import { checkTestFraction, stratifiedSplit, takeRows } from './split';

export interface ImageFile {
  /** Relative path; the first folder is the class ("cat/001.png"). */
  path: string;
  bytes: Uint8Array;
}

export type ResizeMethod = 'nearest' | 'bilinear' | 'area';

export interface ImageFolderOptions {
  /** Names the source (folder, zip or URL) in the dataset and in messages. */
  name: string;
  rng: Rng;
  width?: number;
  height?: number;
  /** 'grey' (default): inputShape [h, w, 1]; 'rgb': [h, w, 3]. */
  color?: 'grey' | 'rgb';
  /** Default 'area': averages the covered pixels, so thin strokes survive downscaling. */
  resize?: ResizeMethod;
  maxFiles?: number;
  maxTotalBytes?: number;
  maxSide?: number;
  maxClasses?: number;
  testFraction?: number;
  /** zlib inflate for PNG data; default picks DecompressionStream or node:zlib. */
  inflate?: Inflate;
}

export const IMAGE_DEFAULTS = {
  width: 28,
  height: 28,
  maxFiles: 20_000,
  maxTotalBytes: 200 * 1024 * 1024,
  maxSide: 4096,
  maxClasses: 100,
  testFraction: 0.2,
} as const;

const MAX_TARGET_SIDE = 512;

/** OS and archive clutter that is skipped rather than rejected. */
function isClutter(segments: string[]): boolean {
  const base = segments[segments.length - 1].toLowerCase();
  return segments.some((s) => s.startsWith('.') || s === '__MACOSX') || base === 'thumbs.db' || base === 'desktop.ini';
}

/** Loads class-folder images into a Dataset; throws DataError naming the file or option. */
export async function loadImageFolder(files: readonly ImageFile[], opts: ImageFolderOptions): Promise<Dataset> {
  const name = opts.name || 'image folder';
  const width = targetSide(opts.width ?? IMAGE_DEFAULTS.width, 'width', name);
  const height = targetSide(opts.height ?? IMAGE_DEFAULTS.height, 'height', name);
  const channels = opts.color === 'rgb' ? 3 : 1;
  if (opts.color !== undefined && opts.color !== 'rgb' && opts.color !== 'grey') {
    throw new DataError(name, `option color must be "grey" or "rgb", got ${JSON.stringify(opts.color)}`);
  }
  const method = opts.resize ?? 'area';
  if (!['nearest', 'bilinear', 'area'].includes(method)) {
    throw new DataError(name, `option resize must be "nearest", "bilinear" or "area", got ${JSON.stringify(method)}`);
  }
  const maxFiles = opts.maxFiles ?? IMAGE_DEFAULTS.maxFiles;
  const maxTotalBytes = opts.maxTotalBytes ?? IMAGE_DEFAULTS.maxTotalBytes;
  const testFraction = checkTestFraction(opts.testFraction ?? IMAGE_DEFAULTS.testFraction, name);

  if (files.length === 0) throw new DataError(name, 'has no files; expected images in class folders (cat/001.png, dog/002.png, …)');
  if (files.length > maxFiles) throw new DataError(name, `has ${files.length} files, more than the ${maxFiles} allowed (option maxFiles)`);
  let totalBytes = 0;
  for (const f of files) totalBytes += f.bytes.length;
  if (totalBytes > maxTotalBytes) {
    throw new DataError(name, `holds ${totalBytes} bytes of files, more than the ${maxTotalBytes} allowed (option maxTotalBytes)`);
  }

  const entries = classFolders(files, name);
  const classNames = [...new Set(entries.map((e) => e.className))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (classNames.length < 2) {
    throw new DataError(name, `has one class folder only ("${classNames[0]}"); need at least 2 classes, one folder each`);
  }
  const maxClasses = opts.maxClasses ?? IMAGE_DEFAULTS.maxClasses;
  if (classNames.length > maxClasses) {
    throw new DataError(name, `has ${classNames.length} class folders, more than the ${maxClasses} allowed (option maxClasses)`);
  }
  const classIndex = new Map(classNames.map((c, i) => [c, i]));

  const size = width * height * channels;
  const x = new Uint8Array(entries.length * size);
  const y = new Int32Array(entries.length);
  const decodeOpts = { maxSide: opts.maxSide ?? IMAGE_DEFAULTS.maxSide, inflate: opts.inflate ?? defaultInflate };
  for (let i = 0; i < entries.length; i++) {
    const { path, bytes, className } = entries[i];
    const where = `${name}/${path}`;
    let image: DecodedImage;
    try {
      image = await decodeImage(bytes, where, decodeOpts);
    } catch (e) {
      if (e instanceof DataError) throw e;
      throw new DataError(where, `could not be decoded (${(e as Error)?.message ?? String(e)})`);
    }
    x.set(resample(toChannels(image, channels), width, height, method), i * size);
    y[i] = classIndex.get(className)!;
  }

  const split = stratifiedSplit(y, classNames.length, testFraction, opts.rng.fork(`images:${name}:split`), name);
  return {
    name,
    inputShape: [height, width, channels],
    numClasses: classNames.length,
    classNames,
    train: takeRows(x, y, split.train, size),
    test: takeRows(x, y, split.test, size),
    xScale: 1 / 255,
  };
}

/**
 * loadImageFolder for callers that hold no Rng (data/load.ts does not pass
 * one today): the split then comes from a fixed seed — still deterministic,
 * but it does not follow the experiment's seed. Pass `rng` where you can.
 */
export function imageFolderDataset(
  files: readonly ImageFile[], opts: Omit<ImageFolderOptions, 'rng'> & { rng?: Rng },
): Promise<Dataset> {
  return loadImageFolder(files, { ...opts, rng: opts.rng ?? createRng(0) });
}

function targetSide(v: unknown, option: string, name: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > MAX_TARGET_SIDE) {
    throw new DataError(name, `option ${option} must be an integer in 1..${MAX_TARGET_SIDE}, got ${JSON.stringify(v)}`);
  }
  return v;
}

interface Entry { path: string; bytes: Uint8Array; className: string }

/**
 * Normalises paths, skips clutter (dotfiles, __MACOSX, Thumbs.db), strips one
 * root folder shared by every file ("pets/cat/1.png" → "cat/1.png", as zips
 * often have), and sorts by path so the input order does not matter.
 */
function classFolders(files: readonly ImageFile[], name: string): Entry[] {
  const kept: { path: string; segments: string[]; bytes: Uint8Array }[] = [];
  for (const f of files) {
    const segments = String(f.path).replace(/\\/g, '/').split('/').filter((s) => s !== '' && s !== '.');
    const path = segments.join('/');
    if (segments.length === 0) throw new DataError(`${name}/${String(f.path)}`, 'has an empty path');
    if (segments.includes('..')) throw new DataError(`${name}/${path}`, 'has ".." in its path');
    if (!isClutter(segments)) kept.push({ path, segments, bytes: f.bytes });
  }
  if (kept.length === 0) throw new DataError(name, 'has no image files (only hidden or system files)');
  // Messages keep the full path (it is where the file really is); only the class skips the root.
  const root = kept[0].segments[0];
  const skip = kept.every((k) => k.segments.length >= 3 && k.segments[0] === root) ? 1 : 0;
  const entries = kept.map((k) => {
    if (k.segments.length - skip < 2) {
      throw new DataError(`${name}/${k.path}`, 'is not inside a class folder; put each image in a folder named for its class (cat/001.png)');
    }
    return { path: k.path, bytes: k.bytes, className: k.segments[skip] };
  });
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Grey ← RGB by BT.601 luma; RGB ← grey by repeating the channel. */
export function toChannels(image: DecodedImage, channels: 1 | 3): DecodedImage {
  if (image.channels === channels) return image;
  const n = image.width * image.height;
  const data = new Uint8Array(n * channels);
  const src = image.data;
  if (channels === 1) {
    for (let i = 0; i < n; i++) data[i] = Math.round(0.299 * src[3 * i] + 0.587 * src[3 * i + 1] + 0.114 * src[3 * i + 2]);
  } else {
    for (let i = 0; i < n; i++) data[3 * i] = data[3 * i + 1] = data[3 * i + 2] = src[i];
  }
  return { ...image, channels, data };
}

/** For each output index, the source indices and weights that make it (one axis). */
function taps(srcLen: number, dstLen: number, method: ResizeMethod): { index: number[]; weight: number[] }[] {
  const scale = srcLen / dstLen;
  const clamp = (i: number) => Math.min(srcLen - 1, Math.max(0, i));
  return Array.from({ length: dstLen }, (_, d) => {
    if (method === 'nearest') return { index: [clamp(Math.floor((d + 0.5) * scale))], weight: [1] };
    if (method === 'bilinear' || scale <= 1) {
      // Pixel centres aligned (half-pixel offset), as in OpenCV and tf.image with halfPixelCenters.
      const s = (d + 0.5) * scale - 0.5;
      const i0 = Math.floor(s);
      const f = s - i0;
      return { index: [clamp(i0), clamp(i0 + 1)], weight: [1 - f, f] };
    }
    const start = d * scale, end = (d + 1) * scale;
    const index: number[] = [], weight: number[] = [];
    for (let i = Math.floor(start); i < Math.ceil(end); i++) {
      index.push(clamp(i));
      weight.push((Math.min(end, i + 1) - Math.max(start, i)) / scale);
    }
    return { index, weight };
  });
}

/** Resamples to width × height (separable: rows, then columns); 'area' upscales bilinearly. */
export function resample(image: DecodedImage, width: number, height: number, method: ResizeMethod): Uint8Array {
  const { width: sw, height: sh, channels: c, data } = image;
  if (sw === width && sh === height) return data;
  const tx = taps(sw, width, method);
  const ty = taps(sh, height, method);
  const mid = new Float32Array(sh * width * c);
  for (let y = 0; y < sh; y++) {
    for (let x = 0; x < width; x++) {
      const { index, weight } = tx[x];
      for (let k = 0; k < c; k++) {
        let v = 0;
        for (let t = 0; t < index.length; t++) v += weight[t] * data[(y * sw + index[t]) * c + k];
        mid[(y * width + x) * c + k] = v;
      }
    }
  }
  const out = new Uint8Array(width * height * c);
  for (let y = 0; y < height; y++) {
    const { index, weight } = ty[y];
    for (let x = 0; x < width; x++) {
      for (let k = 0; k < c; k++) {
        let v = 0;
        for (let t = 0; t < index.length; t++) v += weight[t] * mid[(index[t] * width + x) * c + k];
        out[(y * width + x) * c + k] = Math.min(255, Math.max(0, Math.round(v)));
      }
    }
  }
  return out;
}
