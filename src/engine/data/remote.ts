/**
 * A dataset from a URL the user typed: a CSV file, or a .zip of class folders
 * of images. This is the lab's only run-time network request (docs/quality.md,
 * Security), so it is fenced: http(s) only, no credentials in the URL, one
 * timeout over the whole transfer, and a size cap enforced while streaming
 * (the Content-Length header is checked first, but not trusted).
 */
import { CancelledError, DataError } from '../errors';
import type { Rng } from '../random';
import { parseCsvDataset, CSV_DEFAULTS, type CsvOptions } from './csv';
import type { Dataset } from './dataset';
import { loadImageFolder, type ImageFolderOptions } from './images';
import type { Inflate } from './inflate';
import { readZip } from './zip';

export type RemoteKind = 'csv' | 'images';

export interface RemoteOptions {
  rng: Rng;
  /** Download cap; default 20 MB for CSV, 100 MB for a zip. */
  maxBytes?: number;
  /** Whole transfer, connect to last byte; default 30 s. */
  timeoutMs?: number;
  /** Cancels the download (CancelledError). */
  signal?: AbortSignal;
  /** Shorthand for csv.labelColumn (the one CSV option a config usually sets). */
  labelColumn?: string | number;
  csv?: Omit<Partial<CsvOptions>, 'rng' | 'name'>;
  images?: Omit<Partial<ImageFolderOptions>, 'rng' | 'name'>;
  /** Raw-deflate inflate for zip entries; default picks DecompressionStream or node:zlib. */
  inflateRaw?: Inflate;
}

export type FetchLike = (input: string, init?: { signal?: AbortSignal }) => Promise<Response>;

export const REMOTE_DEFAULTS = {
  csvMaxBytes: CSV_DEFAULTS.maxBytes,
  zipMaxBytes: 100 * 1024 * 1024,
  timeoutMs: 30_000,
} as const;

/** The URL as shown in messages: whole, unless it is very long. */
function shown(url: string): string {
  return url.length > 120 ? `${url.slice(0, 117)}...` : url;
}

/** Parses `url` and allows only http(s) without credentials; throws DataError otherwise. */
export function checkDatasetUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(String(url).trim());
  } catch {
    throw new DataError(shown(String(url)) || '(empty URL)', 'is not a valid absolute URL (expected https://…)');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new DataError(shown(url), `uses "${parsed.protocol}"; only http:// and https:// URLs can load a dataset`);
  }
  if (parsed.username || parsed.password) {
    throw new DataError(`${parsed.protocol}//${parsed.host}`, 'contains a user name or password; remove them from the URL');
  }
  return parsed;
}

/**
 * Downloads `url` into memory, stopping past `maxBytes`. Errors name the URL
 * and say whether the network, the timeout, the status or the size failed.
 */
export async function fetchBytes(
  url: string,
  opts: { maxBytes: number; timeoutMs?: number; signal?: AbortSignal },
  fetchImpl: FetchLike | undefined = globalThis.fetch,
): Promise<{ bytes: Uint8Array; contentType: string }> {
  const where = shown(url);
  checkDatasetUrl(url);
  if (typeof fetchImpl !== 'function') throw new DataError(where, 'cannot be downloaded: this runtime has no fetch');
  const timeoutMs = opts.timeoutMs ?? REMOTE_DEFAULTS.timeoutMs;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => { timedOut = true; controller.abort(); }, timeoutMs);
  const onCancel = () => controller.abort();
  opts.signal?.addEventListener('abort', onCancel);
  const failed = (e: unknown, during: string): Error => {
    if (e instanceof DataError) return e;
    if (timedOut) return new DataError(where, `did not finish within ${timeoutMs / 1000} s (timeout) ${during}`);
    if (opts.signal?.aborted) return new CancelledError('download');
    const detail = (e as Error)?.message ? ` (${(e as Error).message})` : '';
    return new DataError(where, `could not be fetched ${during}: network error, or the server does not allow cross-origin requests${detail}`);
  };
  // Raced against every await, so a fetch or body that ignores the signal cannot outlive the timeout.
  const aborted = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
  });
  aborted.catch(() => {});
  try {
    if (opts.signal?.aborted) throw new CancelledError('download');
    let res: Response;
    try {
      res = await Promise.race([fetchImpl(url, { signal: controller.signal }), aborted]);
    } catch (e) {
      throw failed(e, 'while connecting');
    }
    if (!res.ok) {
      res.body?.cancel().catch(() => {});
      throw new DataError(where, `answered HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`);
    }
    const declared = Number(res.headers.get('content-length'));
    if (declared > opts.maxBytes) {
      res.body?.cancel().catch(() => {});
      throw new DataError(where, `is ${declared} bytes, more than the ${opts.maxBytes} allowed (option maxBytes)`);
    }
    const contentType = res.headers.get('content-type') ?? '';
    try {
      return { bytes: await readCapped(res, opts.maxBytes, where, aborted), contentType };
    } catch (e) {
      throw failed(e, 'while downloading');
    }
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onCancel);
  }
}

