/**
 * The whole experiment config in the URL, so a link reproduces a run:
 * `#config=<base64url(JSON)>`. A hash, not a query, because it never reaches a
 * server. Decoding treats the link as hostile: size-capped before any work,
 * parsed as JSON only, validated by the engine's parseConfig (unknown fields
 * are errors), and dataset options restricted to short plain values.
 */
import { parseConfig, type ExperimentConfig } from '../engine/config';

export const HASH_KEY = 'config';
/** Longest accepted encoded config. A hand-picked forget set of a few thousand indices fits. */
export const MAX_ENCODED_LENGTH = 200_000;
const MAX_OPTION_STRING = 2048;
const MAX_OPTIONS = 32;

export type Decoded =
  | { kind: 'none' }
  | { kind: 'ok'; config: ExperimentConfig }
  | { kind: 'error'; message: string };

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  // Chunked: String.fromCharCode(...bytes) overflows the stack on long inputs.
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(s: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) throw new Error('contains characters outside base64url');
  if (s.length % 4 === 1) throw new Error('has an impossible base64 length');
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function encodeConfig(config: ExperimentConfig): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify(config)));
}

/** `#config=…` for a config (keeps other hash parameters out: the config is the whole state). */
export function configToHash(config: ExperimentConfig): string {
  return `#${HASH_KEY}=${encodeConfig(config)}`;
}

/**
 * Dataset options come from the link too; the engine reads only known keys,
 * but nothing long, nested or non-http(s) should reach it from a URL.
 */
function checkOptions(options: Record<string, unknown>): void {
  const keys = Object.keys(options);
  if (keys.length > MAX_OPTIONS) throw new Error(`config.dataset.options: has ${keys.length} entries, more than ${MAX_OPTIONS}`);
  for (const k of keys) {
    const v = options[k];
    const where = `config.dataset.options.${k.slice(0, 40)}`;
    if (typeof v === 'string') {
      if (v.length > MAX_OPTION_STRING) throw new Error(`${where}: longer than ${MAX_OPTION_STRING} characters`);
      if (k === 'url' && !/^https?:\/\//i.test(v)) throw new Error(`${where}: only http(s) URLs are allowed`);
    } else if (!(typeof v === 'number' && Number.isFinite(v)) && typeof v !== 'boolean') {
      throw new Error(`${where}: must be a string, finite number or boolean`);
    }
  }
}

/** Decodes the config from a URL hash (with or without the leading '#'). Never throws. */
export function decodeHash(hash: string, knownMethods?: readonly string[]): Decoded {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  if (h.length === 0) return { kind: 'none' };
  let encoded: string | null = null;
  for (const part of h.split('&')) {
    const eq = part.indexOf('=');
    if (eq >= 0 && part.slice(0, eq) === HASH_KEY) encoded = part.slice(eq + 1);
  }
  if (encoded === null) return { kind: 'none' };
  if (encoded.length > MAX_ENCODED_LENGTH) {
    return { kind: 'error', message: `The shared link's config is ${encoded.length} characters long, more than ${MAX_ENCODED_LENGTH}; it was not loaded.` };
  }
  try {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(fromBase64Url(encoded));
    } catch (e) {
      throw new Error(`the link's config is not valid base64url UTF-8 (${(e as Error).message})`, { cause: e });
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw new Error("the link's config is not valid JSON");
    }
    const config = parseConfig(raw, knownMethods);
    checkOptions(config.dataset.options);
    return { kind: 'ok', config };
  } catch (e) {
    return { kind: 'error', message: `The shared link was not loaded: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** A dataset URL in a shared link would make a request the person did not ask for; the app asks first. */
export function externalDatasetUrl(config: ExperimentConfig): string | null {
  const url = config.dataset.options.url;
  return typeof url === 'string' && url.length > 0 ? url : null;
}
