/**
 * Decompression for PNG (zlib) and ZIP (raw deflate) without tying the engine
 * to one runtime: browsers, workers and Node ≥ 18 have DecompressionStream;
 * elsewhere node:zlib is imported lazily, so nothing here touches Node or the
 * DOM when the module loads. Both adapters stop at `maxOutputBytes`, so a
 * small hostile file cannot expand into gigabytes (a "zip bomb").
 */

/** Decompresses `bytes`; rejects with InflateLimitError past `maxOutputBytes`. */
export type Inflate = (bytes: Uint8Array, maxOutputBytes?: number) => Promise<Uint8Array>;

/** 'deflate' is zlib-wrapped (PNG IDAT); 'deflate-raw' has no header (ZIP entries). */
export type DeflateFormat = 'deflate' | 'deflate-raw';

export class InflateLimitError extends Error {
  constructor(readonly maxOutputBytes: number) {
    super(`decompresses to more than ${maxOutputBytes} bytes`);
    this.name = 'InflateLimitError';
  }
}

/** Adapter over the web platform's DecompressionStream (browsers, workers, Node ≥ 18). */
export function inflateWithStream(format: DeflateFormat): Inflate {
  return async (bytes, maxOutputBytes = Infinity) => {
    const stream = new DecompressionStream(format);
    const writer = stream.writable.getWriter();
    // Write errors resurface on the reader; catching here keeps them from going unhandled.
    // The cast: DOM typings want an ArrayBuffer-backed view; a shared buffer is rejected at run time.
    writer.write(bytes as Uint8Array<ArrayBuffer>).catch(() => {});
    writer.close().catch(() => {});
    const reader = stream.readable.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > maxOutputBytes) {
        reader.cancel().catch(() => {});
        throw new InflateLimitError(maxOutputBytes);
      }
      chunks.push(value);
    }
    return concat(chunks, total);
  };
}

/**
 * Adapter over node:zlib, for runtimes without DecompressionStream (or without
 * its format). The browser build stubs node:* imports (vite.config.ts), so
 * this is only ever reached in Node.
 */
export function inflateWithNodeZlib(format: DeflateFormat): Inflate {
  return async (bytes, maxOutputBytes = Infinity) => {
    const zlib = await import('node:zlib');
    const run = format === 'deflate' ? zlib.inflateSync : zlib.inflateRawSync;
    if (typeof run !== 'function') throw new Error('this runtime has neither DecompressionStream nor node:zlib');
    const limit = Number.isFinite(maxOutputBytes) ? { maxOutputLength: Math.max(1, maxOutputBytes) } : {};
    try {
      const out = run(bytes, limit);
      return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
    } catch (e) {
      if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new InflateLimitError(maxOutputBytes);
      throw e;
    }
  };
}

/** Picks DecompressionStream when it exists and knows `format`, else node:zlib. */
export function makeInflate(format: DeflateFormat): Inflate {
  return (bytes, maxOutputBytes) => {
    if (typeof globalThis.DecompressionStream === 'function') {
      let supported = true;
      try {
        new DecompressionStream(format);
      } catch {
        supported = false; // e.g. 'deflate-raw' in older Safari
      }
      if (supported) return inflateWithStream(format)(bytes, maxOutputBytes);
    }
    return inflateWithNodeZlib(format)(bytes, maxOutputBytes);
  };
}

/** zlib-wrapped deflate, as in PNG. */
export const inflate: Inflate = makeInflate('deflate');
/** Raw deflate, as in ZIP entries. */
export const inflateRaw: Inflate = makeInflate('deflate-raw');

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