async function readCapped(res: Response, maxBytes: number, where: string, aborted: Promise<never>): Promise<Uint8Array> {
  const tooLarge = () => new DataError(where, `is larger than the ${maxBytes} bytes allowed (option maxBytes); stopped downloading`);
  if (!res.body) {
    const whole = new Uint8Array(await Promise.race([res.arrayBuffer(), aborted]));
    if (whole.length > maxBytes) throw tooLarge();
    return whole;
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), aborted]);
      if (done) break;
      total += value.length;
      if (total > maxBytes) throw tooLarge();
      chunks.push(value);
    }
  } catch (e) {
    reader.cancel().catch(() => {});
    throw e;
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.length; }
  return out;
}

/** Last path segment of the URL, decoded, as the dataset's name. */
function fileName(url: URL): string {
  const last = url.pathname.split('/').filter(Boolean).pop() ?? '';
  try {
    return decodeURIComponent(last) || url.hostname;
  } catch {
    return last || url.hostname;
  }
}

function looksLikeHtml(bytes: Uint8Array, contentType: string): boolean {
  if (/text\/html|application\/xhtml/i.test(contentType)) return true;
  const head = new TextDecoder().decode(bytes.subarray(0, 256)).trimStart().toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html');
}

const isZip = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4b && ((b[2] === 3 && b[3] === 4) || (b[2] === 5 && b[3] === 6));
const isPng = (b: Uint8Array) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;

/**
 * Downloads and parses a dataset: kind 'csv' → parseCsvDataset; kind
 * 'images' → a .zip of class folders → readZip → loadImageFolder.
 */
export async function loadDatasetFromUrl(
  url: string, kind: RemoteKind, opts: RemoteOptions, fetchImpl: FetchLike | undefined = globalThis.fetch,
): Promise<Dataset> {
  const parsed = checkDatasetUrl(url);
  const where = shown(url);
  if (kind !== 'csv' && kind !== 'images') throw new DataError(where, `unknown dataset kind ${JSON.stringify(kind)} (expected "csv" or "images")`);
  const maxBytes = opts.maxBytes ?? (kind === 'csv' ? REMOTE_DEFAULTS.csvMaxBytes : REMOTE_DEFAULTS.zipMaxBytes);
  const { bytes, contentType } = await fetchBytes(url, { maxBytes, timeoutMs: opts.timeoutMs, signal: opts.signal }, fetchImpl);
  const name = fileName(parsed);
  if (bytes.length === 0) throw new DataError(where, 'returned an empty file');
  if (looksLikeHtml(bytes, contentType)) {
    throw new DataError(where, `returned a web page (HTML), not ${kind === 'csv' ? 'a CSV file' : 'a .zip of class folders'}; link to the file itself`);
  }
  if (kind === 'csv') {
    if (isZip(bytes)) throw new DataError(where, 'returned a ZIP archive, not a CSV file (a zip of class folders loads as images)');
    if (bytes.subarray(0, 4096).includes(0)) throw new DataError(where, 'returned binary data, not a CSV text file');
    const text = new TextDecoder('utf-8').decode(bytes);
    return parseCsvDataset(text, { maxBytes, ...opts.csv, labelColumn: opts.csv?.labelColumn ?? opts.labelColumn, name, rng: opts.rng });
  }
  if (isPng(bytes)) throw new DataError(where, 'returned a single image; a dataset needs a .zip of class folders (cat/001.png, dog/001.png, …)');
  if (!isZip(bytes)) throw new DataError(where, 'did not return a ZIP archive; images load from a .zip of class folders');
  const entries = await readZip(bytes, {
    name, inflateRaw: opts.inflateRaw, maxEntries: opts.images?.maxFiles, maxTotalBytes: opts.images?.maxTotalBytes,
  });
  return loadImageFolder(entries, { ...opts.images, name, rng: opts.rng });
}
